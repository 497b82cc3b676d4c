/**
 * Scoping shared by the Wide EP builders. An EP group is one role of one model (each role is its own
 * expert-parallel group), so group-level statistics are taken by model and projected role; the `$layer`
 * variable narrows per-layer series.
 */
import { Signal } from '../signals/signals';
import { QueryContext } from '../context';
import { agg, anyOf, Expr, Matcher, re, selector } from '../promql';
import { ROLE_LABEL, withRole } from '../role';
import { ref, VAR_LAYER } from '../variables';

/** One EP group: a model's prefill or decode engines. */
export const GROUP = ['model_name', ROLE_LABEL];

/** The `$layer` variable as a matcher (All is `.*`). */
export const onLayer = (): Matcher => re('layer', ref(VAR_LAYER));

/**
 * `op by (model_name, role, ...by) (e with a role label)`. For min, max and sum the series are first reduced
 * by the label that carries the role, so the role projection (label_replace) runs over a few series per
 * group rather than over every engine × layer series.
 */
export function byGroup(ctx: QueryContext, op: 'min' | 'max' | 'sum', e: Expr, by: string[] = []): Expr {
  const keep = [...new Set(['model_name', ctx.role.label, ...by])];
  return agg(op, [...GROUP, ...by], withRole(agg(op, keep, e), ctx.role));
}

/** A counter's (or histogram part's) series over an explicit range, every candidate name, for increase()/changes(). */
export function rangeFn(
  ctx: QueryContext,
  signal: Signal,
  fn: (e: Expr) => Expr,
  range: string,
  suffix = '',
  extra: Matcher[] = []
): Expr {
  return anyOf(signal.names.map((n) => fn(selector(n.name + suffix, [...ctx.vllm, ...extra], range))));
}
