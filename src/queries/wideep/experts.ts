/**
 * Per-expert load from the DEBUG gauge (layers × experts series, one engine per model). Every query here is
 * bounded: the matrix reads the selected layers (one by default) at one instant, the hot-expert list is a
 * top-k, the series counts are one number per model.
 */
import { SIGNALS } from '../../catalog/signals';
import { QueryContext } from '../context';
import { agg, Expr, print, ratioGroupLeft, topk } from '../promql';
import { gauge } from '../select';
import { onLayer } from './scope';

const EXPERT = ['model_name', 'layer', 'expert_id'];
const LAYER = ['model_name', 'layer'];

const load = (ctx: QueryContext): Expr => gauge(ctx, SIGNALS.expertLoad, [onLayer()]);

/** Tokens per expert of the selected layers: the layer × expert matrix (run as an instant query). */
export function expertLoadMatrix(ctx: QueryContext): string {
  return print(agg('sum', EXPERT, load(ctx)));
}

/** Each expert's share of its layer's tokens. */
function shareOfLayer(ctx: QueryContext): Expr {
  return ratioGroupLeft(agg('sum', EXPERT, load(ctx)), agg('sum', LAYER, load(ctx)), LAYER);
}

/** The `k` experts with the largest share of their layer's tokens, over the selected layers. */
export function hotExperts(ctx: QueryContext, k = 10): string {
  return print(topk(k, [], shareOfLayer(ctx)));
}

/** How many per-expert series are exported right now, every layer: the cost of keeping the DEBUG gauge on. */
export function expertSeriesCount(ctx: QueryContext): string {
  return print(agg('count', ['model_name'], gauge(ctx, SIGNALS.expertLoad)));
}

/** How many of them the selected layers hold: what the expert matrix draws. */
export function expertSeriesShown(ctx: QueryContext): string {
  return print(agg('count', ['model_name'], load(ctx)));
}

/** The static expert configuration labels per engine (info metric, value 1). */
export function expertConfig(ctx: QueryContext): string {
  return print(
    agg(
      'max',
      ['model_name', 'pod', 'engine', 'total_experts', 'redundant_experts', 'window_size', 'step_interval'],
      gauge(ctx, SIGNALS.expertConfig)
    )
  );
}
