/**
 * Per-expert load from the DEBUG gauge (layers × experts series, one engine per model). Every query here is
 * bounded: the matrix reads the selected layers (one by default) at one instant, the hot-expert list is a
 * top-k, the series counts are one number per model.
 */
import { SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { agg, Expr, ratioGroupLeft, topk } from '../promql';
import { gauge } from '../select';
import { gatedQuery, RecordedQuery } from '../recorded';
import { onLayer } from './scope';

const EXPERT = ['model_name', 'layer', 'expert_id'];
const LAYER = ['model_name', 'layer'];

const load = (ctx: QueryContext, scoped = true): Expr => gauge(ctx, SIGNALS.expertLoad, scoped ? [onLayer()] : []);

export const EXPERT_LOAD_MATRIX: RecordedQuery = {
  record: 'model_layer_expert:vllm_expert_load:sum',
  keeps: EXPERT,
  build: (ctx, scoped) => agg('sum', EXPERT, load(ctx, scoped)),
  scope: [onLayer()],
  help: 'Tokens per expert and layer, summed over engines (Wide EP page: expert load matrix)',
};

/** Tokens per expert of the selected layers: the layer × expert matrix (run as an instant query). */
export function expertLoadMatrix(ctx: QueryContext): Expr {
  return gatedQuery(ctx, EXPERT_LOAD_MATRIX);
}

/** Each expert's share of its layer's tokens. */
function shareOfLayer(ctx: QueryContext, scoped: boolean): Expr {
  return ratioGroupLeft(agg('sum', EXPERT, load(ctx, scoped)), agg('sum', LAYER, load(ctx, scoped)), LAYER);
}

/** Hot experts: the share of every expert is recorded; the top k of the selected layers is taken on either side. */
export const expertShareOfLayer = (k: number): RecordedQuery => ({
  record: 'model_layer_expert:vllm_expert_load:share_of_layer',
  keeps: EXPERT,
  build: shareOfLayer,
  scope: [onLayer()],
  outer: (e) => topk(k, [], e),
  help: "Each expert's share of its layer's tokens (Wide EP page: hot experts)",
});

/** The `k` experts with the largest share of their layer's tokens, over the selected layers. */
export function hotExperts(ctx: QueryContext, k = 10): Expr {
  return gatedQuery(ctx, expertShareOfLayer(k));
}

/** How many per-expert series are exported right now, every layer: the cost of keeping the DEBUG gauge on. */
export function expertSeriesCount(ctx: QueryContext): Expr {
  return agg('count', ['model_name'], gauge(ctx, SIGNALS.expertLoad));
}

/** How many of them the selected layers hold: what the expert matrix draws. */
export function expertSeriesShown(ctx: QueryContext): Expr {
  return agg('count', ['model_name'], load(ctx));
}

/** The static expert configuration labels per engine (info metric, value 1). */
export function expertConfig(ctx: QueryContext): Expr {
  return agg(
    'max',
    ['model_name', 'pod', 'engine', 'total_experts', 'redundant_experts', 'window_size', 'step_interval'],
    gauge(ctx, SIGNALS.expertConfig)
  );
}
