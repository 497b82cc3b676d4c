/**
 * EPLB balancedness (mean / max tokens per EP rank; 1.0 is perfect) and the tokens per rank behind it, from
 * whichever source a fleet has (src/queries/signals/quantities.ts):
 * - SGLang's Summary `sglang:eplb_balancedness`: one observation per forward pass, averaged over the layers, so
 *   the window's mean is rate(_sum) / rate(_count), per forward_mode; the role comes from `engine_type`. It is
 *   a mean over layers: it feeds the mean, never the worst layer;
 * - the proposed per-layer gauge `vllm:eplb_balancedness_ratio`: every engine of a group reports the same
 *   value, so the group's value of a layer is the minimum over its engines (which also shows a lagging
 *   engine after a restart);
 * - the closed proposal's `vllm:eplb_balancedness_min`, which is already the worst layer.
 */
import { QUANTITIES } from '../signals/quantities';
import { SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { agg, div, Expr, histogramQuantile, num, ratio, sub, sumBy, topk } from '../promql';
import { ENGINE_TYPE_LABEL, withEngineTypeRole } from '../role';
import { gauge, rateOf } from '../select';
import { preferred, SourceBuilders } from '../sources';
import { gatedQuery, RecordedQuery, RECORDING_WINDOW } from '../recorded';
import { byGroup, GROUP, onLayer } from './scope';

export const FORWARD_MODE = 'forward_mode';

/** Proposed gauge: balancedness per group and layer, under the `$layer` variable. */
function perLayer(ctx: QueryContext, layers = true): Expr {
  return byGroup(ctx, 'min', gauge(ctx, SIGNALS.eplbBalancedness, layers ? [onLayer()] : []), ['layer']);
}

/** SGLang: mean balancedness over the window per group and forward mode (rate of _sum over rate of _count). */
function sglangByMode(ctx: QueryContext): Expr {
  const by = [...new Set(['model_name', ENGINE_TYPE_LABEL, ctx.role.label, FORWARD_MODE])];
  const part = (p: '_sum' | '_count') => sumBy(by, rateOf(ctx, SIGNALS.sglangEplbBalancedness, [], p));
  return agg('min', [...GROUP, FORWARD_MODE], withEngineTypeRole(ratio(part('_sum'), part('_count')), ctx.role));
}

/**
 * vLLM #43715: the rank-load histogram (load / mean per layer and rank) by group. Its mean is 1 by
 * construction, so the worst layer's mean / max is 1 / the largest rank load of any layer: read as the
 * q-quantile (checked against the simulator's vllm-eplb-prs profile: 0.667 read, 0.665 in /truth).
 */
function rankLoadBalancedness(ctx: QueryContext, q: number): Expr {
  const buckets = byGroup(ctx, 'sum', rateOf(ctx, SIGNALS.eplbRankLoad, [], '_bucket'), ['le']);
  return div(num(1), histogramQuantile(q, buckets));
}

/** The quantile of rank load read as the busiest rank: high enough to be the worst, below the max bucket's noise. */
export const RANK_LOAD_QUANTILE = 0.99;

/** The worst balancedness of each EP group, from every source that has it (SGLang's is a mean over layers). */
export const BALANCEDNESS_WORST: SourceBuilders = {
  'pr-43715-rank-load': (ctx) => rankLoadBalancedness(ctx, RANK_LOAD_QUANTILE),
  'proposed-ratio': (ctx) => agg('min', GROUP, perLayer(ctx, false)),
  'closed-34066-min': (ctx) => byGroup(ctx, 'min', gauge(ctx, SIGNALS.eplbBalancednessMin)),
};

/**
 * The mean balancedness of each EP group over layers: SGLang's (per forward mode) or the proposed gauge's. vLLM
 * #43715's histogram cannot give it: without a layer label, each layer's busiest rank is lost in the distribution.
 */
export const BALANCEDNESS_MEAN: SourceBuilders = {
  'sglang-summary': (ctx) => agg('avg', GROUP, sglangByMode(ctx)),
  'proposed-ratio': (ctx) => agg('avg', GROUP, perLayer(ctx, false)),
};

export const BALANCEDNESS_PER_LAYER: RecordedQuery = {
  record: 'model_role_layer:vllm_eplb_balancedness_ratio:min',
  keeps: [...GROUP, 'layer'],
  build: (ctx, scoped) => perLayer(ctx, scoped),
  scope: [onLayer()],
  help: 'EPLB balancedness per layer and EP group (Wide EP page: balancedness per layer)',
};

/** Worst and mean over layers read rates where a source is a histogram or summary: the names carry the window. */
export const BALANCEDNESS_WORST_RECORDED: RecordedQuery = {
  record: `model_role:eplb_balancedness:worst_rate${RECORDING_WINDOW}`,
  keeps: GROUP,
  build: (ctx) => preferred(ctx, QUANTITIES.balancedness, BALANCEDNESS_WORST),
  help: 'Worst EPLB balancedness over layers per EP group, from the preferred source (Wide EP page)',
};

export const BALANCEDNESS_MEAN_RECORDED: RecordedQuery = {
  record: `model_role:eplb_balancedness:mean_rate${RECORDING_WINDOW}`,
  keeps: GROUP,
  build: (ctx) => preferred(ctx, QUANTITIES.balancedness, BALANCEDNESS_MEAN),
  help: 'Mean EPLB balancedness over layers per EP group, from the preferred source (Wide EP page)',
};

/** Balancedness of each selected layer, per group (only the proposed gauge has layers). */
export function balancednessPerLayer(ctx: QueryContext): Expr {
  return gatedQuery(ctx, BALANCEDNESS_PER_LAYER);
}

/** The worst layer's balancedness per group, from the most preferred source that has it. */
export function balancednessMin(ctx: QueryContext): Expr {
  return gatedQuery(ctx, BALANCEDNESS_WORST_RECORDED);
}

/** Mean balancedness per group, from the most preferred source. */
export function balancednessMean(ctx: QueryContext): Expr {
  return gatedQuery(ctx, BALANCEDNESS_MEAN_RECORDED);
}

/** SGLang's balancedness per group and forward mode (extend = prefill passes, decode = decode passes). */
export function balancednessByForwardMode(ctx: QueryContext): Expr {
  return sglangByMode(ctx);
}

/**
 * Per-layer balancedness of the worst group, one series per layer: the heatmap's rows. Every layer, whatever
 * the layer control holds (it starts at one layer): a row per layer is bounded (61 for DeepSeek) and is where
 * a user finds the layer to pick.
 */
export function balancednessHeatmap(ctx: QueryContext): Expr {
  return gatedQuery(ctx, BALANCEDNESS_HEATMAP);
}

/**
 * The heatmap reads the per-layer record over every layer (no layer scope) and takes the worst group per layer
 * on either side: min by (layer) of the per-group minima is the minimum over every engine, as before.
 */
const BALANCEDNESS_HEATMAP: RecordedQuery = {
  ...BALANCEDNESS_PER_LAYER,
  build: (ctx) => perLayer(ctx, false),
  scope: undefined,
  outer: (e) => agg('min', ['layer'], e),
};

/** Max and mean tokens per EP rank of each selected layer, per group. */
export function maxTokensPerLayer(ctx: QueryContext): Expr {
  return maxTokens(ctx);
}

export function avgTokensPerLayer(ctx: QueryContext): Expr {
  return avgTokens(ctx);
}

const maxTokens = (ctx: QueryContext) => byGroup(ctx, 'max', gauge(ctx, SIGNALS.eplbMaxTokens, [onLayer()]), ['layer']);
const avgTokens = (ctx: QueryContext) => byGroup(ctx, 'max', gauge(ctx, SIGNALS.eplbAvgTokens, [onLayer()]), ['layer']);

/** Tokens the busiest rank carries above the mean, for the `k` worst selected layers of each group. */
export function excessTokens(ctx: QueryContext, k = 5): Expr {
  return topk(k, GROUP, sub(maxTokens(ctx), avgTokens(ctx)));
}

/** max / avg tokens per rank (the reciprocal of balancedness), for the `k` worst selected layers of each group. */
export function maxOverAvgTokens(ctx: QueryContext, k = 5): Expr {
  return topk(k, GROUP, ratio(maxTokens(ctx), avgTokens(ctx)));
}

/**
 * SGLang: tokens dispatched per second to the physical experts of each GPU rank, over the selected layers,
 * as cumulative bucket rates by `le` (the rank): a heatmap panel turns them into one row per rank. The
 * family is labelled by layer only, so the model and engine filters cannot apply to it.
 */
export function sglangTokensPerRank(ctx: QueryContext): Expr {
  const scoped = { ...ctx, vllm: ctx.vllm.filter((m) => m.label !== 'model_name' && m.label !== 'engine') };
  return sumBy(['le'], rateOf(scoped, SIGNALS.sglangEplbGpuPhysicalCount, [onLayer()], '_bucket'));
}
