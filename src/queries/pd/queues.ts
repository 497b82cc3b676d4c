/**
 * Queues per role. Waiting requests are split by reason: `capacity` (no room in the batch or KV cache) and
 * `deferred` (held back, which includes decode requests waiting for their KV to arrive).
 */
import { SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { Expr } from '../promql';
import { gauge } from '../select';
import { sumByRole } from './scope';

export const REASON_LABEL = 'reason';

export function waitingByReasonByRole(ctx: QueryContext): Expr {
  return sumByRole(ctx, gauge(ctx, SIGNALS.requestsWaitingByReason), [REASON_LABEL]);
}
