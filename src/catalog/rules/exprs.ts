/**
 * Building blocks the rule templates share: the labels an alert is raised per, thresholds, and joins.
 * Everything is an expression of the PromQL builders; rules print it once.
 */
import * as pb from '@grafana/promql-builder';
import { QueryContext } from '../../queries/context';
import { Expr, gt, labelReplace, lt, num } from '../../queries/promql';
import { aggByRole, ROLE_LABEL } from '../../queries/role';

/** Every vLLM alert is raised per deployment: the namespace and the served model. */
export const MODEL_KEY = ['namespace', 'model_name'];
export const ROLE_KEY = [...MODEL_KEY, ROLE_LABEL];
export const POD_KEY = [...MODEL_KEY, 'pod'];
export const ENGINE_KEY = [...POD_KEY, 'engine'];
/** A GPU after DCGM label normalisation, with the pod using it. */
export const GPU_ALERT_KEY = ['namespace', 'pod', 'host', 'gpu'];

export const above = (e: Expr, threshold: number): Expr => gt(e, num(threshold));
export const below = (e: Expr, threshold: number): Expr => lt(e, num(threshold));

/** `a and on(labels) b`: keep a where b (a guard such as a traffic floor) holds for the same labels. */
export function andOn(a: Expr, b: Expr, on: string[]): Expr {
  return pb.and(a, b).on(on);
}

/** `op by (role, ...by) (e with the role label projected)`. */
export function byRole(ctx: QueryContext, op: 'sum' | 'max' | 'min' | 'avg', by: string[], e: Expr): Expr {
  return aggByRole(op, by, e, ctx.role);
}

/** The same context with another window, for conditions that must hold over a longer stretch. */
export function withWindow(ctx: QueryContext, window: string): QueryContext {
  return { ...ctx, window };
}

/** Adds a constant label to every series of e (label_replace from a label every series lacks). */
export function tag(e: Expr, label: string, value: string): Expr {
  return labelReplace(e, label, value, '__name__', '.*');
}
