/** Row: per-expert load (DEBUG gauge) and the static expert configuration. */
import { PanelSpec, RowSpec } from '../../panelSpec';
import {
  expertConfig,
  expertLoadMatrix,
  expertSeriesCount,
  expertSeriesShown,
  hotExperts,
} from '../../../queries/wideep';
import { noDataText } from '../../../queries/signals/requirements';
import { EXPERT_DEBUG_NO_DATA, PROPOSED_NOTE } from './shared';

const matrix: PanelSpec = {
  id: 'wideep.expertMatrix',
  title: 'Expert load: layer × expert',
  description:
    `Tokens routed to each logical expert of each selected layer over the EPLB window, at the end of the time range (proposed vllm:expert_load_per_expert_tokens_DEBUG, one row per layer). ${PROPOSED_NOTE} ` +
    'Good: an even colour per row. A bright cell is a hot expert; EPLB replicates it at the next rebalance. ' +
    'The gauge is a debug aid of layers × experts series (15,616 for DeepSeek-R1) and switches itself off after debug_metrics_duration. ' +
    'The Layer control starts at the worst-balanced layer, so this draws one layer; pick more layers, or All, to draw them (the series count beside says how many).',
  viz: 'expert-matrix',
  unit: 'short',
  noData: EXPERT_DEBUG_NO_DATA,
  width: 18,
  height: 14,
  // The legend names the rows of the dashboard's heatmap fallback; the app's matrix reads the labels.
  queries: (ctx) => [
    { expr: expertLoadMatrix(ctx), legend: 'layer {{layer}} expert {{expert_id}}', instant: true, interval: '1m' },
  ],
};

const hot: PanelSpec = {
  id: 'wideep.hotExperts',
  title: 'Hot experts (top 10)',
  description:
    `The ten experts with the largest share of their layer's tokens, over the selected layers (proposed vllm:expert_load_per_expert_tokens_DEBUG). ${PROPOSED_NOTE} ` +
    'With 256 experts an even share is 0.4 %; a share of several percent is a hotspot one rank cannot absorb without redundant copies.',
  viz: 'table',
  unit: 'percentunit',
  noData: EXPERT_DEBUG_NO_DATA,
  width: 12,
  queries: (ctx) => [{ expr: hotExperts(ctx), instant: true, format: 'table' }],
  transformations: [
    {
      id: 'organize',
      options: {
        excludeByName: { Time: true },
        renameByName: { model_name: 'Model', layer: 'Layer', expert_id: 'Expert', Value: 'Share of layer' },
      },
    },
    { id: 'sortBy', options: { sort: [{ field: 'Share of layer', desc: true }] } },
  ],
};

const cardinality: PanelSpec = {
  id: 'wideep.expertSeries',
  title: 'Per-expert series (cardinality)',
  description:
    `How many series of the proposed vllm:expert_load_per_expert_tokens_DEBUG each model exports now (layers × experts per deployment), and how many of them the selected layers hold: what the expert matrix beside draws. ${PROPOSED_NOTE} ` +
    'Every one is a Prometheus series for as long as the gauge is on; turn it on to investigate a hotspot, not permanently. 0 or no data means it is off (it auto-disables after debug_metrics_duration).',
  viz: 'stat',
  noData: EXPERT_DEBUG_NO_DATA,
  width: 6,
  height: 14,
  thresholds: [
    { value: null, color: 'green' },
    { value: 1000, color: 'orange' },
    { value: 10000, color: 'red' },
  ],
  queries: (ctx) => [
    { expr: expertSeriesShown(ctx), legend: '{{model_name}} drawn (selected layers)', instant: true },
    { expr: expertSeriesCount(ctx), legend: '{{model_name}} exported (all layers)', instant: true },
  ],
};

const config: PanelSpec = {
  id: 'wideep.expertConfig',
  title: 'Expert configuration',
  description:
    `Static EPLB configuration per engine: logical experts, redundant (replicated) experts, the load window and the rebalance step interval (proposed info metric vllm:expert_config_info). ${PROPOSED_NOTE} ` +
    'All engines of a model should agree; a mismatch means a partial rollout.',
  viz: 'table',
  noData: noDataText('eplb-metrics'),
  width: 12,
  queries: (ctx) => [{ expr: expertConfig(ctx), instant: true, format: 'table' }],
  transformations: [
    {
      id: 'organize',
      options: {
        excludeByName: { Time: true, Value: true },
        renameByName: {
          model_name: 'Model',
          pod: 'Pod',
          engine: 'Engine',
          total_experts: 'Experts',
          redundant_experts: 'Redundant experts',
          window_size: 'Window size',
          step_interval: 'Step interval',
        },
      },
    },
  ],
};

export const EXPERTS_ROW: RowSpec = {
  title: 'Expert load',
  panels: [matrix, cardinality, hot, config],
};
