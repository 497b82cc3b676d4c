/**
 * What must be true of a deployment for a family of metrics to exist. Panels name the requirement of the
 * signals they read, so an empty panel says what enables it instead of staying blank, and the scrape health
 * page links each missing family to the section of docs/metrics-setup.md that fixes it.
 */
export type RequirementId =
  | 'vllm'
  | 'vllm-by-source'
  | 'vllm-waiting-by-reason'
  | 'nixl'
  | 'pd-proposed'
  | 'eplb-metrics'
  | 'eplb-rebalance-pr'
  | 'eplb-routing-pr'
  | 'sglang-eplb-balancedness'
  | 'sglang-eplb-heatmap'
  | 'expert-debug'
  | 'dbo-metrics'
  | 'spec-decode'
  | 'epp'
  | 'dcgm'
  | 'dcgm-nvlink-csv'
  | 'node-exporter';

export interface Requirement {
  id: RequirementId;
  title: string;
  /** One sentence: what enables the metrics. Shown in empty panels and on the scrape health page. */
  howTo: string;
  /** Anchor in docs/metrics-setup.md. */
  docsAnchor: string;
}

export const REQUIREMENTS: Record<RequirementId, Requirement> = {
  vllm: {
    id: 'vllm',
    title: 'vLLM engine metrics',
    howTo: 'Scrape every vLLM pod on its HTTP port at /metrics (PodMonitor or scrape job).',
    docsAnchor: 'vllm',
  },
  'vllm-by-source': {
    id: 'vllm-by-source',
    title: 'Prompt tokens by source (vLLM 0.16 or newer)',
    howTo: 'vllm:prompt_tokens_by_source_total exists from vLLM 0.16; older versions only count all prompt tokens.',
    docsAnchor: 'vllm-versions',
  },
  'vllm-waiting-by-reason': {
    id: 'vllm-waiting-by-reason',
    title: 'Waiting requests by reason (vLLM 0.20 or newer)',
    howTo: 'vllm:num_requests_waiting_by_reason exists from vLLM 0.20; older versions only report the total.',
    docsAnchor: 'vllm-versions',
  },
  nixl: {
    id: 'nixl',
    title: 'NIXL KV-transfer metrics',
    howTo: 'vLLM registers vllm:nixl_* only when the KV connector is NixlConnector (or a MultiConnector holding it).',
    docsAnchor: 'nixl',
  },
  'pd-proposed': {
    id: 'pd-proposed',
    title: 'Proposed P/D counters (not upstream)',
    howTo: 'vllm:nixl_tokens_transferred_total and vllm:batch_executions_*_total are proposals: no vLLM release or open pull request exports them, so only builds carrying the proposal have them.',
    docsAnchor: 'proposed-metrics',
  },
  'eplb-metrics': {
    id: 'eplb-metrics',
    title: 'Proposed EPLB gauges (not upstream)',
    howTo: 'Upstream vLLM exports no EPLB balancedness (it only logs it). vllm:eplb_balancedness_ratio and the tokens-per-rank gauges are a proposal that no release exports; on SGLang set SGLANG_ENABLE_EPLB_BALANCEDNESS_METRIC=1 for sglang:eplb_balancedness.',
    docsAnchor: 'eplb',
  },
  'eplb-rebalance-pr': {
    id: 'eplb-rebalance-pr',
    title: 'EPLB rebalancing state and events (vLLM pull request #49956)',
    howTo: 'vllm:eplb_rebalancing and vllm:eplb_rebalance_events_total come from the open vLLM pull request #49956 (engine 0, with --enable-eplb); no release exports them yet.',
    docsAnchor: 'eplb-rebalance',
  },
  'eplb-routing-pr': {
    id: 'eplb-routing-pr',
    title: 'EPLB token-routing statistics (vLLM pull request #43715)',
    howTo: 'vllm:eplb_balancedness (a histogram of each EP rank\'s load over the mean) comes from the open vLLM pull request #43715, on by default with --enable-eplb in builds carrying it; no release exports it yet.',
    docsAnchor: 'eplb-routing',
  },
  'sglang-eplb-balancedness': {
    id: 'sglang-eplb-balancedness',
    title: 'SGLang EPLB balancedness',
    howTo: 'SGLang exports sglang:eplb_balancedness (on EP rank 0) only with SGLANG_ENABLE_EPLB_BALANCEDNESS_METRIC=1 and metrics enabled (--enable-metrics).',
    docsAnchor: 'sglang-eplb',
  },
  'sglang-eplb-heatmap': {
    id: 'sglang-eplb-heatmap',
    title: 'SGLang tokens per GPU rank and layer',
    howTo: 'SGLang fills sglang:eplb_gpu_physical_count with --enable-expert-distribution-metrics and SGLANG_EPLB_HEATMAP_COLLECTION_INTERVAL set above 0.',
    docsAnchor: 'sglang-eplb',
  },
  'expert-debug': {
    id: 'expert-debug',
    title: 'Per-expert load (proposed debug gauge)',
    howTo: 'vllm:expert_load_per_expert_tokens_DEBUG is a proposal (EPLBConfig debug_per_expert_metrics in builds carrying it); no vLLM release exports per-expert load. On SGLang the per-rank view comes from sglang:eplb_gpu_physical_count.',
    docsAnchor: 'expert-debug',
  },
  'dbo-metrics': {
    id: 'dbo-metrics',
    title: 'Dual-batch overlap metrics (proposed, not upstream)',
    howTo: 'No vLLM release or open pull request exports DBO metrics: --enable-dbo runs DBO but exports nothing. vllm:dbo_* and vllm:ubatch_token_count exist only in builds carrying the proposal.',
    docsAnchor: 'dbo',
  },
  'spec-decode': {
    id: 'spec-decode',
    title: 'Speculative decoding metrics',
    howTo: 'vllm:spec_decode_* exist only when a speculative config (draft model, EAGLE, MTP, n-gram) is set.',
    docsAnchor: 'spec-decode',
  },
  epp: {
    id: 'epp',
    title: 'llm-d router (endpoint picker) metrics',
    howTo: 'Scrape the llm-d router / EPP pod on its metrics port; P/D decisions need the disaggregation profile handler.',
    docsAnchor: 'epp',
  },
  dcgm: {
    id: 'dcgm',
    title: 'GPU metrics (dcgm-exporter)',
    howTo: 'Deploy NVIDIA dcgm-exporter (GPU Operator or Helm chart) with Kubernetes pod mapping and scrape it.',
    docsAnchor: 'dcgm',
  },
  'dcgm-nvlink-csv': {
    id: 'dcgm-nvlink-csv',
    title: 'NVLink byte counters',
    howTo: 'DCGM_FI_PROF_NVLINK_TX_BYTES / RX_BYTES are not in the default counters: add them with a custom counters CSV (deploy/dcgm/counters.csv).',
    docsAnchor: 'dcgm-nvlink',
  },
  'node-exporter': {
    id: 'node-exporter',
    title: 'Node metrics (node_exporter)',
    howTo: 'Run node_exporter on GPU nodes (kube-prometheus-stack does by default); InfiniBand needs its infiniband collector.',
    docsAnchor: 'node-exporter',
  },
};

/** The text an empty panel shows: what is missing and how to get it. */
export function noDataText(requirement: RequirementId, extra?: string): string {
  const r = REQUIREMENTS[requirement];
  return [`No data. ${r.howTo}`, extra].filter(Boolean).join(' ');
}
