/**
 * Role scoping shared by the P/D builders: narrowing a context to one role's pods, and summing by the
 * projected `role` label. Both follow the configured role mapping, so they work whatever label, job or pod
 * name carries the role.
 */
import { QueryContext } from '../context';
import { Expr, ratio, re } from '../promql';
import { aggByRole, ROLE_LABEL } from '../role';

export type Role = 'prefill' | 'decode';

/** The context narrowed to the pods the role mapping assigns to one role. */
export function onRole(ctx: QueryContext, role: Role): QueryContext {
  return { ...ctx, vllm: [...ctx.vllm, re(ctx.role.label, ctx.role[role])] };
}

/** `sum by (role, ...by) (e with a role label)`. */
export function sumByRole(ctx: QueryContext, e: Expr, by: string[] = []): Expr {
  return aggByRole('sum', [ROLE_LABEL, ...by], e, ctx.role);
}

/** Per-role ratio of two windowed rates, absent where the denominator is zero. */
export function ratioByRole(ctx: QueryContext, numerator: Expr, denominator: Expr): Expr {
  return ratio(sumByRole(ctx, numerator), sumByRole(ctx, denominator));
}
