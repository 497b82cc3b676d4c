/**
 * The /metrics of one vLLM pod: every engine's series, named as vLLM (or an older vLLM) names them.
 * Two registries share the same series: `current` (the profile's family sets, each transcribed from
 * metrics/upstream/<set>.json) and `legacy` (an older vLLM, ~0.9, for the legacy-vllm scenario and profile).
 * Python's client adds a `<name>_created` gauge to every counter and histogram.
 */
import { Registry } from 'prom-client';
import { Family, GaugeSeries, HistogramSeries, CounterSeries, Labels, MetricType } from '../series';
import { Pod } from '../topology';
import { DBO_FALLOUT_REASONS, FINISHED_REASONS, PROMPT_SOURCES } from '../workload';
import { BATCH_TYPES, DBO_PHASES, EngineSeries, SLEEP_STATES, UBATCH_INDEXES } from './engineSeries';
import { WINDOW_STEPS } from '../experts';
import { Profile, VllmFamilySet } from '../profiles';

type Series = CounterSeries | GaugeSeries | HistogramSeries;
export type Variant = 'current' | 'legacy';

/** Which registries a family belongs to. */
type Where = 'both' | 'current' | 'legacy';

interface FamilyDef {
  name: string;
  help: string;
  type: MetricType;
  where: Where;
  /** The metrics/upstream source that defines it (current variant); upstream vLLM when unset. */
  set?: VllmFamilySet;
  /** Rows for one engine: extra labels and the series behind them. */
  rows: (e: EngineSeries) => Array<[Labels, Series]>;
  /** Label names replacing model_name/engine (cache_config_info has no model_name). */
  ownLabels?: boolean;
}

const one = (series: (e: EngineSeries) => Series) => (e: EngineSeries): Array<[Labels, Series]> => [[{}, series(e)]];

export interface PodOptions {
  layers: number;
  experts: number;
  redundantExperts: number;
  eplbStepInterval: number;
  blockSize: number;
  numGpuBlocks: number;
}

function familyDefs(o: PodOptions): FamilyDef[] {
  const layers = Array.from({ length: o.layers }, (_, l) => l);
  const perLayer = (pick: (e: EngineSeries) => GaugeSeries[]) => (e: EngineSeries) =>
    layers.map((l): [Labels, Series] => [{ layer: String(l) }, pick(e)[l]]);
  return [
    // Scheduler state.
    { name: 'vllm:num_requests_running', help: 'Number of requests in model execution batches.', type: 'gauge', where: 'both', rows: one((e) => e.running) },
    { name: 'vllm:num_requests_waiting', help: 'Number of requests waiting to be processed.', type: 'gauge', where: 'both', rows: one((e) => e.waiting) },
    {
      name: 'vllm:num_requests_waiting_by_reason', help: "Number of waiting requests by reason. Reason labels: 'capacity' = waiting for scheduling capacity; 'deferred' = deferred by transient constraints (LoRA budget, KV transfer, blocked status). Sum of all reasons equals vllm:num_requests_waiting.", type: 'gauge', where: 'current',
      rows: (e) => [[{ reason: 'capacity' }, e.waitingByReason.capacity], [{ reason: 'deferred' }, e.waitingByReason.deferred]],
    },
    { name: 'vllm:engine_sleep_state', help: 'Engine sleep state; awake = 0 means engine is sleeping; awake = 1 means engine is awake; weights_offloaded = 1 means sleep level 1; discard_all = 1 means sleep level 2.', type: 'gauge', where: 'current', rows: (e) => SLEEP_STATES.map((s): [Labels, Series] => [{ sleep_state: s }, e.sleepState[s]]) },
    { name: 'vllm:kv_cache_usage_perc', help: 'KV-cache usage. 1 means 100 percent usage.', type: 'gauge', where: 'current', rows: one((e) => e.kvUsage) },
    { name: 'vllm:gpu_cache_usage_perc', help: 'GPU KV-cache usage. 1 means 100 percent usage.', type: 'gauge', where: 'legacy', rows: one((e) => e.kvUsage) },
    // Caches.
    { name: 'vllm:prefix_cache_queries_total', help: 'Prefix cache queries, in terms of number of queried tokens.', type: 'counter', where: 'current', rows: one((e) => e.prefixQueries) },
    { name: 'vllm:prefix_cache_hits_total', help: 'Prefix cache hits, in terms of number of cached tokens.', type: 'counter', where: 'current', rows: one((e) => e.prefixHits) },
    { name: 'vllm:gpu_prefix_cache_queries_total', help: 'GPU prefix cache queries, in terms of number of queried tokens.', type: 'counter', where: 'legacy', rows: one((e) => e.prefixQueries) },
    { name: 'vllm:gpu_prefix_cache_hits_total', help: 'GPU prefix cache hits, in terms of number of cached tokens.', type: 'counter', where: 'legacy', rows: one((e) => e.prefixHits) },
    { name: 'vllm:external_prefix_cache_queries_total', help: 'External prefix cache queries from KV connector cross-instance cache sharing, in terms of number of queried tokens.', type: 'counter', where: 'current', rows: one((e) => e.externalQueries) },
    { name: 'vllm:external_prefix_cache_hits_total', help: 'External prefix cache hits from KV connector cross-instance cache sharing, in terms of number of cached tokens.', type: 'counter', where: 'current', rows: one((e) => e.externalHits) },
    { name: 'vllm:mm_cache_queries_total', help: 'Multi-modal cache queries, in terms of number of queried items.', type: 'counter', where: 'current', rows: one((e) => e.mmQueries) },
    { name: 'vllm:mm_cache_hits_total', help: 'Multi-modal cache hits, in terms of number of cached items.', type: 'counter', where: 'current', rows: one((e) => e.mmHits) },
    // Tokens and requests.
    { name: 'vllm:num_preemptions_total', help: 'Cumulative number of preemption from the engine.', type: 'counter', where: 'both', rows: one((e) => e.preemptions) },
    { name: 'vllm:prompt_tokens_total', help: 'Number of prefill tokens processed.', type: 'counter', where: 'both', rows: one((e) => e.promptTokens) },
    { name: 'vllm:prompt_tokens_by_source_total', help: 'Number of prompt tokens by source.', type: 'counter', where: 'current', rows: (e) => PROMPT_SOURCES.map((s): [Labels, Series] => [{ source: s }, e.promptBySource[s]]) },
    { name: 'vllm:prompt_tokens_cached_total', help: 'Number of cached prompt tokens (local + external).', type: 'counter', where: 'current', rows: one((e) => e.promptCached) },
    { name: 'vllm:generation_tokens_total', help: 'Number of generation tokens processed.', type: 'counter', where: 'both', rows: one((e) => e.generationTokens) },
    { name: 'vllm:request_success_total', help: 'Count of successfully processed requests.', type: 'counter', where: 'both', rows: (e) => FINISHED_REASONS.map((r): [Labels, Series] => [{ finished_reason: r }, e.success[r]]) },
    { name: 'vllm:request_prompt_tokens', help: 'Number of prefill tokens processed.', type: 'histogram', where: 'both', rows: one((e) => e.promptLength) },
    { name: 'vllm:request_generation_tokens', help: 'Number of generation tokens processed.', type: 'histogram', where: 'both', rows: one((e) => e.generationLength) },
    { name: 'vllm:iteration_tokens_total', help: 'Histogram of number of tokens per engine_step.', type: 'histogram', where: 'both', rows: one((e) => e.iterationTokens) },
    { name: 'vllm:request_max_num_generation_tokens', help: 'Histogram of maximum number of requested generation tokens.', type: 'histogram', where: 'both', rows: one((e) => e.maxGenerationTokens) },
    { name: 'vllm:request_params_n', help: 'Histogram of the n request parameter.', type: 'histogram', where: 'both', rows: one((e) => e.paramsN) },
    { name: 'vllm:request_params_max_tokens', help: 'Histogram of the max_tokens request parameter.', type: 'histogram', where: 'both', rows: one((e) => e.paramsMaxTokens) },
    // Latencies.
    { name: 'vllm:time_to_first_token_seconds', help: 'Histogram of time to first token in seconds.', type: 'histogram', where: 'both', rows: one((e) => e.ttft) },
    { name: 'vllm:inter_token_latency_seconds', help: 'Histogram of inter-token latency in seconds.', type: 'histogram', where: 'current', rows: one((e) => e.itl) },
    { name: 'vllm:time_per_output_token_seconds', help: 'Histogram of time per output token in seconds.', type: 'histogram', where: 'legacy', rows: one((e) => e.itl) },
    { name: 'vllm:request_time_per_output_token_seconds', help: 'Histogram of time_per_output_token_seconds per request.', type: 'histogram', where: 'current', rows: one((e) => e.timePerOutputToken) },
    { name: 'vllm:e2e_request_latency_seconds', help: 'Histogram of e2e request latency in seconds.', type: 'histogram', where: 'both', rows: one((e) => e.e2e) },
    { name: 'vllm:request_queue_time_seconds', help: 'Histogram of time spent in WAITING phase for request.', type: 'histogram', where: 'both', rows: one((e) => e.queueTime) },
    { name: 'vllm:request_inference_time_seconds', help: 'Histogram of time spent in RUNNING phase for request.', type: 'histogram', where: 'both', rows: one((e) => e.inferenceTime) },
    { name: 'vllm:request_prefill_time_seconds', help: 'Histogram of time spent in PREFILL phase for request.', type: 'histogram', where: 'both', rows: one((e) => e.prefillTime) },
    { name: 'vllm:request_decode_time_seconds', help: 'Histogram of time spent in DECODE phase for request.', type: 'histogram', where: 'both', rows: one((e) => e.decodeTime) },
    { name: 'vllm:request_prefill_kv_computed_tokens', help: 'Histogram of new KV tokens computed during prefill (excluding cached tokens).', type: 'histogram', where: 'current', rows: one((e) => e.kvComputed) },
    // Configuration.
    {
      name: 'vllm:cache_config_info', help: 'Information of the LLMEngine CacheConfig', type: 'gauge', where: 'both', ownLabels: true,
      rows: (e) => [[cacheConfigLabels(o, e), e.info]],
    },
    // Speculative decoding (MTP).
    { name: 'vllm:spec_decode_num_drafts_total', help: 'Number of spec decoding drafts.', type: 'counter', where: 'both', rows: one((e) => e.specDrafts) },
    { name: 'vllm:spec_decode_num_draft_tokens_total', help: 'Number of draft tokens.', type: 'counter', where: 'both', rows: one((e) => e.specDraftTokens) },
    { name: 'vllm:spec_decode_num_accepted_tokens_total', help: 'Number of accepted tokens.', type: 'counter', where: 'both', rows: one((e) => e.specAccepted) },
    { name: 'vllm:spec_decode_num_accepted_tokens_per_pos_total', help: 'Accepted tokens per draft position.', type: 'counter', where: 'both', rows: (e) => [[{ position: '0' }, e.specAcceptedPos0]] },
    // Model FLOPs utilization estimates.
    { name: 'vllm:estimated_flops_per_gpu_total', help: 'Estimated number of floating point operations per GPU (for Model Flops Utilization calculations).', type: 'counter', where: 'current', rows: one((e) => e.flops) },
    { name: 'vllm:estimated_read_bytes_per_gpu_total', help: 'Estimated number of bytes read from memory per GPU (for Model Flops Utilization calculations).', type: 'counter', where: 'current', rows: one((e) => e.readBytes) },
    { name: 'vllm:estimated_write_bytes_per_gpu_total', help: 'Estimated number of bytes written to memory per GPU (for Model Flops Utilization calculations).', type: 'counter', where: 'current', rows: one((e) => e.writeBytes) },
    // NIXL connector (P/D KV transfer).
    { name: 'vllm:nixl_xfer_time_seconds', help: 'Histogram of transfer duration for NIXL KV Cache transfers.', type: 'histogram', where: 'current', set: 'vllm-nixl', rows: one((e) => e.nixlXferTime) },
    { name: 'vllm:nixl_post_time_seconds', help: 'Histogram of transfer post time for NIXL KV Cache transfers.', type: 'histogram', where: 'current', set: 'vllm-nixl', rows: one((e) => e.nixlPostTime) },
    { name: 'vllm:nixl_bytes_transferred', help: 'Histogram of bytes transferred per NIXL KV Cache transfers.', type: 'histogram', where: 'current', set: 'vllm-nixl', rows: one((e) => e.nixlBytes) },
    { name: 'vllm:nixl_num_descriptors', help: 'Histogram of number of descriptors per NIXL  KV Cache transfers.', type: 'histogram', where: 'current', set: 'vllm-nixl', rows: one((e) => e.nixlDescriptors) },
    { name: 'vllm:nixl_num_failed_transfers_total', help: 'Number of failed NIXL KV Cache transfers.', type: 'counter', where: 'current', set: 'vllm-nixl', rows: one((e) => e.nixlFailedTransfers) },
    { name: 'vllm:nixl_num_failed_notifications_total', help: 'Number of failed NIXL KV Cache notifications.', type: 'counter', where: 'current', set: 'vllm-nixl', rows: one((e) => e.nixlFailedNotifications) },
    { name: 'vllm:nixl_num_kv_expired_reqs_total', help: 'Number of requests that had their KV expire. NOTE: This metric is tracked on the P instance.', type: 'counter', where: 'current', set: 'vllm-nixl', rows: one((e) => e.nixlExpired) },
    // Proposed: P/D and batch composition.
    { name: 'vllm:nixl_tokens_transferred_total', help: 'Number of tokens whose KV was transferred by NIXL.', type: 'counter', where: 'current', set: 'seeds-proposed', rows: one((e) => e.nixlTokens) },
    { name: 'vllm:batch_executions_prefill_total', help: 'Engine steps with prefill work only.', type: 'counter', where: 'current', set: 'seeds-proposed', rows: one((e) => e.batches.prefill) },
    { name: 'vllm:batch_executions_decode_total', help: 'Engine steps with decode work only.', type: 'counter', where: 'current', set: 'seeds-proposed', rows: one((e) => e.batches.decode) },
    { name: 'vllm:batch_executions_interleaved_total', help: 'Engine steps mixing prefill and decode work.', type: 'counter', where: 'current', set: 'seeds-proposed', rows: one((e) => e.batches.interleaved) },
    // Proposed: dual-batch overlap.
    { name: 'vllm:dbo_active', help: 'Whether dual-batch overlap is active, by phase.', type: 'gauge', where: 'current', set: 'seeds-proposed', rows: (e) => DBO_PHASES.map((p): [Labels, Series] => [{ phase: p }, e.dboActive[p]]) },
    { name: 'vllm:dbo_fallout_total', help: 'Steps that fell back from dual-batch overlap, by reason.', type: 'counter', where: 'current', set: 'seeds-proposed', rows: (e) => DBO_FALLOUT_REASONS.map((r): [Labels, Series] => [{ reason: r }, e.dboFallout[r]]) },
    { name: 'vllm:ubatch_token_count', help: 'Tokens per micro-batch under dual-batch overlap.', type: 'histogram', where: 'current', set: 'seeds-proposed', rows: (e) => UBATCH_INDEXES.map((u): [Labels, Series] => [{ ubatch_index: u }, e.ubatch[u]]) },
    // Proposed: EPLB.
    { name: 'vllm:eplb_balancedness_ratio', help: 'EPLB balancedness per MoE layer: avg / max tokens per rank (1.0 = perfect).', type: 'gauge', where: 'current', set: 'seeds-proposed', rows: perLayer((e) => e.eplbBalancedness) },
    { name: 'vllm:eplb_avg_tokens_per_rank', help: 'Average tokens per EP rank over the EPLB window, per MoE layer.', type: 'gauge', where: 'current', set: 'seeds-proposed', rows: perLayer((e) => e.eplbAvgTokens) },
    { name: 'vllm:eplb_max_tokens_per_rank', help: 'Maximum tokens per EP rank over the EPLB window, per MoE layer.', type: 'gauge', where: 'current', set: 'seeds-proposed', rows: perLayer((e) => e.eplbMaxTokens) },
    { name: 'vllm:eplb_rebalancing', help: '1 while an EPLB expert rearrangement is in progress.', type: 'gauge', where: 'current', set: 'seeds-proposed', rows: one((e) => e.eplbRebalancing) },
    { name: 'vllm:eplb_rearrangements_total', help: 'Completed EPLB expert rearrangements.', type: 'counter', where: 'current', set: 'seeds-proposed', rows: one((e) => e.eplbRearrangements) },
    { name: 'vllm:eplb_rearrangement_duration_seconds', help: 'Duration of EPLB expert rearrangements.', type: 'histogram', where: 'current', set: 'seeds-proposed', rows: one((e) => e.eplbDuration) },
    {
      name: 'vllm:expert_config_info', help: 'Expert-parallel configuration.', type: 'gauge', where: 'current', set: 'seeds-proposed',
      rows: (e) => [[{
        total_experts: String(o.experts),
        redundant_experts: String(o.redundantExperts),
        window_size: String(WINDOW_STEPS),
        step_interval: String(o.eplbStepInterval),
      }, e.info]],
    },
    {
      name: 'vllm:expert_load_per_expert_tokens_DEBUG', help: 'DEBUG: tokens routed to each logical expert over the EPLB window.', type: 'gauge', where: 'current', set: 'seeds-proposed',
      rows: (e) => {
        const out: Array<[Labels, Series]> = [];
        e.expertLoad?.forEach((row, l) => row.forEach((g, x) => out.push([{ layer: String(l), expert_id: String(x) }, g])));
        return out;
      },
    },
  ];
}

function cacheConfigLabels(o: PodOptions, e: EngineSeries): Labels {
  return {
    block_size: String(o.blockSize),
    cache_dtype: 'auto',
    calculate_kv_scales: 'False',
    cpu_offload_gb: '0',
    enable_prefix_caching: 'True',
    gpu_memory_utilization: '0.9',
    is_attention_free: 'False',
    kv_cache_memory_bytes: 'None',
    num_cpu_blocks: 'None',
    num_gpu_blocks: String(o.numGpuBlocks),
    prefix_caching_hash_algo: 'sha256',
    sliding_window: 'None',
    swap_space: '4',
    engine: e.engine.label,
  };
}

/** What the simulation needs of any model-server pod, whichever engine it runs. */
export interface PodTarget {
  readonly pod: Pod;
  readonly engines: EngineSeries[];
  readonly registries: Record<Variant, Registry>;
  readonly created: GaugeSeries;
  readonly httpRequests: CounterSeries;
  readonly debugFamilies: Family[];
  /** EP-group-wide EPLB state as PR #49956 records it (model_name only); set on the group's first pod. */
  readonly groupEplb: { rebalancing: GaugeSeries; events: CounterSeries };
  seriesCount(variant: Variant): number;
}

/** The pod's two registries over shared engine series. */
export class VllmPodTarget implements PodTarget {
  readonly registries: Record<Variant, Registry>;
  readonly created = new GaugeSeries();
  readonly httpRequests = new CounterSeries();
  /** DEBUG family, switched on/off by the simulation. */
  readonly debugFamilies: Family[] = [];
  readonly groupEplb = { rebalancing: new GaugeSeries(), events: new CounterSeries() };

  constructor(
    readonly pod: Pod,
    readonly engines: EngineSeries[],
    options: PodOptions,
    profile: Profile
  ) {
    const defs = familyDefs(options);
    const legacy = this.registry(defs.filter((d) => d.where !== 'current'));
    if (profile.engine === 'vllm-legacy') {
      this.registries = { current: legacy, legacy };
      return;
    }
    const current = this.registry(defs.filter((d) => d.where !== 'legacy' && profile.vllmSets.has(d.set ?? 'vllm')));
    if (profile.vllmSets.has('vllm-pr-43715')) {
      this.registerPr43715(current);
    }
    if (profile.vllmSets.has('vllm-pr-49956')) {
      this.registerPr49956(current);
    }
    this.registries = { current, legacy };
  }

  private registry(defs: FamilyDef[]): Registry {
    const registry = new Registry();
    for (const def of defs) {
      const family = new Family(def.name, def.help, def.type);
      for (const engine of this.engines) {
        const base: Labels = def.ownLabels ? {} : { model_name: this.pod.model.name, engine: engine.engine.label };
        for (const [labels, series] of def.rows(engine)) {
          family.add({ ...base, ...labels }, series);
        }
      }
      if (def.name === 'vllm:expert_load_per_expert_tokens_DEBUG') {
        this.debugFamilies.push(family);
      }
      registry.registerMetric(family as never);
      if (def.type !== 'gauge') {
        registry.registerMetric(createdFamily(def, this.engines, this.pod, this.created) as never);
      }
    }
    // The API server's HTTP metrics (prometheus-fastapi-instrumentator): one per pod, no engine label.
    const http = new Family('http_requests_total', 'Total number of requests by method, status and handler.', 'counter');
    http.add({ handler: '/v1/completions', method: 'POST', status: '2xx' }, this.httpRequests);
    registry.registerMetric(http as never);
    const httpCreated = new Family('http_requests_created', 'Total number of requests by method, status and handler.', 'gauge');
    httpCreated.add({ handler: '/v1/completions', method: 'POST', status: '2xx' }, this.created);
    registry.registerMetric(httpCreated as never);
    return registry;
  }

  /**
   * PR #43715 (open): per (layer, EP rank) load ratio tokens / (total / ep_size) observed into a histogram, per
   * engine, with the EPLB model as `model`. Its help text is not known here; the name is used.
   */
  private registerPr43715(registry: Registry): void {
    const model = this.pod.model.name;
    const def: FamilyDef = {
      name: 'vllm:eplb_balancedness', help: 'vllm:eplb_balancedness', type: 'histogram', where: 'current',
      rows: (e) => [[{ model }, e.eplbRankLoadRatio]],
    };
    registry.registerMetric(this.single(def) as never);
    registry.registerMetric(createdFamily(def, this.engines, this.pod, this.created) as never);
  }

  /** PR #49956 (open): the EP group's state, recorded once, with model_name and no engine label. */
  private registerPr49956(registry: Registry): void {
    const labels = { model_name: this.pod.model.name };
    registry.registerMetric(new Family('vllm:eplb_rebalancing', 'vllm:eplb_rebalancing', 'gauge').add(labels, this.groupEplb.rebalancing) as never);
    registry.registerMetric(new Family('vllm:eplb_rebalance_events_total', 'vllm:eplb_rebalance_events_total', 'counter').add(labels, this.groupEplb.events) as never);
    registry.registerMetric(new Family('vllm:eplb_rebalance_events_created', 'vllm:eplb_rebalance_events_total', 'gauge').add(labels, this.created) as never);
  }

  private single(def: FamilyDef): Family {
    const family = new Family(def.name, def.help, def.type);
    for (const engine of this.engines) {
      for (const [labels, series] of def.rows(engine)) {
        family.add({ model_name: this.pod.model.name, engine: engine.engine.label, ...labels }, series);
      }
    }
    return family;
  }

  /** Series count of a variant (for benchmarks). */
  seriesCount(variant: Variant): number {
    return (this.registries[variant].getMetricsAsArray() as unknown as Family[]).reduce((s, f) => s + f.size, 0);
  }
}

/** `<base>_created`: Python's prometheus_client exposes one per counter/histogram child. */
function createdFamily(def: FamilyDef, engines: EngineSeries[], pod: Pod, created: GaugeSeries): Family {
  const base = def.type === 'counter' ? def.name.replace(/_total$/, '') : def.name;
  const out = new Family(`${base}_created`, def.help, 'gauge');
  for (const engine of engines) {
    const labels: Labels = def.ownLabels ? {} : { model_name: pod.model.name, engine: engine.engine.label };
    for (const [extra] of def.rows(engine)) {
      out.add({ ...labels, ...extra }, created);
    }
  }
  return out;
}
