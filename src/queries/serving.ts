/**
 * Serving health: latency quantiles, throughput, queues, cache. Pure builders over the query context.
 */
import { Signal, SIGNALS } from './signals/signals';
import { QueryContext } from './context';
import { agg, eq, Expr, gte, histogramQuantile, num, observedQuantile, ratio, re, sumBy } from './promql';
import { aggByRole, ROLE_LABEL } from './role';
import { gauge, rateOf } from './select';
import { gatedQuery, RecordedQuery, recordedCounter, recordedMetric, RECORDING_WINDOW } from './recorded';

/** `sum by (le, ...by) (rate(signal_bucket[w]))`: the bucket rates a quantile or a heatmap reads. */
export function bucketRates(ctx: QueryContext, signal: Signal, by: string[] = []): Expr {
  return sumBy(['le', ...by], rateOf(ctx, signal, [], '_bucket'));
}

/** `histogram_quantile(q, sum by (le, ...by, role) (...))`: one quantile per role, for panels, alerts and records. */
export function quantileByRole(ctx: QueryContext, signal: Signal, q: number, by: string[] = []): Expr {
  return histogramQuantile(q, aggByRole('sum', ['le', ...by], rateOf(ctx, signal, [], '_bucket'), ctx.role));
}

/**
 * A fleet-wide quantile (every selected engine's buckets summed), recorded for recorded mode. The record keeps
 * no label, so the page's filters must all be at All for it to be read.
 */
export function fleetQuantile(signal: Signal, q: number): RecordedQuery {
  return {
    record: `fleet:${recordedMetric(signal)}:p${Math.round(q * 100)}_rate${RECORDING_WINDOW}`,
    keeps: [],
    build: (ctx) => histogramQuantile(q, bucketRates(ctx, signal)),
    help: `p${Math.round(q * 100)} of ${signal.help.toLowerCase()} over every engine`,
  };
}

/** histogram_quantile(q, sum by (le, ...by) (rate(signal_bucket[w]))); fleet-wide ones read their record where recorded. */
export function latencyQuantile(ctx: QueryContext, signal: Signal, q: number, by: string[] = []): Expr {
  if (by.length === 0) {
    return gatedQuery(ctx, fleetQuantile(signal, q));
  }
  return histogramQuantile(q, bucketRates(ctx, signal, by));
}

/**
 * The same quantile, absent rather than NaN when no request was observed in the window (for stat panels); read
 * from the fleet quantile's record where recorded (NaN there fails `>= 0` alike).
 */
export function observedLatencyQuantile(ctx: QueryContext, signal: Signal, q: number): Expr {
  if (!ctx.recorded) {
    return observedQuantile(q, bucketRates(ctx, signal));
  }
  return gatedQuery(ctx, { ...fleetQuantile(signal, q), outer: (e) => gte(e, num(0)) });
}

/** Fleet-wide requests per second in each histogram bucket, recorded for recorded mode (keeps `le`). */
export function fleetDistribution(signal: Signal): RecordedQuery {
  return {
    record: `fleet_le:${recordedMetric(signal)}_bucket:rate${RECORDING_WINDOW}`,
    keeps: ['le'],
    build: (ctx) => bucketRates(ctx, signal),
    help: `Requests per second in each bucket of ${signal.help.toLowerCase()} over every engine`,
  };
}

/** Requests per second in each histogram bucket, `sum by (le) (rate(signal_bucket[w]))`, for heatmaps. */
export function latencyDistribution(ctx: QueryContext, signal: Signal): Expr {
  return gatedQuery(ctx, fleetDistribution(signal));
}

/** The same quantile per role. */
export function latencyQuantileByRole(ctx: QueryContext, signal: Signal, q: number): Expr {
  return quantileByRole(ctx, signal, q);
}

/** Mean of a histogram over the window: rate(sum) / rate(count). */
export function histogramMean(ctx: QueryContext, signal: Signal, by: string[] = []): Expr {
  return ratio(sumBy(by, rateOf(ctx, signal, [], '_sum')), sumBy(by, rateOf(ctx, signal, [], '_count')));
}

/** Per-second rate of a counter, summed by the given labels. */
export function perSecond(ctx: QueryContext, signal: Signal, by: string[] = []): Expr {
  return sumBy(by, rateOf(ctx, signal));
}

/** Per-second rate of a counter per role. */
export function perSecondByRole(ctx: QueryContext, signal: Signal, by: string[] = []): Expr {
  return aggByRole('sum', [ROLE_LABEL, ...by], rateOf(ctx, signal), ctx.role);
}

/** Prompt tokens computed locally (not cache hits, not transferred), per second. */
export function computedPromptTokensPerSecond(ctx: QueryContext, by: string[] = []): Expr {
  return sumBy(by, rateOf(ctx, SIGNALS.promptTokensBySource, [eq('source', 'local_compute')]));
}

/** Finished requests per second. */
export function requestsPerSecond(ctx: QueryContext, by: string[] = []): Expr {
  return by.length === 0 ? gatedQuery(ctx, FLEET_REQUESTS) : perSecond(ctx, SIGNALS.requestSuccess, by);
}

/** Finished requests per second over every engine (Overview), recorded for recorded mode. */
export const FLEET_REQUESTS: RecordedQuery = {
  record: `fleet:vllm_request_success:rate${RECORDING_WINDOW}`,
  keeps: [],
  build: (ctx) => sumBy([], rateOf(ctx, SIGNALS.requestSuccess)),
  help: 'Finished requests per second over every engine (Overview: requests/s)',
};

function errorRatioExpr(ctx: QueryContext, by: string[]): Expr {
  const failed = sumBy(by, rateOf(ctx, SIGNALS.requestSuccess, [re('finished_reason', 'abort|error')]));
  const all = sumBy(by, rateOf(ctx, SIGNALS.requestSuccess));
  return ratio(failed, all);
}

/** The fleet-wide error ratio (Overview), recorded for recorded mode: it keeps no label. */
export const FLEET_ERROR_RATIO: RecordedQuery = {
  record: `fleet:${recordedCounter(SIGNALS.requestSuccess)}:error_ratio_rate${RECORDING_WINDOW}`,
  keeps: [],
  build: (ctx) => errorRatioExpr(ctx, []),
  help: 'Share of finished requests that were aborted or failed, over every engine (Overview: error ratio)',
};

/** Share of finished requests that were aborted or failed; the fleet-wide one reads its record where recorded. */
export function errorRatio(ctx: QueryContext, by: string[] = []): Expr {
  return by.length === 0 ? gatedQuery(ctx, FLEET_ERROR_RATIO) : errorRatioExpr(ctx, by);
}

/** A gauge aggregated by the given labels (max shows the worst engine). */
export function gaugeBy(ctx: QueryContext, signal: Signal, op: 'max' | 'avg' | 'sum' | 'min', by: string[] = []): Expr {
  return agg(op, by, gauge(ctx, signal));
}

/** A gauge per role. */
export function gaugeByRole(ctx: QueryContext, signal: Signal, op: 'max' | 'avg' | 'sum' | 'min'): Expr {
  return aggByRole(op, [ROLE_LABEL], gauge(ctx, signal), ctx.role);
}

/** Local prefix cache hit rate: hits / queries over the window. */
export function prefixCacheHitRate(ctx: QueryContext, by: string[] = []): Expr {
  return ratio(sumBy(by, rateOf(ctx, SIGNALS.prefixCacheHits)), sumBy(by, rateOf(ctx, SIGNALS.prefixCacheQueries)));
}

export type { Expr };
