/**
 * The explainer's window: the stretch being explained and the baseline it is compared with. Dashboards use
 * `$__range` for both (this range against the one before it); tests pass short windows. Every piece of evidence
 * is read through these helpers so the same builder serves the table, the app scene and the tests.
 */
import * as pb from '@grafana/promql-builder';
import { Signal } from '../signals/signals';
import { QueryContext } from '../context';
import { agg, anyOf, Expr, labelReplace, Matcher, rate, selector } from '../promql';

export interface CauseWindow {
  /** The window being explained (ends now). */
  range: string;
  /** How far back the baseline window ends: usually the range itself, so the two windows touch. */
  baseline: string;
  /** How long a rebalance must last to count as stuck (rebalances normally take seconds). */
  stuck: string;
}

/** The included dashboards: the dashboard's time range against the range before it. */
export const DASHBOARD_WINDOW: CauseWindow = { range: '$__range', baseline: '$__range', stuck: '1m' };

/** A context plus the window: what every cause's builder takes. */
export interface CauseContext {
  ctx: QueryContext;
  window: CauseWindow;
}

function names(signal: Signal, part: string): string[] {
  return signal.names.map((n) => n.name + part);
}

function windowed(
  c: CauseContext,
  name: string,
  extra: Matcher[],
  offset: boolean,
  matchers: Matcher[]
): pb.VectorExprBuilder {
  const v = selector(name, [...matchers, ...extra], c.window.range);
  return offset ? v.offset(c.window.baseline) : v;
}

/** rate() over the window (or the baseline window) of every candidate name, under the context's vLLM filters. */
export function rateIn(c: CauseContext, signal: Signal, extra: Matcher[] = [], part = '', baseline = false): Expr {
  return anyOf(names(signal, part).map((n) => rate(windowed(c, n, extra, baseline, c.ctx.vllm))));
}

/** `fn_over_time(gauge[range])` of every candidate name under the context's vLLM filters. */
export function overWindow(
  c: CauseContext,
  fn: (e: Expr) => Expr,
  signal: Signal,
  extra: Matcher[] = [],
  baseline = false
): Expr {
  return anyOf(names(signal, '').map((n) => fn(windowed(c, n, extra, baseline, c.ctx.vllm))));
}

/** Like overWindow for series that carry no vLLM labels (DCGM): no filters apply. */
export function overWindowUnfiltered(c: CauseContext, fn: (e: Expr) => Expr, signal: Signal, baseline = false): Expr {
  return anyOf(names(signal, '').map((n) => fn(windowed(c, n, [], baseline, []))));
}

/** `clamp((e - from) / (to - from), 0, 1)`: 0 at `from`, 1 at `to` (either direction). */
export function scale(e: Expr, from: number, to: number): Expr {
  return pb.clamp(pb.div(pb.sub(e, pb.n(from)), pb.n(Number((to - from).toFixed(6)))), 0, 1);
}

/**
 * The largest of several evidence scores, each reduced to one series first. Each part is tagged before the `or`
 * (label-less series would otherwise shadow each other), then the tag is dropped by the outer max.
 */
export function strongest(parts: Expr[]): Expr {
  if (parts.length === 1) {
    return agg('max', [], parts[0]);
  }
  return agg('max', [], anyOf(parts.map((p, i) => labelReplace(agg('max', [], p), 'part', String(i), '', ''))));
}
