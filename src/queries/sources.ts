/**
 * One expression per source of a quantity (src/queries/signals/quantities.ts), joined in the quantity's order of
 * preference. Every source's expression yields the same labels, so `or` keeps, for each EP group or pod, the
 * most preferred source that has series there.
 */
import { Quantity } from './signals/quantities';
import { QueryContext } from './context';
import { anyOf, Expr } from './promql';

export type SourceBuilders = Record<string, (ctx: QueryContext) => Expr>;

/** The sources of `quantity` that have a builder here, in order of preference, joined with `or`. */
export function preferred(ctx: QueryContext, quantity: Quantity, builders: SourceBuilders): Expr {
  const exprs = quantity.sources.filter((s) => builders[s.id]).map((s) => builders[s.id](ctx));
  if (exprs.length === 0) {
    throw new Error(`no builder for any source of ${quantity.id}`);
  }
  return anyOf(exprs);
}
