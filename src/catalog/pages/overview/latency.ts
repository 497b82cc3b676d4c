/** Row: latency quantiles with the SLO targets drawn in, and the TTFT distribution. */
import { SIGNALS } from '../../../queries/signals/signals';
import { FieldOverride, PanelSpec, RowSpec } from '../../panelSpec';
import { sloLine } from '../../../queries/overview';
import { latencyDistribution, latencyQuantile } from '../../../queries/serving';
import { VAR_SLO_ITL, VAR_SLO_TTFT } from '../../../queries/variables';

const SLO_SERIES = 'SLO';

/** The SLO series: a red dashed line, outside the tooltip's sort. */
const sloStyle: FieldOverride = {
  match: { byName: SLO_SERIES },
  properties: [
    { id: 'color', value: { mode: 'fixed', fixedColor: 'red' } },
    { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
    { id: 'custom.fillOpacity', value: 0 },
  ],
};

const quantiles = (ctx: Parameters<PanelSpec['queries']>[0], signal: typeof SIGNALS.ttft) => [
  { expr: latencyQuantile(ctx, signal, 0.5), legend: 'p50' },
  { expr: latencyQuantile(ctx, signal, 0.9), legend: 'p90' },
  { expr: latencyQuantile(ctx, signal, 0.99), legend: 'p99' },
];

const ttft: PanelSpec = {
  id: 'overview.ttft',
  title: 'Time to first token',
  description:
    'p50, p90 and p99 of vllm:time_to_first_token_seconds over the selected engines, and the TTFT SLO (the slo_ttft variable, ' +
    'from the app settings). Good: p99 under the line.',
  viz: 'timeseries',
  unit: 's',
  overrides: [sloStyle],
  traces: 'slowTtft',
  queries: (ctx) => [...quantiles(ctx, SIGNALS.ttft), { expr: sloLine(VAR_SLO_TTFT, ctx, SIGNALS.ttft), legend: SLO_SERIES }],
};

const itl: PanelSpec = {
  id: 'overview.itl',
  title: 'Inter-token latency',
  description:
    'p50, p90 and p99 of the time between generated tokens (vllm:inter_token_latency_seconds; vllm:time_per_output_token_seconds ' +
    'on older vLLM), and the ITL SLO (the slo_itl variable). Good: p99 under the line.',
  viz: 'timeseries',
  unit: 's',
  overrides: [sloStyle],
  queries: (ctx) => [...quantiles(ctx, SIGNALS.itl), { expr: sloLine(VAR_SLO_ITL, ctx, SIGNALS.itl), legend: SLO_SERIES }],
};

const e2e: PanelSpec = {
  id: 'overview.e2e',
  title: 'End-to-end request latency',
  description: 'p50, p90 and p99 of vllm:e2e_request_latency_seconds: from arrival at the engine to the last token.',
  viz: 'timeseries',
  unit: 's',
  queries: (ctx) => quantiles(ctx, SIGNALS.e2eLatency),
};

const ttftHeatmap: PanelSpec = {
  id: 'overview.ttftHeatmap',
  title: 'TTFT distribution',
  description:
    'Requests per second in each vllm:time_to_first_token_seconds bucket over time. Two bands usually mean two populations, ' +
    'e.g. prefix-cache hits and misses, or requests that waited for KV.',
  viz: 'heatmap',
  unit: 's',
  traces: 'slowTtft',
  queries: (ctx) => [{ expr: latencyDistribution(ctx, SIGNALS.ttft), legend: '{{le}}', format: 'heatmap' }],
};

export const LATENCY_ROW: RowSpec = { title: 'Latency', panels: [ttft, itl, e2e, ttftHeatmap] };
