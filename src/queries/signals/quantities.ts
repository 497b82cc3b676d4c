/**
 * Quantities: what a Wide EP or P/D panel shows, and every real source a fleet may have for it.
 *
 * A source is one family (or a few) of one shape, read by its own expression, so different shapes give the
 * same number: SGLang's balancedness Summary (mean of _sum / _count by forward_mode) and the proposed
 * per-layer gauge both become "balancedness per EP group". Sources are listed in order of preference:
 * upstream main, then open pull requests, then SGLang, then the proposals this app was first built around.
 * Where a fleet has none, `missing` says which upstream pull request or setting would bring one; it never
 * names a flag that exports nothing. The query builders (src/queries/wideep, src/queries/pd) hold one
 * expression per source id; the scrape health page reports which source each quantity reads.
 */
import { SignalId } from './signals';

/** Where a source is defined, in order of preference. */
export type SourceOrigin = 'upstream' | 'open-pr' | 'sglang' | 'proposed';

export const ORIGIN_ORDER: SourceOrigin[] = ['upstream', 'open-pr', 'sglang', 'proposed'];

export const ORIGIN_TEXT: Record<SourceOrigin, string> = {
  upstream: 'upstream',
  'open-pr': 'open pull request',
  sglang: 'SGLang',
  proposed: 'proposal, not upstream',
};

export interface QuantitySource {
  /** Unique within its quantity; the builders' key. */
  id: string;
  origin: SourceOrigin;
  /** Signals the source's expression reads; the source is in use when every one has series. */
  signals: SignalId[];
  /** Where the families are defined: repository, path and commit, or the pull request. */
  cite: string;
}

export interface Quantity {
  id: string;
  title: string;
  sources: QuantitySource[];
  /** What brings a source to a fleet that has none: an upstream pull request, a setting, or that none exists. */
  missing: string;
}

const SGLANG_COLLECTOR = 'sgl-project/sglang python/sglang/srt/metrics/collector.py @93d04878cfb9b08645fae7b11bd340ee33b34acf';
const SGLANG_HEATMAP =
  'sgl-project/sglang python/sglang/srt/eplb/expert_distribution.py @dd780ab9de484cf1198ff538a1b8b0da6464ab5a (_handle_metric_eplb_heatmap)';
const VLLM_LOGGERS = 'vllm-project/vllm vllm/v1/metrics/loggers.py @a6f0308cfe806b7731ad4979c9bea6e470c35efd';
const VLLM_STATS = 'vllm-project/vllm vllm/v1/metrics/stats.py (PromptTokenStats.update_from_output)';
const PR_49956 = 'vllm-project/vllm#49956 (open): engine index 0 only, model_name without engine';
const PR_43715 = 'vllm-project/vllm#43715 (open): histogram of each layer and EP rank\'s load over the mean, no layer label';
const SEEDS = "the seeds' proposal (vllm:eplb_*, vllm:dbo_*, vllm:expert_*), not merged upstream";

function quantity(id: string, title: string, missing: string, sources: QuantitySource[]): Quantity {
  return { id, title, missing, sources };
}

export const QUANTITIES = {
  balancedness: quantity(
    'balancedness',
    'EPLB balancedness per EP group',
    'vLLM only logs balancedness: no release exports it; vLLM #43715 (open) would bring a histogram of each EP rank\'s load over the mean. On SGLang set SGLANG_ENABLE_EPLB_BALANCEDNESS_METRIC=1.',
    [
      { id: 'pr-43715-rank-load', origin: 'open-pr', signals: ['eplbRankLoad'], cite: PR_43715 },
      { id: 'sglang-summary', origin: 'sglang', signals: ['sglangEplbBalancedness'], cite: SGLANG_COLLECTOR },
      { id: 'proposed-ratio', origin: 'proposed', signals: ['eplbBalancedness'], cite: SEEDS },
      { id: 'closed-34066-min', origin: 'proposed', signals: ['eplbBalancednessMin'], cite: 'vllm-project/vllm#34066 (closed)' },
    ]
  ),
  balancednessPerLayer: quantity(
    'balancednessPerLayer',
    'EPLB balancedness per MoE layer',
    "No release or open pull request exports balancedness per layer (vLLM #43715's histogram folds the layers together). SGLang's balancedness has no layer label: its per-layer view is tokens per GPU rank (sglang:eplb_gpu_physical_count).",
    [{ id: 'proposed-ratio', origin: 'proposed', signals: ['eplbBalancedness'], cite: SEEDS }]
  ),
  tokensPerRankByLayer: quantity(
    'tokensPerRankByLayer',
    'Tokens per EP rank, by layer',
    'No vLLM release exports tokens per EP rank (vLLM #43715, open, exports each rank\'s load relative to the mean, without layer or rank labels). On SGLang run with --enable-expert-distribution-metrics and SGLANG_EPLB_HEATMAP_COLLECTION_INTERVAL above 0.',
    [
      { id: 'sglang-heatmap', origin: 'sglang', signals: ['sglangEplbGpuPhysicalCount'], cite: SGLANG_HEATMAP },
      { id: 'proposed-gauges', origin: 'proposed', signals: ['eplbMaxTokens', 'eplbAvgTokens'], cite: SEEDS },
    ]
  ),
  expertLoad: quantity(
    'expertLoad',
    'Tokens per logical expert',
    'No vLLM release or open pull request exports per-expert load (vLLM #43715 counts per EP rank, not per expert). SGLang gives tokens per GPU rank (sglang:eplb_gpu_physical_count), not per expert.',
    [{ id: 'proposed-debug', origin: 'proposed', signals: ['expertLoad'], cite: SEEDS }]
  ),
  rebalancing: quantity(
    'rebalancing',
    'Expert rearrangement in progress',
    'vLLM #49956 (open) exports vllm:eplb_rebalancing; no release does yet. SGLang only logs rebalances.',
    [
      { id: 'pr-49956', origin: 'open-pr', signals: ['eplbRebalancing'], cite: PR_49956 },
    ]
  ),
  rearrangements: quantity(
    'rearrangements',
    'Completed expert rearrangements',
    'vLLM #49956 (open) exports vllm:eplb_rebalance_events_total; no release does yet. SGLang only logs rebalances.',
    [{ id: 'counter', origin: 'open-pr', signals: ['eplbRearrangements'], cite: `${PR_49956}; then ${SEEDS}` }]
  ),
  rearrangementDuration: quantity(
    'rearrangementDuration',
    'Duration of expert rearrangements',
    'No vLLM release or open pull request exports the rearrangement duration (vLLM and SGLang log it).',
    [{ id: 'proposed-histogram', origin: 'proposed', signals: ['eplbRearrangementDuration'], cite: SEEDS }]
  ),
  dbo: quantity(
    'dbo',
    'Dual-batch overlap engagement',
    'No vLLM release or open pull request exports DBO metrics; --enable-dbo runs DBO without exporting anything.',
    [{ id: 'proposed', origin: 'proposed', signals: ['dboActive', 'dboFallout', 'ubatchTokens'], cite: SEEDS }]
  ),
  rankThroughput: quantity(
    'rankThroughput',
    'Throughput and imbalance per data-parallel rank',
    'Every vLLM exports vllm:generation_tokens_total per engine: scrape the vLLM pods.',
    [{ id: 'per-engine-counters', origin: 'upstream', signals: ['generationTokens'], cite: VLLM_LOGGERS }]
  ),
  decodeComputedPerRequest: quantity(
    'decodeComputedPerRequest',
    'Prompt tokens decode computes per request',
    'vllm:prompt_tokens_by_source_total exists from vLLM 0.16.',
    [
      {
        id: 'by-source',
        origin: 'upstream',
        signals: ['promptTokensBySource', 'requestSuccess'],
        cite: `${VLLM_STATS}; ${VLLM_LOGGERS}`,
      },
    ]
  ),
  kvTokensTransferred: quantity(
    'kvTokensTransferred',
    'KV tokens moved from prefill to decode',
    'vllm:prompt_tokens_by_source_total exists from vLLM 0.16.',
    [
      { id: 'external-kv-transfer', origin: 'upstream', signals: ['promptTokensBySource'], cite: VLLM_STATS },
      { id: 'proposed-nixl-tokens', origin: 'proposed', signals: ['nixlTokensTransferred'], cite: SEEDS },
    ]
  ),
  batchComposition: quantity(
    'batchComposition',
    'Prefill, decode and interleaved engine steps',
    'No vLLM release or open pull request exports batch composition; vllm:iteration_tokens_total gives tokens per step only.',
    [{ id: 'proposed', origin: 'proposed', signals: ['batchPrefill', 'batchDecode', 'batchInterleaved'], cite: SEEDS }]
  ),
} satisfies Record<string, Quantity>;

export type QuantityId = keyof typeof QUANTITIES;

/** The Wide EP quantities, in the order the scrape health page lists them. */
export const WIDE_EP_QUANTITIES: QuantityId[] = [
  'balancedness',
  'balancednessPerLayer',
  'tokensPerRankByLayer',
  'expertLoad',
  'rebalancing',
  'rearrangements',
  'rearrangementDuration',
  'dbo',
  'rankThroughput',
];

/** The text an empty panel of a quantity shows: no source in this fleet, and what would bring one. */
export function quantityNoData(id: QuantityId): string {
  return `No data: no source in this fleet. ${QUANTITIES[id].missing}`;
}
