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
    title: 'Proposed P/D counters',
    howTo: 'vllm:nixl_tokens_transferred_total and vllm:batch_executions_*_total come from the P/D observability patch set; upstream vLLM does not export them yet.',
    docsAnchor: 'proposed-metrics',
  },
  'eplb-metrics': {
    id: 'eplb-metrics',
    title: 'EPLB metrics',
    howTo: 'Run with --enable-eplb and a vLLM build that exports the proposed vllm:eplb_* metrics (upstream only logs balancedness).',
    docsAnchor: 'eplb',
  },
  'expert-debug': {
    id: 'expert-debug',
    title: 'Per-expert load (debug)',
    howTo: 'Set EPLBConfig debug_per_expert_metrics=true. It adds layers × experts series per deployment and switches itself off after debug_metrics_duration seconds.',
    docsAnchor: 'expert-debug',
  },
  'dbo-metrics': {
    id: 'dbo-metrics',
    title: 'Dual-batch overlap metrics',
    howTo: 'Run with --enable-dbo and a vLLM build that exports the proposed vllm:dbo_* and vllm:ubatch_token_count metrics.',
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
