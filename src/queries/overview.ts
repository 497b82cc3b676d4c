/**
 * The fleet at a glance: SLO lines, unreachable targets, speculative decoding, and the per-model summary.
 */
import { Signal, SIGNALS } from './signals/signals';
import { QueryContext } from './context';
import { agg, equals, Expr, histogramQuantile, num, numberVariable, or, ratio, scalarVector, selector, sumBy, vectorOf, whileDataExists } from './promql';
import { gauge, rateOf } from './select';

/**
 * A flat line at an SLO variable's value, `vector($slo_x)`, while the selected engines have the latency histogram
 * it is the target of.
 */
export function sloLine(variable: string, ctx: QueryContext, signal: Signal): Expr {
  return whileDataExists(vectorOf(numberVariable(variable)), rateOf(ctx, signal, [], '_count'));
}

/** Scrape targets Prometheus cannot reach right now, 0 when all are up: `count(up == 0) or vector(0)`. */
export function unreachableTargets(): Expr {
  return or(agg('count', [], equals(selector('up'), num(0))), scalarVector(0));
}

/** Share of draft tokens the target model accepted, over the window. */
export function specAcceptanceRate(ctx: QueryContext, by: string[] = []): Expr {
  return ratio(sumBy(by, rateOf(ctx, SIGNALS.specAcceptedTokens)), sumBy(by, rateOf(ctx, SIGNALS.specDraftTokens)));
}

/** Engines reporting, per model. */
export function enginesPerModel(ctx: QueryContext): Expr {
  return agg('count', ['model_name'], gauge(ctx, SIGNALS.requestsRunning));
}

/** A quantile of time to first token per model. */
export function ttftQuantilePerModel(ctx: QueryContext, q: number): Expr {
  return histogramQuantile(q, sumBy(['le', 'model_name'], rateOf(ctx, SIGNALS.ttft, [], '_bucket')));
}

