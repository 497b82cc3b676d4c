/**
 * Batch composition from the proposed batch-execution counters: engine steps that ran prefill work only,
 * decode work only, or both (interleaved). On a decode pod interleaved steps mean prefill work is stalling
 * token generation.
 */
import { Signal, SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { anyOf, Expr, labelReplace, ratio, ratioGroupLeft, sumBy } from '../promql';
import { ROLE_LABEL } from '../role';
import { rateOf } from '../select';
import { onRole, ratioByRole, sumByRole } from './scope';

export type BatchKind = 'prefill' | 'decode' | 'interleaved';

export const BATCH_LABEL = 'batch';

const BATCH_SIGNALS: Array<[BatchKind, Signal]> = [
  ['prefill', SIGNALS.batchPrefill],
  ['decode', SIGNALS.batchDecode],
  ['interleaved', SIGNALS.batchInterleaved],
];

/** Batch executions per second of every kind, each labelled `batch=<kind>` (the labels make `or` a union). */
function batchExecutions(ctx: QueryContext): Expr {
  return anyOf(BATCH_SIGNALS.map(([kind, signal]) => labelReplace(rateOf(ctx, signal), BATCH_LABEL, kind, '', '')));
}

/** Share of each batch kind among a role's engine steps; the shares of a role add up to 1. */
export function batchSharesByRole(ctx: QueryContext): Expr {
  const all = batchExecutions(ctx);
  return ratioGroupLeft(sumByRole(ctx, all, [BATCH_LABEL]), sumByRole(ctx, all), [ROLE_LABEL]);
}

/**
 * The interleaved share decode shows when P/D works: a decode step that admits a transferred request computes
 * its last prompt token (see promptTokens.ts), so it counts as interleaved. With one admission per such step
 * the expected share is finished decode requests per second over decode steps per second.
 */
export function decodeInterleavedBaseline(ctx: QueryContext): Expr {
  const decode = onRole(ctx, 'decode');
  return ratio(sumBy([], rateOf(decode, SIGNALS.requestSuccess)), sumBy([], batchExecutions(decode)));
}

/** Share of a role's engine steps that mixed prefill and decode work. */
export function interleavedShareByRole(ctx: QueryContext): Expr {
  return ratioByRole(ctx, rateOf(ctx, SIGNALS.batchInterleaved), batchExecutions(ctx));
}
