import { SIGNALS } from '../signals';
import { PageSpec, PanelSpec } from '../panelSpec';
import { agg, print } from '../../queries/promql';
import { gauge } from '../../queries/select';

const balancedness: PanelSpec = {
  id: 'wideep.balancedness',
  title: 'EPLB balancedness (worst layer)',
  description:
    'Mean / max tokens per EP rank for the worst MoE layer, per model (vllm:eplb_balancedness_ratio). 1.0 is perfect; below 0.8 some ranks stall the others.',
  viz: 'timeseries',
  signals: ['eplbBalancedness'],
  unit: 'percentunit',
  min: 0,
  max: 1,
  thresholds: [
    { value: null, color: 'red' },
    { value: 0.8, color: 'green' },
  ],
  thresholdsStyle: 'dashed',
  queries: (ctx) => [
    { expr: print(agg('min', ['model_name'], gauge(ctx, SIGNALS.eplbBalancedness))), legend: '{{model_name}}' },
  ],
};

export const WIDE_EP_PAGE: PageSpec = {
  id: 'wide-ep',
  route: 'wide-ep',
  title: 'Wide EP',
  subtitle: 'Expert load, EPLB balancedness and rebalances, dual-batch overlap, and per-rank imbalance.',
  filters: ['model', 'namespace', 'role', 'pod', 'engine'],
  rows: [{ title: 'EPLB', panels: [balancedness] }],
};
