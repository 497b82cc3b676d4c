/**
 * Batch composition from the proposed batch-execution counters: engine steps that ran prefill work only,
 * decode work only, or both (interleaved). On a decode pod interleaved steps mean prefill work is stalling
 * token generation.
 */
import { Signal, SIGNALS } from '../../catalog/signals';
import { QueryContext } from '../context';
import { anyOf, Expr, labelReplace, print, ratioGroupLeft } from '../promql';
import { ROLE_LABEL } from '../role';
import { rateOf } from '../select';
import { ratioByRole, sumByRole } from './scope';

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
export function batchSharesByRole(ctx: QueryContext): string {
  const all = batchExecutions(ctx);
  return print(ratioGroupLeft(sumByRole(ctx, all, [BATCH_LABEL]), sumByRole(ctx, all), [ROLE_LABEL]));
}

/** Share of a role's engine steps that mixed prefill and decode work. */
export function interleavedShareByRole(ctx: QueryContext): string {
  return print(ratioByRole(ctx, rateOf(ctx, SIGNALS.batchInterleaved), batchExecutions(ctx)));
}
