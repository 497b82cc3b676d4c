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
import { gatedQuery, RecordedQuery, RECORDING_WINDOW } from '../recorded';
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

export const BATCH_SHARES_RECORDED: RecordedQuery = {
  record: `role_batch:vllm_batch_executions:share_rate${RECORDING_WINDOW}`,
  keeps: [ROLE_LABEL, BATCH_LABEL],
  build: (ctx) => {
    const all = batchExecutions(ctx);
    return ratioGroupLeft(sumByRole(ctx, all, [BATCH_LABEL]), sumByRole(ctx, all), [ROLE_LABEL]);
  },
  help: "Share of each batch kind (prefill, decode, interleaved) among a role's engine steps (P/D page: batch composition)",
};

/** Share of each batch kind among a role's engine steps; the shares of a role add up to 1. */
export function batchSharesByRole(ctx: QueryContext): Expr {
  return gatedQuery(ctx, BATCH_SHARES_RECORDED);
}

/**
 * The interleaved share decode shows when P/D works: a decode step that admits a transferred request computes
 * its last prompt token (see promptTokens.ts), so it counts as interleaved. With one admission per such step
 * the expected share is finished decode requests per second over decode steps per second.
 */
export const DECODE_INTERLEAVED_BASELINE_RECORDED: RecordedQuery = {
  record: `fleet:vllm_batch_executions_interleaved:decode_expected_share_rate${RECORDING_WINDOW}`,
  keeps: [],
  build: (ctx) => {
    const decode = onRole(ctx, 'decode');
    return ratio(sumBy([], rateOf(decode, SIGNALS.requestSuccess)), sumBy([], batchExecutions(decode)));
  },
  help: 'Interleaved share decode shows when P/D works: finished decode requests over decode engine steps (P/D page)',
};

export function decodeInterleavedBaseline(ctx: QueryContext): Expr {
  return gatedQuery(ctx, DECODE_INTERLEAVED_BASELINE_RECORDED);
}

export const INTERLEAVED_SHARE_RECORDED: RecordedQuery = {
  record: `role:vllm_batch_executions_interleaved:share_rate${RECORDING_WINDOW}`,
  keeps: [ROLE_LABEL],
  build: (ctx) => ratioByRole(ctx, rateOf(ctx, SIGNALS.batchInterleaved), batchExecutions(ctx)),
  help: "Share of a role's engine steps that mixed prefill and decode work (P/D page: interleaved batches)",
};

/** Share of a role's engine steps that mixed prefill and decode work. */
export function interleavedShareByRole(ctx: QueryContext): Expr {
  return gatedQuery(ctx, INTERLEAVED_SHARE_RECORDED);
}

/** The batch composition records, as the P/D page draws them. */
export const BATCH_RECORDED = [BATCH_SHARES_RECORDED, INTERLEAVED_SHARE_RECORDED, DECODE_INTERLEAVED_BASELINE_RECORDED];
