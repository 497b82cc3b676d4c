/**
 * Dual-batch overlap: whether the second micro-batch runs. A step either runs two micro-batches (observed in
 * the ubatch histogram with ubatch_index="second") or falls out of DBO with a reason, so the engaged share
 * is second / (second + fallouts), from windowed rates.
 */
import { SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { add, agg, eq, Expr, histogramQuantile, ratio, sumBy } from '../promql';
import { gauge, rateOf } from '../select';
import { gatedQuery, RecordedQuery, RECORDING_WINDOW } from '../recorded';

const MODEL = ['model_name'];

/** Share of engines with DBO engaged, per model and phase (prefill/decode). */
export function dboActiveByPhase(ctx: QueryContext): Expr {
  return agg('avg', [...MODEL, 'phase'], gauge(ctx, SIGNALS.dboActive));
}

const secondUbatches = (ctx: QueryContext): Expr =>
  sumBy(MODEL, rateOf(ctx, SIGNALS.ubatchTokens, [eq('ubatch_index', 'second')], '_count'));
const fallouts = (ctx: QueryContext): Expr => sumBy(MODEL, rateOf(ctx, SIGNALS.dboFallout));

export const DBO_ENGAGED_SHARE: RecordedQuery = {
  record: `model:vllm_dbo_engaged_steps:share_rate${RECORDING_WINDOW}`,
  keeps: MODEL,
  build: (ctx) => ratio(secondUbatches(ctx), add(secondUbatches(ctx), fallouts(ctx))),
  help: 'Share of engine steps that ran two micro-batches, per model (Wide EP page: DBO engaged)',
};

/** Share of engine steps that ran two micro-batches, per model. */
export function dboEngagedShare(ctx: QueryContext): Expr {
  return gatedQuery(ctx, DBO_ENGAGED_SHARE);
}

export const DBO_FALLOUT_BY_REASON: RecordedQuery = {
  record: `model_reason:vllm_dbo_fallout:rate${RECORDING_WINDOW}`,
  keeps: [...MODEL, 'reason'],
  build: (ctx) => sumBy([...MODEL, 'reason'], rateOf(ctx, SIGNALS.dboFallout)),
  help: 'Engine steps per second that fell out of dual-batch overlap, per model and reason (Wide EP page: DBO fallout)',
};

/** Steps per second that fell out of DBO, per model and reason. */
export function dboFalloutByReason(ctx: QueryContext): Expr {
  return gatedQuery(ctx, DBO_FALLOUT_BY_REASON);
}

/** Quantile of tokens per micro-batch, first versus second, per model: recorded for recorded mode. */
export function ubatchTokensQuantileRecorded(q: number): RecordedQuery {
  const keeps = [...MODEL, 'ubatch_index'];
  return {
    record: `model_ubatch:vllm_ubatch_token_count:p${Math.round(q * 100)}_rate${RECORDING_WINDOW}`,
    keeps,
    build: (ctx) => histogramQuantile(q, sumBy(['le', ...keeps], rateOf(ctx, SIGNALS.ubatchTokens, [], '_bucket'))),
    help: `p${Math.round(q * 100)} of tokens per micro-batch, first versus second, per model (Wide EP page: DBO micro-batches)`,
  };
}

/** The quantiles the Wide EP page draws. */
export const UBATCH_QUANTILES = [0.5, 0.95].map(ubatchTokensQuantileRecorded);

/** Quantile of tokens per micro-batch, first versus second, per model. */
export function ubatchTokensQuantile(ctx: QueryContext, q: number): Expr {
  return gatedQuery(ctx, ubatchTokensQuantileRecorded(q));
}
