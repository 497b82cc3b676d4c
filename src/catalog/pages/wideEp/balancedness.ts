/** Row: EPLB balancedness over time and across layers, and the tokens per rank behind it. */
import { PanelSpec, RowSpec } from '../../panelSpec';
import {
  avgTokensPerLayer,
  balancednessByForwardMode,
  balancednessHeatmap,
  balancednessMean,
  balancednessMin,
  balancednessPerLayer,
  excessTokens,
  maxOverAvgTokens,
  maxTokensPerLayer,
  sglangTokensPerRank,
} from '../../../queries/wideep';
import {
  BALANCEDNESS_NO_DATA,
  BALANCEDNESS_THRESHOLDS,
  GROUP_LEGEND,
  IMBALANCED,
  PER_LAYER_NO_DATA,
  PROPOSED_NOTE,
  TOKENS_PER_RANK_NO_DATA,
} from './shared';

const balancedness: PanelSpec = {
  id: 'wideep.balancedness',
  title: 'EPLB balancedness',
  description:
    'Mean / max tokens per EP rank, per model and EP group (role), from whichever source the fleet has: the open vLLM pull request #43715\'s vllm:eplb_balancedness histogram of rank load over the mean (worst = 1 / its 0.99 quantile; it has no per-layer mean); ' +
    'SGLang\'s sglang:eplb_balancedness Summary (the window\'s mean over layers, rate of _sum / rate of _count, per forward_mode: extend is prefill passes, decode decode passes; role from engine_type; it has no worst layer); ' +
    'else the proposed per-layer vllm:eplb_balancedness_ratio (worst layer, mean over layers, and each layer picked in the Layer control) or the closed proposal\'s vllm:eplb_balancedness_min. ' +
    'No vLLM release exports balancedness: it only logs it. 1.0 is perfect; ' +
    `below ${IMBALANCED} the busiest rank carries 25 % more tokens than the mean and every other rank waits for it at each all-to-all. ` +
    'A falling minimum that jumps back is a rebalance doing its job.',
  viz: 'timeseries',
  lead: 'sglangEplbBalancedness',
  unit: 'percentunit',
  min: 0,
  max: 1,
  thresholds: BALANCEDNESS_THRESHOLDS,
  thresholdsStyle: 'dashed',
  noData: BALANCEDNESS_NO_DATA,
  queries: (ctx) => [
    { expr: balancednessMin(ctx), legend: `${GROUP_LEGEND} worst` },
    { expr: balancednessMean(ctx), legend: `${GROUP_LEGEND} mean` },
    { expr: balancednessPerLayer(ctx), legend: `${GROUP_LEGEND} layer {{layer}}` },
    { expr: balancednessByForwardMode(ctx), legend: `${GROUP_LEGEND} {{forward_mode}}` },
  ],
};

const heatmap: PanelSpec = {
  id: 'wideep.balancednessHeatmap',
  title: 'Balancedness by layer',
  description:
    'Balancedness of each MoE layer over time, one row per layer, the worst EP group of the selection (proposed vllm:eplb_balancedness_ratio). ' +
    'Every layer, whatever the Layer control holds: find the layer to inspect here, then pick it in the control. ' +
    `${PROPOSED_NOTE} ` +
    'Good: a uniformly light band. Dark streaks are layers whose hot experts overload a rank; if the same layers stay dark after rebalances, add redundant experts.',
  viz: 'heatmap',
  unit: 'percentunit',
  noData: PER_LAYER_NO_DATA,
  options: {
    color: { mode: 'scheme', scheme: 'RdYlGn', steps: 32, reverse: false, min: 0.5, max: 1 },
    yAxis: { axisPlacement: 'left', reverse: false, axisLabel: 'layer' },
    cellGap: 0,
  },
  queries: (ctx) => [{ expr: balancednessHeatmap(ctx), legend: '{{layer}}', format: 'time_series' }],
};

const tokensPerRank: PanelSpec = {
  id: 'wideep.tokensPerRank',
  title: 'Max vs mean tokens per EP rank',
  description:
    'Tokens routed to the busiest EP rank and to the mean rank of each selected layer over the EPLB window (proposed vllm:eplb_max_tokens_per_rank and vllm:eplb_avg_tokens_per_rank). ' +
    `${PROPOSED_NOTE} On SGLang see tokens per GPU rank. ` +
    'Good: the two lines close together. The Layer control starts at the worst-balanced layer; pick more to compare them.',
  viz: 'timeseries',
  unit: 'short',
  min: 0,
  noData: TOKENS_PER_RANK_NO_DATA,
  queries: (ctx) => [
    { expr: maxTokensPerLayer(ctx), legend: `${GROUP_LEGEND} layer {{layer}} max` },
    { expr: avgTokensPerLayer(ctx), legend: `${GROUP_LEGEND} layer {{layer}} mean` },
  ],
};

const imbalance: PanelSpec = {
  id: 'wideep.layerImbalance',
  title: 'Layer imbalance (worst 5 layers)',
  description:
    'For the five most imbalanced selected layers of each EP group: max / mean tokens per rank (the reciprocal of balancedness; 1.0 is even, left axis) and the excess tokens the busiest rank carries above the mean (max − mean, right axis). ' +
    `From the proposed vllm:eplb_max_tokens_per_rank and vllm:eplb_avg_tokens_per_rank. ${PROPOSED_NOTE} Good: max / mean below 1.25.`,
  viz: 'timeseries',
  min: 1,
  thresholds: [
    { value: null, color: 'green' },
    { value: 1 / IMBALANCED, color: 'red' },
  ],
  thresholdsStyle: 'dashed',
  noData: TOKENS_PER_RANK_NO_DATA,
  queries: (ctx) => [
    { expr: maxOverAvgTokens(ctx), legend: `${GROUP_LEGEND} layer {{layer}} max/mean` },
    { expr: excessTokens(ctx), legend: `${GROUP_LEGEND} layer {{layer}} max−mean` },
  ],
  overrides: [
    {
      match: { byRegexp: '.*max−mean$' },
      properties: [
        { id: 'custom.axisPlacement', value: 'right' },
        { id: 'unit', value: 'short' },
        { id: 'min', value: 0 },
        { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
      ],
    },
  ],
};

const tokensPerGpuRank: PanelSpec = {
  id: 'wideep.tokensPerGpuRank',
  title: 'Tokens per GPU rank (SGLang)',
  description:
    'Tokens dispatched per second to the physical experts of each GPU (EP) rank, over the layers picked in the Layer control, one row per rank ' +
    '(SGLang sglang:eplb_gpu_physical_count, a histogram whose bucket le=i counts rank i). Good: an even colour down each column. ' +
    'A bright row is a rank the others wait for at each all-to-all. The family carries no model label: the Model and Engine filters do not narrow it.',
  viz: 'heatmap',
  unit: 'short',
  noData: TOKENS_PER_RANK_NO_DATA,
  options: { yAxis: { axisPlacement: 'left', reverse: false, axisLabel: 'EP rank' }, cellGap: 0 },
  queries: (ctx) => [{ expr: sglangTokensPerRank(ctx), legend: '{{le}}', format: 'heatmap' }],
};

export const BALANCEDNESS_ROW: RowSpec = {
  title: 'EPLB balancedness',
  panels: [balancedness, heatmap, tokensPerRank, imbalance, tokensPerGpuRank],
};
