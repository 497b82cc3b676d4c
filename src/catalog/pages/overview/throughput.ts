/** Rows: throughput and queues; KV cache and GPU memory; prefix cache and speculative decoding. */
import { SIGNALS } from '../../../queries/signals/signals';
import { PanelSpec, RowSpec } from '../../panelSpec';
import { kvCacheByRole } from '../kvCacheByRole';
import { framebufferUsedShare, GPU_LINES } from '../../../queries/gpu';
import { specAcceptanceRate } from '../../../queries/overview';
import { localPrefixCacheHitRateByRole } from '../../../queries/pd';
import { computedPromptTokensPerSecond, gaugeBy, perSecond } from '../../../queries/serving';

const throughput: PanelSpec = {
  id: 'overview.throughput',
  title: 'Token throughput',
  description:
    'Prompt tokens computed locally and generated tokens per second, stacked. Prompt tokens served from the prefix cache or ' +
    'received by KV transfer are not compute and are left out (vllm:prompt_tokens_by_source_total{source="local_compute"}).',
  viz: 'timeseries',
  unit: 'short',
  stacking: 'normal',
  queries: (ctx) => [
    { expr: computedPromptTokensPerSecond(ctx), legend: 'prompt (computed)' },
    { expr: perSecond(ctx, SIGNALS.generationTokens), legend: 'generation' },
  ],
};

const queues: PanelSpec = {
  id: 'overview.queues',
  title: 'Running, waiting and preempted',
  description:
    'Requests in the running batches and waiting (vllm:num_requests_running, vllm:num_requests_waiting), and preemptions per second ' +
    '(vllm:num_preemptions_total, right axis). Good: waiting near zero and no preemptions.',
  viz: 'timeseries',
  unit: 'short',
  min: 0,
  overrides: [
    {
      match: { byName: 'preempted/s' },
      properties: [
        { id: 'custom.axisPlacement', value: 'right' },
        { id: 'unit', value: 'ops' },
        { id: 'custom.drawStyle', value: 'bars' },
      ],
    },
  ],
  queries: (ctx) => [
    { expr: gaugeBy(ctx, SIGNALS.requestsRunning, 'sum'), legend: 'running' },
    { expr: gaugeBy(ctx, SIGNALS.requestsWaiting, 'sum'), legend: 'waiting' },
    { expr: perSecond(ctx, SIGNALS.preemptions), legend: 'preempted/s' },
  ],
};

const kvByEngine = kvCacheByRole('overview.kvByEngine');

const gpuMemory: PanelSpec = {
  id: 'overview.gpuMemory',
  title: 'GPU memory used',
  description:
    'Framebuffer used / total per GPU (DCGM_FI_DEV_FB_USED, DCGM_FI_DEV_FB_FREE). vLLM takes most of it for KV at start; a GPU ' +
    `that differs from its peers runs something else. Draws the ${GPU_LINES} fullest GPUs at each instant; ` +
    'the GPUs page lists every GPU.',
  viz: 'timeseries',
  unit: 'percentunit',
  min: 0,
  max: 1,
  queries: () => [{ expr: framebufferUsedShare(undefined, 'highest'), legend: '{{host}} GPU {{gpu}}' }],
};

const prefixCache: PanelSpec = {
  id: 'overview.prefixCache',
  title: 'Prefix cache hit rate',
  description:
    'Share of prompt tokens found in the local prefix cache per role, over the window (vllm:prefix_cache_hits_total / ' +
    'vllm:prefix_cache_queries_total). Stuck at zero with shared prompts means prefix caching is off or the router does not route by prefix.',
  viz: 'timeseries',
  unit: 'percentunit',
  min: 0,
  max: 1,
  queries: (ctx) => [{ expr: localPrefixCacheHitRateByRole(ctx), legend: '{{role}}' }],
};

const specAcceptance: PanelSpec = {
  id: 'overview.specAcceptance',
  title: 'Speculative decoding acceptance',
  description:
    'Share of draft tokens the model accepted (vllm:spec_decode_num_accepted_tokens_total / vllm:spec_decode_num_draft_tokens_total). ' +
    'Below about 50 % speculation costs more than it saves.',
  viz: 'timeseries',
  unit: 'percentunit',
  min: 0,
  max: 1,
  queries: (ctx) => [{ expr: specAcceptanceRate(ctx, ['model_name']), legend: '{{model_name}}' }],
};

export const THROUGHPUT_ROW: RowSpec = { title: 'Throughput and queues', panels: [throughput, queues] };
export const MEMORY_ROW: RowSpec = { title: 'Memory and GPU', panels: [kvByEngine, gpuMemory] };
export const CACHE_ROW: RowSpec = { title: 'Cache and speculation', panels: [prefixCache, specAcceptance] };
