/**
 * EPLB balancedness (mean / max tokens per EP rank, per MoE layer; 1.0 is perfect) and the tokens per rank
 * behind it. Every engine of a group reports the same per-layer value, so the group's value of a layer is
 * the minimum over its engines (which also shows a lagging engine after a restart).
 */
import { SIGNALS } from '../../catalog/signals';
import { QueryContext } from '../context';
import { agg, anyOf, Expr, print, ratio, sub, topk } from '../promql';
import { gauge } from '../select';
import { byGroup, GROUP, onLayer } from './scope';

/** Balancedness per group and layer, under the `$layer` variable. */
function perLayer(ctx: QueryContext, layers = true): Expr {
  return byGroup(ctx, 'min', gauge(ctx, SIGNALS.eplbBalancedness, layers ? [onLayer()] : []), ['layer']);
}

/** Balancedness of each selected layer, per group. */
export function balancednessPerLayer(ctx: QueryContext): string {
  return print(perLayer(ctx));
}

/** The worst layer's balancedness per group; deployments exporting only the minimum are followed too. */
export function balancednessMin(ctx: QueryContext): string {
  return print(
    anyOf([agg('min', GROUP, perLayer(ctx, false)), byGroup(ctx, 'min', gauge(ctx, SIGNALS.eplbBalancednessMin))])
  );
}

/** Mean balancedness over layers, per group. */
export function balancednessMean(ctx: QueryContext): string {
  return print(agg('avg', GROUP, perLayer(ctx, false)));
}

/** Per-layer balancedness of the worst group, one series per layer: the heatmap's rows. */
export function balancednessHeatmap(ctx: QueryContext): string {
  return print(agg('min', ['layer'], gauge(ctx, SIGNALS.eplbBalancedness, [onLayer()])));
}

/** Max and mean tokens per EP rank of each selected layer, per group. */
export function maxTokensPerLayer(ctx: QueryContext): string {
  return print(byGroup(ctx, 'max', gauge(ctx, SIGNALS.eplbMaxTokens, [onLayer()]), ['layer']));
}

export function avgTokensPerLayer(ctx: QueryContext): string {
  return print(byGroup(ctx, 'max', gauge(ctx, SIGNALS.eplbAvgTokens, [onLayer()]), ['layer']));
}

const maxTokens = (ctx: QueryContext) => byGroup(ctx, 'max', gauge(ctx, SIGNALS.eplbMaxTokens, [onLayer()]), ['layer']);
const avgTokens = (ctx: QueryContext) => byGroup(ctx, 'max', gauge(ctx, SIGNALS.eplbAvgTokens, [onLayer()]), ['layer']);

/** Tokens the busiest rank carries above the mean, for the `k` worst selected layers of each group. */
export function excessTokens(ctx: QueryContext, k = 5): string {
  return print(topk(k, GROUP, sub(maxTokens(ctx), avgTokens(ctx))));
}

/** max / avg tokens per rank (the reciprocal of balancedness), for the `k` worst selected layers of each group. */
export function maxOverAvgTokens(ctx: QueryContext, k = 5): string {
  return print(topk(k, GROUP, ratio(maxTokens(ctx), avgTokens(ctx))));
}
