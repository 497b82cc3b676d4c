/**
 * Signals: the metric families the app reads, each with the names that carry the same series shape.
 *
 * A signal lists names that differ only in spelling, in order of preference: the upstream name first, then an
 * open pull request's, then older vLLM names (renamed metrics), then proposals. Queries follow those names
 * with `or`. A family of another shape (SGLang's Summary where vLLM proposes a gauge, a per-rank histogram
 * where vLLM proposes per-layer gauges) is its own signal, read by its own expression for the same quantity:
 * see src/queries/signals/quantities.ts. Names and types agree with metrics/catalog.json (a test checks).
 */
import { RequirementId } from './requirements';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** Why a name is on the list. */
export type NameStatus =
  | 'current' // exported by current upstream releases
  | 'open-pr' // defined by an open upstream pull request, not merged
  | 'legacy' // exported by older releases only (renamed or removed since)
  | 'proposed' // the name this app is built around; not merged upstream
  | 'alternative'; // another proposal's or project's name for the same quantity

export interface MetricName {
  name: string;
  status: NameStatus;
  note?: string;
}

export interface Signal {
  id: string;
  type: MetricType;
  names: MetricName[];
  requires: RequirementId;
  help: string;
}

const current = (name: string): MetricName => ({ name, status: 'current' });
const legacy = (name: string, note: string): MetricName => ({ name, status: 'legacy', note });
const proposed = (name: string): MetricName => ({ name, status: 'proposed' });
const openPr = (name: string, note: string): MetricName => ({ name, status: 'open-pr', note });
const alternative = (name: string, note: string): MetricName => ({ name, status: 'alternative', note });

function signal(id: string, type: MetricType, requires: RequirementId, help: string, names: MetricName[]): Signal {
  return { id, type, requires, help, names };
}

export const SIGNALS = {
  // --- vLLM engine: load and queues ---------------------------------------------------------------
  requestsRunning: signal('requestsRunning', 'gauge', 'vllm', 'Requests in the running batch', [
    current('vllm:num_requests_running'),
  ]),
  requestsWaiting: signal('requestsWaiting', 'gauge', 'vllm', 'Requests waiting to be scheduled', [
    current('vllm:num_requests_waiting'),
  ]),
  requestsWaitingByReason: signal(
    'requestsWaitingByReason',
    'gauge',
    'vllm-waiting-by-reason',
    'Waiting requests by reason: capacity, or deferred (includes waiting for remote KV)',
    [current('vllm:num_requests_waiting_by_reason')]
  ),
  kvCacheUsage: signal('kvCacheUsage', 'gauge', 'vllm', 'KV cache usage, a 0..1 fraction', [
    current('vllm:kv_cache_usage_perc'),
    legacy('vllm:gpu_cache_usage_perc', 'vLLM before 0.10; removed in 0.12'),
  ]),
  preemptions: signal('preemptions', 'counter', 'vllm', 'Requests preempted for lack of KV cache', [
    current('vllm:num_preemptions_total'),
  ]),
  requestSuccess: signal('requestSuccess', 'counter', 'vllm', 'Finished requests by finished_reason', [
    current('vllm:request_success_total'),
  ]),
  cacheConfigInfo: signal('cacheConfigInfo', 'gauge', 'vllm', 'KV cache configuration (labels), value 1', [
    current('vllm:cache_config_info'),
  ]),

  // --- vLLM engine: tokens --------------------------------------------------------------------------
  promptTokens: signal('promptTokens', 'counter', 'vllm', 'All prompt tokens, however they were obtained', [
    current('vllm:prompt_tokens_total'),
  ]),
  promptTokensBySource: signal(
    'promptTokensBySource',
    'counter',
    'vllm-by-source',
    'Prompt tokens by source: local_compute, local_cache_hit, external_kv_transfer',
    [current('vllm:prompt_tokens_by_source_total')]
  ),
  promptTokensCached: signal('promptTokensCached', 'counter', 'vllm-by-source', 'Prompt tokens not computed here', [
    current('vllm:prompt_tokens_cached_total'),
  ]),
  generationTokens: signal('generationTokens', 'counter', 'vllm', 'Generated (output) tokens', [
    current('vllm:generation_tokens_total'),
  ]),
  iterationTokens: signal('iterationTokens', 'histogram', 'vllm', 'Tokens computed per engine step', [
    current('vllm:iteration_tokens_total'),
  ]),
  requestPromptTokens: signal('requestPromptTokens', 'histogram', 'vllm', 'Prompt tokens per finished request', [
    current('vllm:request_prompt_tokens'),
  ]),

  // --- vLLM engine: caches ----------------------------------------------------------------------------
  prefixCacheQueries: signal('prefixCacheQueries', 'counter', 'vllm', 'Tokens looked up in the local prefix cache', [
    current('vllm:prefix_cache_queries_total'),
    legacy('vllm:gpu_prefix_cache_queries_total', 'vLLM before 0.10'),
  ]),
  prefixCacheHits: signal('prefixCacheHits', 'counter', 'vllm', 'Tokens found in the local prefix cache', [
    current('vllm:prefix_cache_hits_total'),
    legacy('vllm:gpu_prefix_cache_hits_total', 'vLLM before 0.10'),
  ]),
  externalPrefixCacheQueries: signal(
    'externalPrefixCacheQueries',
    'counter',
    'vllm',
    'Tokens looked up through the KV connector',
    [current('vllm:external_prefix_cache_queries_total')]
  ),
  externalPrefixCacheHits: signal('externalPrefixCacheHits', 'counter', 'vllm', 'Tokens found through the KV connector', [
    current('vllm:external_prefix_cache_hits_total'),
  ]),

  // --- vLLM engine: latency ---------------------------------------------------------------------------
  ttft: signal('ttft', 'histogram', 'vllm', 'Time to first token (on decode pods it includes remote prefill)', [
    current('vllm:time_to_first_token_seconds'),
  ]),
  itl: signal('itl', 'histogram', 'vllm', 'Inter-token latency', [
    current('vllm:inter_token_latency_seconds'),
    legacy('vllm:time_per_output_token_seconds', 'vLLM before 0.11'),
  ]),
  e2eLatency: signal('e2eLatency', 'histogram', 'vllm', 'End-to-end request latency', [
    current('vllm:e2e_request_latency_seconds'),
  ]),
  queueTime: signal('queueTime', 'histogram', 'vllm', 'Time waiting in the queue', [
    current('vllm:request_queue_time_seconds'),
  ]),
  prefillTime: signal('prefillTime', 'histogram', 'vllm', 'Time in prefill', [current('vllm:request_prefill_time_seconds')]),
  decodeTime: signal('decodeTime', 'histogram', 'vllm', 'Time in decode', [current('vllm:request_decode_time_seconds')]),

  // --- vLLM engine: speculative decoding -----------------------------------------------------------
  specDraftTokens: signal('specDraftTokens', 'counter', 'spec-decode', 'Draft tokens proposed', [
    current('vllm:spec_decode_num_draft_tokens_total'),
  ]),
  specAcceptedTokens: signal('specAcceptedTokens', 'counter', 'spec-decode', 'Draft tokens accepted', [
    current('vllm:spec_decode_num_accepted_tokens_total'),
  ]),

  // --- NIXL KV transfer -------------------------------------------------------------------------------
  nixlXferTime: signal('nixlXferTime', 'histogram', 'nixl', 'NIXL transfer time per transfer', [
    current('vllm:nixl_xfer_time_seconds'),
  ]),
  nixlPostTime: signal('nixlPostTime', 'histogram', 'nixl', 'NIXL time to post a transfer', [
    current('vllm:nixl_post_time_seconds'),
  ]),
  nixlBytes: signal('nixlBytes', 'histogram', 'nixl', 'Bytes per NIXL transfer', [current('vllm:nixl_bytes_transferred')]),
  nixlDescriptors: signal('nixlDescriptors', 'histogram', 'nixl', 'Descriptors per NIXL transfer', [
    current('vllm:nixl_num_descriptors'),
  ]),
  nixlFailedTransfers: signal('nixlFailedTransfers', 'counter', 'nixl', 'Failed NIXL transfers', [
    current('vllm:nixl_num_failed_transfers_total'),
  ]),
  nixlFailedNotifications: signal('nixlFailedNotifications', 'counter', 'nixl', 'Failed NIXL notifications', [
    current('vllm:nixl_num_failed_notifications_total'),
  ]),
  nixlExpiredRequests: signal(
    'nixlExpiredRequests',
    'counter',
    'nixl',
    'Requests whose KV blocks expired on the prefill side before decode read them',
    [current('vllm:nixl_num_kv_expired_reqs_total')]
  ),
  nixlTokensTransferred: signal('nixlTokensTransferred', 'counter', 'pd-proposed', 'Tokens moved by NIXL', [
    proposed('vllm:nixl_tokens_transferred_total'),
  ]),

  // --- Batch composition (proposed) ------------------------------------------------------------------
  batchPrefill: signal('batchPrefill', 'counter', 'pd-proposed', 'Engine steps with prefill work only', [
    proposed('vllm:batch_executions_prefill_total'),
  ]),
  batchDecode: signal('batchDecode', 'counter', 'pd-proposed', 'Engine steps with decode work only', [
    proposed('vllm:batch_executions_decode_total'),
  ]),
  batchInterleaved: signal('batchInterleaved', 'counter', 'pd-proposed', 'Engine steps mixing prefill and decode', [
    proposed('vllm:batch_executions_interleaved_total'),
  ]),

  // --- EPLB and experts (proposed) -------------------------------------------------------------------
  eplbBalancedness: signal(
    'eplbBalancedness',
    'gauge',
    'eplb-metrics',
    'EPLB balancedness per MoE layer: mean / max tokens per EP rank; 1.0 is perfect',
    [proposed('vllm:eplb_balancedness_ratio')]
  ),
  // vllm-project/vllm#43715 (open; branch neuralmagic/vllm sage/eplb-metrics @d4ed84310b as transcribed in
  // metrics/upstream/vllm-pr-43715.json): one observation per MoE layer and EP rank per recorded step of
  // tokens routed to the rank / (all tokens / ep_size), so 1.0 is an even rank and the upper tail is the
  // busiest ranks. No layer label: the layer and rank are folded into the distribution.
  eplbRankLoad: signal(
    'eplbRankLoad',
    'histogram',
    'eplb-routing-pr',
    'Load of each EP rank of each layer relative to the mean (1.0 = even), one observation per layer and rank',
    [openPr('vllm:eplb_balancedness', 'vllm-project/vllm#43715 (histogram of rank load / mean load)')]
  ),
  // SGLang python/sglang/srt/metrics/collector.py (sgl-project/sglang@93d04878cfb9b08645fae7b11bd340ee33b34acf):
  // a Summary created on moe_ep_rank 0 only, with SGLANG_ENABLE_EPLB_BALANCEDNESS_METRIC, labelled model_name,
  // engine_type, tp_rank, pp_rank, moe_ep_rank (and dp_rank where set) plus forward_mode; one observation per
  // forward pass, over all layers.
  sglangEplbBalancedness: signal(
    'sglangEplbBalancedness',
    'summary',
    'sglang-eplb-balancedness',
    'SGLang: balancedness of MoE expert parallelism per forward pass, by forward_mode (Summary: _sum and _count)',
    [current('sglang:eplb_balancedness')]
  ),
  // SGLang python/sglang/srt/metrics/collector.py ExpertDispatchCollector and srt/eplb/expert_distribution.py
  // (sgl-project/sglang@dd780ab9de484cf1198ff538a1b8b0da6464ab5a, _handle_metric_eplb_heatmap): labelled by
  // layer only; bucket i counts the tokens dispatched to physical experts on GPU rank i (buckets 0..ep_size-1).
  sglangEplbGpuPhysicalCount: signal(
    'sglangEplbGpuPhysicalCount',
    'histogram',
    'sglang-eplb-heatmap',
    'SGLang: tokens dispatched to the physical experts of each GPU rank, per layer (le = the rank)',
    [current('sglang:eplb_gpu_physical_count')]
  ),
  eplbBalancednessMin: signal(
    'eplbBalancednessMin',
    'gauge',
    'eplb-metrics',
    'Minimum balancedness over layers, for deployments that export only the aggregate',
    [alternative('vllm:eplb_balancedness_min', 'closed upstream proposal #34066')]
  ),
  eplbAvgTokens: signal('eplbAvgTokens', 'gauge', 'eplb-metrics', 'Mean tokens per EP rank, per layer', [
    proposed('vllm:eplb_avg_tokens_per_rank'),
  ]),
  eplbMaxTokens: signal('eplbMaxTokens', 'gauge', 'eplb-metrics', 'Max tokens on one EP rank, per layer', [
    proposed('vllm:eplb_max_tokens_per_rank'),
  ]),
  // vllm-project/vllm#49956 (open) records both on engine index 0 only, without an `engine` label; the seeds'
  // proposal uses the same gauge name with `engine`. Either reduces to the same per-pod and per-group value.
  eplbRebalancing: signal('eplbRebalancing', 'gauge', 'eplb-rebalance-pr', '1 while experts are being rearranged', [
    openPr('vllm:eplb_rebalancing', 'vllm-project/vllm#49956; also the seeds\' proposal'),
  ]),
  eplbRearrangements: signal('eplbRearrangements', 'counter', 'eplb-rebalance-pr', 'Completed expert rearrangements', [
    openPr('vllm:eplb_rebalance_events_total', 'vllm-project/vllm#49956 (model_name only)'),
    proposed('vllm:eplb_rearrangements_total'),
    alternative('vllm:expert_rebalances_total', 'llm-d observability plan'),
  ]),
  eplbRearrangementDuration: signal(
    'eplbRearrangementDuration',
    'histogram',
    'eplb-metrics',
    'Duration of expert rearrangements',
    [proposed('vllm:eplb_rearrangement_duration_seconds')]
  ),
  expertLoad: signal(
    'expertLoad',
    'gauge',
    'expert-debug',
    'Tokens routed to each logical expert over the EPLB window (high cardinality)',
    [proposed('vllm:expert_load_per_expert_tokens_DEBUG')]
  ),
  expertConfig: signal('expertConfig', 'gauge', 'eplb-metrics', 'Static expert configuration (labels), value 1', [
    proposed('vllm:expert_config_info'),
  ]),

  // --- Dual-batch overlap (proposed) -----------------------------------------------------------------
  dboActive: signal('dboActive', 'gauge', 'dbo-metrics', '1 while DBO is engaged, per phase', [
    proposed('vllm:dbo_active'),
  ]),
  dboFallout: signal('dboFallout', 'counter', 'dbo-metrics', 'Steps where DBO fell back to one batch, by reason', [
    proposed('vllm:dbo_fallout_total'),
  ]),
  ubatchTokens: signal('ubatchTokens', 'histogram', 'dbo-metrics', 'Tokens per micro-batch (first, second)', [
    proposed('vllm:ubatch_token_count'),
  ]),

  // --- llm-d router -----------------------------------------------------------------------------------
  pdDecisions: signal('pdDecisions', 'counter', 'epp', 'Router P/D decisions by decision_type', [
    current('llm_d_epp_disagg_decision_total'),
    legacy('llm_d_inference_scheduler_disagg_decision_total', 'llm-d router before 0.9'),
    legacy('llm_d_epp_pd_decision_total', 'deprecated pd-profile-handler'),
    legacy('llm_d_inference_scheduler_pd_decision_total', 'llm-d router before 0.7'),
  ]),

  // --- GPUs (dcgm-exporter) ---------------------------------------------------------------------------
  gpuUtil: signal('gpuUtil', 'gauge', 'dcgm', 'GPU utilization, percent', [current('DCGM_FI_DEV_GPU_UTIL')]),
  gpuFbUsed: signal('gpuFbUsed', 'gauge', 'dcgm', 'Framebuffer used, MiB', [current('DCGM_FI_DEV_FB_USED')]),
  gpuFbFree: signal('gpuFbFree', 'gauge', 'dcgm', 'Framebuffer free, MiB', [current('DCGM_FI_DEV_FB_FREE')]),
  gpuPower: signal('gpuPower', 'gauge', 'dcgm', 'Power draw, W', [current('DCGM_FI_DEV_POWER_USAGE')]),
  gpuTemp: signal('gpuTemp', 'gauge', 'dcgm', 'GPU temperature, °C', [current('DCGM_FI_DEV_GPU_TEMP')]),
  gpuMemTemp: signal('gpuMemTemp', 'gauge', 'dcgm', 'HBM temperature, °C', [current('DCGM_FI_DEV_MEMORY_TEMP')]),
  gpuSmClock: signal('gpuSmClock', 'gauge', 'dcgm', 'SM clock, MHz', [current('DCGM_FI_DEV_SM_CLOCK')]),
  gpuTensorActive: signal('gpuTensorActive', 'gauge', 'dcgm', 'Tensor pipe active, 0..1', [
    current('DCGM_FI_PROF_PIPE_TENSOR_ACTIVE'),
  ]),
  gpuDramActive: signal('gpuDramActive', 'gauge', 'dcgm', 'DRAM active, 0..1', [current('DCGM_FI_PROF_DRAM_ACTIVE')]),
  gpuGrEngineActive: signal('gpuGrEngineActive', 'gauge', 'dcgm', 'Graphics engine active, 0..1', [
    current('DCGM_FI_PROF_GR_ENGINE_ACTIVE'),
  ]),
  gpuNvlinkBandwidth: signal('gpuNvlinkBandwidth', 'counter', 'dcgm', 'NVLink bandwidth counter (all links)', [
    current('DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL'),
  ]),
  gpuNvlinkTx: signal('gpuNvlinkTx', 'gauge', 'dcgm-nvlink-csv', 'NVLink transmit, bytes/s', [
    current('DCGM_FI_PROF_NVLINK_TX_BYTES'),
  ]),
  gpuNvlinkRx: signal('gpuNvlinkRx', 'gauge', 'dcgm-nvlink-csv', 'NVLink receive, bytes/s', [
    current('DCGM_FI_PROF_NVLINK_RX_BYTES'),
  ]),
  gpuPcieTx: signal('gpuPcieTx', 'gauge', 'dcgm', 'PCIe transmit, bytes/s', [current('DCGM_FI_PROF_PCIE_TX_BYTES')]),
  gpuPcieRx: signal('gpuPcieRx', 'gauge', 'dcgm', 'PCIe receive, bytes/s', [current('DCGM_FI_PROF_PCIE_RX_BYTES')]),
  gpuXid: signal('gpuXid', 'gauge', 'dcgm', 'Last XID error code (0 = none)', [current('DCGM_FI_DEV_XID_ERRORS')]),

  // --- Nodes (node_exporter) --------------------------------------------------------------------------
  nodeCpu: signal('nodeCpu', 'counter', 'node-exporter', 'CPU seconds by mode', [current('node_cpu_seconds_total')]),
  nodeMemTotal: signal('nodeMemTotal', 'gauge', 'node-exporter', 'Memory total, bytes', [
    current('node_memory_MemTotal_bytes'),
  ]),
  nodeMemAvailable: signal('nodeMemAvailable', 'gauge', 'node-exporter', 'Memory available, bytes', [
    current('node_memory_MemAvailable_bytes'),
  ]),
  nodeIbRx: signal('nodeIbRx', 'counter', 'node-exporter', 'InfiniBand bytes received', [
    current('node_infiniband_port_data_received_bytes_total'),
  ]),
  nodeIbTx: signal('nodeIbTx', 'counter', 'node-exporter', 'InfiniBand bytes transmitted', [
    current('node_infiniband_port_data_transmitted_bytes_total'),
  ]),
} satisfies Record<string, Signal>;

export type SignalId = keyof typeof SIGNALS;

export const ALL_SIGNALS: Signal[] = Object.values(SIGNALS);
