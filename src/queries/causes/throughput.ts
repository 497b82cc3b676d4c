/**
 * Whether throughput fell at all: the fleet's output tokens per second over the explained window and over the
 * baseline window, the same windows the scores compare. Two instant queries, so the app can show both rates
 * and the change between them.
 */
import { SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { agg, Expr } from '../promql';
import { CauseWindow, DASHBOARD_WINDOW, rateIn } from './window';

/** `sum(rate(generated tokens[range]))`, or of the baseline window (`offset`). */
export function outputTokensPerSecond(
  ctx: QueryContext,
  baseline: boolean,
  window: CauseWindow = DASHBOARD_WINDOW
): Expr {
  return agg('sum', [], rateIn({ ctx, window }, SIGNALS.generationTokens, [], '', baseline));
}
