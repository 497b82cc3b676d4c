/** Row: the eight numbers an operator reads first. */
import { REQUIREMENTS } from '../../../queries/signals/requirements';
import { SIGNALS } from '../../../queries/signals/signals';
import { PanelSpec, RowSpec } from '../../panelSpec';
import { acrossGpus } from '../../../queries/gpu';
import { unreachableTargets } from '../../../queries/overview';
import { errorRatio, gaugeBy, observedLatencyQuantile, perSecond, requestsPerSecond } from '../../../queries/serving';
import { KV_CACHE_THRESHOLDS } from '../kvCacheByRole';

const IDLE_LATENCY = `No request finished in the selected window, so there is no latency to show. Where requests are being served: ${REQUIREMENTS.vllm.howTo}`;

const STAT_WIDTH = 3;

const ttftP99: PanelSpec = {
  id: 'overview.ttftP99',
  title: 'TTFT p99',
  description:
    'Time to first token, 99th percentile over all selected engines (vllm:time_to_first_token_seconds). On decode pods it includes the remote prefill and the KV transfer.',
  viz: 'stat',
  unit: 's',
  width: STAT_WIDTH,
  thresholds: [
    { value: null, color: 'green' },
    { value: 2, color: 'orange' },
    { value: 5, color: 'red' },
  ],
  noData: IDLE_LATENCY,
  queries: (ctx) => [{ expr: observedLatencyQuantile(ctx, SIGNALS.ttft, 0.99), legend: 'p99' }],
};

const itlP99: PanelSpec = {
  id: 'overview.itlP99',
  title: 'ITL p99',
  description:
    'Inter-token latency, 99th percentile (vllm:inter_token_latency_seconds, or vllm:time_per_output_token_seconds on older vLLM). Decode batch size and DBO shape it.',
  viz: 'stat',
  unit: 's',
  width: STAT_WIDTH,
  thresholds: [
    { value: null, color: 'green' },
    { value: 0.1, color: 'orange' },
    { value: 0.25, color: 'red' },
  ],
  noData: IDLE_LATENCY,
  queries: (ctx) => [{ expr: observedLatencyQuantile(ctx, SIGNALS.itl, 0.99), legend: 'p99' }],
};

const outputTokens: PanelSpec = {
  id: 'overview.outputTokens',
  title: 'Output tokens/s',
  description: 'Generated tokens per second over the selection (rate of vllm:generation_tokens_total).',
  viz: 'stat',
  unit: 'short',
  width: STAT_WIDTH,
  queries: (ctx) => [{ expr: perSecond(ctx, SIGNALS.generationTokens), legend: 'tokens/s' }],
};

const requests: PanelSpec = {
  id: 'overview.requests',
  title: 'Requests/s',
  description: 'Finished requests per second (rate of vllm:request_success_total, every finished_reason).',
  viz: 'stat',
  unit: 'reqps',
  width: STAT_WIDTH,
  queries: (ctx) => [{ expr: requestsPerSecond(ctx), legend: 'requests/s' }],
};

const gpuUtil: PanelSpec = {
  id: 'overview.gpuUtil',
  title: 'GPU utilization',
  description:
    'Mean utilization over every GPU dcgm-exporter reports (DCGM_FI_DEV_GPU_UTIL); the GPUs page breaks it down per node and GPU.',
  viz: 'stat',
  unit: 'percent',
  width: STAT_WIDTH,
  min: 0,
  max: 100,
  queries: () => [{ expr: acrossGpus(SIGNALS.gpuUtil, 'avg'), legend: 'mean' }],
};

const kvCache: PanelSpec = {
  id: 'overview.kvCache',
  title: 'KV cache usage (worst engine)',
  description:
    'Highest KV cache usage among the selected engines (vllm:kv_cache_usage_perc, or vllm:gpu_cache_usage_perc on older vLLM). Above 90 % requests start to be preempted.',
  viz: 'stat',
  unit: 'percentunit',
  width: STAT_WIDTH,
  min: 0,
  max: 1,
  thresholds: KV_CACHE_THRESHOLDS,
  queries: (ctx) => [{ expr: gaugeBy(ctx, SIGNALS.kvCacheUsage, 'max'), legend: 'max' }],
};

const errors: PanelSpec = {
  id: 'overview.errors',
  title: 'Error ratio',
  description:
    'Share of finished requests that were aborted or failed (vllm:request_success_total by finished_reason). No data means no requests finished in the window.',
  viz: 'stat',
  unit: 'percentunit',
  width: STAT_WIDTH,
  decimals: 2,
  thresholds: [
    { value: null, color: 'green' },
    { value: 0.01, color: 'orange' },
    { value: 0.05, color: 'red' },
  ],
  queries: (ctx) => [{ expr: errorRatio(ctx), legend: 'errors' }],
};

const unreachable: PanelSpec = {
  id: 'overview.unreachable',
  title: 'Unreachable targets',
  description:
    'Scrape targets Prometheus cannot reach right now (up == 0), across every job. Anything above 0 means some panels are missing those pods: see Scrape health.',
  viz: 'stat',
  unit: 'short',
  width: STAT_WIDTH,
  thresholds: [
    { value: null, color: 'green' },
    { value: 1, color: 'red' },
  ],
  noData: 'Prometheus reports no targets: check that the data source points at the Prometheus that scrapes the fleet.',
  queries: () => [{ expr: unreachableTargets(), legend: 'down', instant: true }],
};

export const KEY_INDICATORS_ROW: RowSpec = {
  title: 'Key indicators',
  panels: [ttftP99, itlP99, outputTokens, requests, gpuUtil, kvCache, errors, unreachable],
};
