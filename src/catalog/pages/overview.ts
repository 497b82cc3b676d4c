import { SIGNALS } from '../signals';
import { PageSpec, PanelSpec } from '../panelSpec';
import {
  computedPromptTokensPerSecond,
  gaugeBy,
  latencyQuantile,
  latencyQuantileByRole,
  perSecond,
  requestsPerSecond,
} from '../../queries/serving';

const ttftP99: PanelSpec = {
  id: 'overview.ttftP99',
  title: 'TTFT p99',
  description:
    'Time to first token, 99th percentile over all selected engines (vllm:time_to_first_token_seconds). On decode pods it includes the remote prefill and the KV transfer.',
  viz: 'stat',
  signals: ['ttft'],
  unit: 's',
  thresholds: [
    { value: null, color: 'green' },
    { value: 2, color: 'orange' },
    { value: 5, color: 'red' },
  ],
  queries: (ctx) => [{ expr: latencyQuantile(ctx, SIGNALS.ttft, 0.99), legend: 'p99' }],
};

const outputTokens: PanelSpec = {
  id: 'overview.outputTokens',
  title: 'Output tokens/s',
  description: 'Generated tokens per second over the selection (rate of vllm:generation_tokens_total).',
  viz: 'stat',
  signals: ['generationTokens'],
  unit: 'short',
  queries: (ctx) => [{ expr: perSecond(ctx, SIGNALS.generationTokens), legend: 'tokens/s' }],
};

const requests: PanelSpec = {
  id: 'overview.requests',
  title: 'Requests/s',
  description: 'Finished requests per second (rate of vllm:request_success_total, every finished_reason).',
  viz: 'stat',
  signals: ['requestSuccess'],
  unit: 'reqps',
  queries: (ctx) => [{ expr: requestsPerSecond(ctx), legend: 'requests/s' }],
};

const kvCache: PanelSpec = {
  id: 'overview.kvCache',
  title: 'KV cache usage (worst engine)',
  description:
    'Highest KV cache usage among the selected engines (vllm:kv_cache_usage_perc, or vllm:gpu_cache_usage_perc on older vLLM). Above 90 % requests start to be preempted.',
  viz: 'stat',
  signals: ['kvCacheUsage'],
  unit: 'percentunit',
  min: 0,
  max: 1,
  thresholds: [
    { value: null, color: 'green' },
    { value: 0.7, color: 'orange' },
    { value: 0.9, color: 'red' },
  ],
  queries: (ctx) => [{ expr: gaugeBy(ctx, SIGNALS.kvCacheUsage, 'max'), legend: 'max' }],
};

const ttftByRole: PanelSpec = {
  id: 'overview.ttftByRole',
  title: 'Time to first token by role',
  description: 'p50 and p99 of vllm:time_to_first_token_seconds per role. Decode TTFT includes remote prefill and KV transfer.',
  viz: 'timeseries',
  signals: ['ttft'],
  unit: 's',
  queries: (ctx) => [
    { expr: latencyQuantileByRole(ctx, SIGNALS.ttft, 0.5), legend: 'p50 {{role}}' },
    { expr: latencyQuantileByRole(ctx, SIGNALS.ttft, 0.99), legend: 'p99 {{role}}' },
  ],
};

const throughput: PanelSpec = {
  id: 'overview.throughput',
  title: 'Token throughput',
  description:
    'Prompt tokens computed locally and generated tokens per second. Prompt tokens that came from the prefix cache or by KV transfer are not counted as compute.',
  viz: 'timeseries',
  signals: ['promptTokensBySource', 'generationTokens'],
  unit: 'short',
  stacking: 'normal',
  queries: (ctx) => [
    { expr: computedPromptTokensPerSecond(ctx), legend: 'prompt (computed)' },
    { expr: perSecond(ctx, SIGNALS.generationTokens), legend: 'generation' },
  ],
};

export const OVERVIEW_PAGE: PageSpec = {
  id: 'overview',
  route: 'overview',
  title: 'Overview',
  subtitle: 'The fleet at a glance: latency, throughput, queues, cache and GPUs.',
  filters: ['model', 'namespace', 'role'],
  rows: [
    { title: 'Key indicators', panels: [ttftP99, outputTokens, requests, kvCache] },
    { title: 'Latency and throughput', panels: [ttftByRole, throughput] },
  ],
};
