/** Row: EPLB balancedness over time and across layers, and the tokens per rank behind it. */
import { PanelSpec, RowSpec } from '../../panelSpec';
import {
  avgTokensPerLayer,
  balancednessHeatmap,
  balancednessMean,
  balancednessMin,
  balancednessPerLayer,
  excessTokens,
  maxOverAvgTokens,
  maxTokensPerLayer,
} from '../../../queries/wideep';
import { BALANCEDNESS_THRESHOLDS, EPLB_NO_DATA, GROUP_LEGEND, IMBALANCED } from './shared';

const balancedness: PanelSpec = {
  id: 'wideep.balancedness',
  title: 'EPLB balancedness',
  description:
    'Mean / max tokens per EP rank of each MoE layer (proposed vllm:eplb_balancedness_ratio; SGLang sglang:eplb_balancedness; vllm:eplb_balancedness_min where only the minimum is exported), per model and EP group (role): ' +
    'the worst layer, the mean over layers, and each layer picked in the Layer control. 1.0 is perfect; ' +
    `below ${IMBALANCED} the busiest rank carries 25 % more tokens than the mean and every other rank waits for it at each all-to-all. ` +
    'A falling minimum that jumps back is a rebalance doing its job.',
  viz: 'timeseries',
  signals: ['eplbBalancedness', 'eplbBalancednessMin'],
  unit: 'percentunit',
  min: 0,
  max: 1,
  thresholds: BALANCEDNESS_THRESHOLDS,
  thresholdsStyle: 'dashed',
  noData: EPLB_NO_DATA,
  queries: (ctx) => [
    { expr: balancednessMin(ctx), legend: `${GROUP_LEGEND} worst layer` },
    { expr: balancednessMean(ctx), legend: `${GROUP_LEGEND} mean` },
    { expr: balancednessPerLayer(ctx), legend: `${GROUP_LEGEND} layer {{layer}}` },
  ],
};

const heatmap: PanelSpec = {
  id: 'wideep.balancednessHeatmap',
  title: 'Balancedness by layer',
  description:
    'Balancedness of each MoE layer over time, one row per layer, the worst EP group of the selection (proposed vllm:eplb_balancedness_ratio). ' +
    'Good: a uniformly light band. Dark streaks are layers whose hot experts overload a rank; if the same layers stay dark after rebalances, add redundant experts.',
  viz: 'heatmap',
  signals: ['eplbBalancedness'],
  unit: 'percentunit',
  noData: EPLB_NO_DATA,
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
    'Good: the two lines close together. Pick layers in the Layer control to keep this readable.',
  viz: 'timeseries',
  signals: ['eplbMaxTokens', 'eplbAvgTokens'],
  unit: 'short',
  min: 0,
  noData: EPLB_NO_DATA,
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
    'From the proposed vllm:eplb_max_tokens_per_rank and vllm:eplb_avg_tokens_per_rank. Good: max / mean below 1.25.',
  viz: 'timeseries',
  signals: ['eplbMaxTokens', 'eplbAvgTokens'],
  min: 1,
  thresholds: [
    { value: null, color: 'green' },
    { value: 1 / IMBALANCED, color: 'red' },
  ],
  thresholdsStyle: 'dashed',
  noData: EPLB_NO_DATA,
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

export const BALANCEDNESS_ROW: RowSpec = {
  title: 'EPLB balancedness',
  panels: [balancedness, heatmap, tokensPerRank, imbalance],
};
