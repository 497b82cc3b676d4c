/**
 * Selecting signals: every candidate metric name of a signal, with the context's matchers, joined by `or`.
 */
import { Signal } from './signals/signals';
import { anyOf, Expr, Matcher, rate, selector } from './promql';
import { QueryContext } from './context';

/** Which exposed series of a histogram to read. */
export type HistogramPart = '_bucket' | '_sum' | '_count';

function names(signal: Signal, part: HistogramPart | '' = ''): string[] {
  if ((signal.type === 'histogram' || signal.type === 'summary') && part === '') {
    throw new Error(`${signal.id} is a ${signal.type}: name the series (_bucket, _sum or _count)`);
  }
  return signal.names.map((n) => n.name + part);
}

/** The signal's instant vector (gauges) under the context's vLLM filters. */
export function gauge(ctx: QueryContext, signal: Signal, extra: Matcher[] = []): Expr {
  return anyOf(names(signal).map((n) => selector(n, [...ctx.vllm, ...extra])));
}

/** rate() of a counter, or of one part of a histogram, under the context's vLLM filters. */
export function rateOf(ctx: QueryContext, signal: Signal, extra: Matcher[] = [], part: HistogramPart | '' = ''): Expr {
  return anyOf(names(signal, part).map((n) => rate(selector(n, [...ctx.vllm, ...extra], ctx.window))));
}

/** The signal's range vector over the context's window, for *_over_time(). */
export function rangeOf(ctx: QueryContext, signal: Signal, extra: Matcher[] = []): Expr[] {
  return names(signal).map((n) => selector(n, [...ctx.vllm, ...extra], ctx.window));
}

