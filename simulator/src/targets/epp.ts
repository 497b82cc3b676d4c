/**
 * The llm-d router's endpoint picker (EPP): request, pool, scheduler and flow-control metrics per model
 * (one InferencePool each), and the disaggregation decisions under their current and deprecated names; names,
 * help, labels and buckets as metrics/upstream/llm-d-router.json transcribes them. The pd-profile-handler's
 * counters appear only when the profile runs that (deprecated) handler.
 */
import { Registry } from 'prom-client';
import { BUCKETS } from '../buckets';
import { constant, logNormal } from '../distributions';
import { CounterSeries, Family, GaugeSeries, HistogramSeries, Labels, MetricType, SeriesSet } from '../series';
import { ModelDeployment, Topology } from '../topology';
import { ModelRates } from '../workload';

type Series = CounterSeries | GaugeSeries | HistogramSeries;

/** The series of one model's InferencePool as the EPP sees it. */
export class EppModelSeries extends SeriesSet {
  readonly requests = this.counter();
  readonly errors = this.counter();
  readonly decisionPd = this.counter();
  readonly decisionDecodeOnly = this.counter();
  readonly schedulerSuccess = this.counter();
  readonly flowDispatched = this.counter();
  readonly kvIndexHits = this.counter();
  readonly duration = this.histogram(BUCKETS.eppLatency);
  readonly requestSize = this.histogram(BUCKETS.eppSizes);
  readonly responseSize = this.histogram(BUCKETS.eppResponseSizes);
  readonly inputTokens = this.histogram(BUCKETS.eppTokens);
  readonly outputTokens = this.histogram(BUCKETS.eppOutputTokens);
  readonly cachedTokens = this.histogram(BUCKETS.eppTokens);
  readonly ntpot = this.histogram(BUCKETS.eppNtpot);
  readonly ttft = this.histogram(BUCKETS.eppTtft);
  readonly streamingTpot = this.histogram(BUCKETS.eppTpot);
  readonly streamingItl = this.histogram(BUCKETS.eppItl);
  readonly schedulerE2e = this.histogram(BUCKETS.eppSchedulerSeconds);
  readonly pluginDuration = this.histogram(BUCKETS.eppPluginSeconds);
  readonly queueDuration = this.histogram(BUCKETS.eppQueueSeconds);
  readonly prefixHitRatio = this.histogram(BUCKETS.ratio);
  readonly running = new GaugeSeries();
  readonly avgKv = new GaugeSeries();
  readonly avgQueue = new GaugeSeries();
  readonly avgRunning = new GaugeSeries();
  readonly sdKv = new GaugeSeries();
  readonly sdQueue = new GaugeSeries();
  readonly sdRunning = new GaugeSeries();
  readonly readyEndpoints = new GaugeSeries();
  readonly perEndpointQueue = new Map<string, GaugeSeries>();
  readonly inflightRequests = new Map<string, GaugeSeries>();
  readonly inflightTokens = new Map<string, GaugeSeries>();
  readonly saturation = new GaugeSeries();
  readonly flowQueue = new GaugeSeries();
  readonly staleEndpoints = new GaugeSeries();
  readonly info = new GaugeSeries();

  constructor(readonly model: ModelDeployment) {
    super();
    for (const pod of model.pods) {
      this.perEndpointQueue.set(pod.name, new GaugeSeries());
      this.inflightRequests.set(pod.name, new GaugeSeries());
      this.inflightTokens.set(pod.name, new GaugeSeries());
    }
    this.info.value = 1;
  }

  apply(rates: ModelRates, promptTokens: number, outputTokens: number, ttft: number, itl: number): void {
    const requests = rates.prefillDecode + rates.decodeOnly;
    this.requests.perLoad = requests;
    this.decisionPd.perLoad = rates.prefillDecode;
    this.decisionDecodeOnly.perLoad = rates.decodeOnly;
    this.schedulerSuccess.perLoad = requests;
    this.flowDispatched.perLoad = requests;
    this.kvIndexHits.perLoad = requests * 0.35;
    const e2e = ttft + (outputTokens - 1) * itl;
    const set = (h: HistogramSeries, perLoad: number, d: ReturnType<typeof logNormal>) => {
      h.perLoad = perLoad;
      h.setDistribution(d);
    };
    set(this.duration, requests, logNormal(e2e, 0.5));
    set(this.requestSize, requests, logNormal(promptTokens * 4.2, 0.6));
    set(this.responseSize, requests, logNormal(outputTokens * 6, 0.7));
    set(this.inputTokens, requests, logNormal(promptTokens, 0.6));
    set(this.outputTokens, requests, logNormal(outputTokens, 0.7));
    set(this.cachedTokens, requests, logNormal(promptTokens * 0.35, 0.8));
    set(this.ntpot, requests, logNormal(e2e / outputTokens, 0.4));
    set(this.ttft, requests, logNormal(ttft, 0.5));
    set(this.streamingTpot, requests, logNormal(itl, 0.35));
    set(this.streamingItl, requests * (outputTokens - 1), logNormal(itl, 0.35));
    set(this.schedulerE2e, requests, logNormal(0.0008, 0.5));
    set(this.pluginDuration, requests, logNormal(0.0002, 0.5));
    set(this.queueDuration, requests, logNormal(0.0004, 0.8));
    set(this.prefixHitRatio, requests, constant(0.35));
  }

  /** Pool-level gauges from the engines' current gauges. */
  refresh(load: number, rates: ModelRates, running: number, waiting: number, kvUsage: number[]): void {
    const live = rates.engines.filter((e) => e.active);
    const endpoints = new Set(live.map((e) => e.engine.pod.name));
    this.readyEndpoints.value = endpoints.size;
    this.running.value = running;
    const n = Math.max(live.length, 1);
    const meanKv = kvUsage.reduce((s, v) => s + v, 0) / Math.max(kvUsage.length, 1);
    this.avgKv.value = round4(meanKv);
    this.sdKv.value = round4(Math.sqrt(kvUsage.reduce((s, v) => s + (v - meanKv) ** 2, 0) / Math.max(kvUsage.length, 1)));
    this.avgQueue.value = round4(waiting / n);
    this.avgRunning.value = round4(running / n);
    this.sdQueue.value = 0;
    this.sdRunning.value = round4((running / n) * 0.05);
    this.saturation.value = round4(Math.min(1, meanKv));
    this.flowQueue.value = 0;
    for (const pod of this.model.pods) {
      const podEngines = live.filter((e) => e.engine.pod.name === pod.name);
      const inflight = podEngines.reduce((s, e) => s + e.requests * e.dist.e2e.mean, 0) * load;
      this.perEndpointQueue.get(pod.name)!.value = Math.round(podEngines.reduce((s, e) => s + e.waitingCapacity + e.waitingDeferred, 0) * load);
      this.inflightRequests.get(pod.name)!.value = Math.round(inflight);
      this.inflightTokens.get(pod.name)!.value = Math.round(inflight * 1000);
    }
  }
}

interface Def {
  name: string;
  help: string;
  type: MetricType;
  rows: (m: EppModelSeries) => Array<[Labels, Series]>;
}

export class EppTarget {
  readonly registry = new Registry();

  constructor(
    readonly topology: Topology,
    readonly models: EppModelSeries[],
    pdHandler: boolean
  ) {
    const ns = topology.namespace;
    const pool = (m: EppModelSeries) => `${m.model.slug}-inference-pool`;
    const req = (m: EppModelSeries): Labels => ({ model_name: m.model.name, target_model_name: m.model.name, fairness_id: 'default', priority: '0' });
    const single = (labels: (m: EppModelSeries) => Labels, pick: (m: EppModelSeries) => Series) => (m: EppModelSeries): Array<[Labels, Series]> => [[labels(m), pick(m)]];
    const perPod = (map: (m: EppModelSeries) => Map<string, GaugeSeries>, labels: (m: EppModelSeries, pod: string) => Labels) => (m: EppModelSeries) =>
      [...map(m).entries()].map(([pod, g]): [Labels, Series] => [labels(m, pod), g]);
    const decisions = (plugin: { plugin_name: string; plugin_type: string } | undefined) => (m: EppModelSeries): Array<[Labels, Series]> => [
      [{ ...(plugin ?? {}), model_name: m.model.name, decision_type: 'decode-only' }, m.decisionDecodeOnly],
      [{ ...(plugin ?? {}), model_name: m.model.name, decision_type: 'prefill-decode' }, m.decisionPd],
    ];
    const firstOnly = (f: (m: EppModelSeries) => Array<[Labels, Series]>) => (m: EppModelSeries) => (m === models[0] ? f(m) : []);
    const defs: Def[] = [
      { name: 'llm_d_epp_request_total', help: '[ALPHA] Total number of processed requests.', type: 'counter', rows: single(req, (m) => m.requests) },
      { name: 'llm_d_epp_request_error_total', help: '[ALPHA] Total number of request errors.', type: 'counter', rows: single((m) => ({ ...req(m), error_code: 'Internal' }), (m) => m.errors) },
      { name: 'llm_d_epp_request_duration_seconds', help: '[ALPHA] End-to-end request latency distribution in seconds.', type: 'histogram', rows: single(req, (m) => m.duration) },
      { name: 'llm_d_epp_request_size_bytes', help: '[ALPHA] Incoming request body size distribution in bytes.', type: 'histogram', rows: single(req, (m) => m.requestSize) },
      { name: 'llm_d_epp_response_size_bytes', help: '[ALPHA] Outgoing response body size distribution in bytes.', type: 'histogram', rows: single(req, (m) => m.responseSize) },
      { name: 'llm_d_epp_request_input_tokens', help: '[ALPHA] Input token count distribution per request.', type: 'histogram', rows: single(req, (m) => m.inputTokens) },
      { name: 'llm_d_epp_request_output_tokens', help: '[ALPHA] Output token count distribution per request.', type: 'histogram', rows: single(req, (m) => m.outputTokens) },
      { name: 'llm_d_epp_request_cached_tokens', help: '[ALPHA] Distribution of prompt tokens read from cache per request, as reported by the model server in the response.', type: 'histogram', rows: single(req, (m) => m.cachedTokens) },
      { name: 'llm_d_epp_request_running', help: '[ALPHA] Current number of active running requests.', type: 'gauge', rows: single(req, (m) => m.running) },
      { name: 'llm_d_epp_request_ntpot_seconds', help: '[ALPHA] Normalized time per output token in seconds (end-to-end latency divided by output token count).', type: 'histogram', rows: single(req, (m) => m.ntpot) },
      { name: 'llm_d_epp_request_ttft_seconds', help: '[ALPHA] Time to first token in seconds, measured from request received to first response byte. For non-streaming requests, this equals total request duration.', type: 'histogram', rows: single((m) => ({ ...req(m), streaming: 'true' }), (m) => m.ttft) },
      { name: 'llm_d_epp_request_streaming_tpot_seconds', help: '[ALPHA] Average time per output token in seconds for streaming requests, computed as (e2e - TTFT) / (output_tokens - 1).', type: 'histogram', rows: single(req, (m) => m.streamingTpot) },
      { name: 'llm_d_epp_request_streaming_itl_seconds', help: '[ALPHA] Inter-token latency in seconds for streaming requests, measured as the time between consecutive response body chunks.', type: 'histogram', rows: single(req, (m) => m.streamingItl) },
      { name: 'llm_d_epp_average_kv_cache_utilization', help: '[ALPHA] The average kv cache utilization for an inference server pool.', type: 'gauge', rows: single((m) => ({ name: pool(m) }), (m) => m.avgKv) },
      { name: 'llm_d_epp_average_queue_size', help: '[ALPHA] The average number of requests pending in the model server queue.', type: 'gauge', rows: single((m) => ({ name: pool(m) }), (m) => m.avgQueue) },
      { name: 'llm_d_epp_average_running_requests', help: '[ALPHA] The average number of running requests across model servers in the pool.', type: 'gauge', rows: single((m) => ({ name: pool(m) }), (m) => m.avgRunning) },
      { name: 'llm_d_epp_std_dev_kv_cache_utilization', help: '[ALPHA] The standard deviation kv cache utilization for an inference server pool.', type: 'gauge', rows: single((m) => ({ name: pool(m) }), (m) => m.sdKv) },
      { name: 'llm_d_epp_std_dev_queue_size', help: '[ALPHA] The standard deviation number of requests pending in the model server queue.', type: 'gauge', rows: single((m) => ({ name: pool(m) }), (m) => m.sdQueue) },
      { name: 'llm_d_epp_std_dev_running_requests', help: '[ALPHA] The standard deviation number of running requests across model servers in the pool.', type: 'gauge', rows: single((m) => ({ name: pool(m) }), (m) => m.sdRunning) },
      { name: 'llm_d_epp_ready_endpoints', help: '[ALPHA] The number of ready endpoints in the inference server pool.', type: 'gauge', rows: single((m) => ({ name: pool(m) }), (m) => m.readyEndpoints) },
      { name: 'llm_d_epp_per_endpoint_queue_size', help: '[ALPHA] The total number of requests pending in the model server queue for each underlying endpoint.', type: 'gauge', rows: perPod((m) => m.perEndpointQueue, (m, pod) => ({ name: pool(m), model_server_endpoint: `${pod}-rank-0` })) },
      { name: 'llm_d_epp_scheduler_e2e_duration_seconds', help: '[ALPHA] End-to-end scheduling latency distribution in seconds.', type: 'histogram', rows: firstOnly(single(() => ({}), (m) => m.schedulerE2e)) },
      { name: 'llm_d_epp_scheduler_attempts_total', help: '[ALPHA] Total number of scheduling attempts.', type: 'counter', rows: firstOnly(single(() => ({ status: 'success', target_model_name: '', endpoint_name: '', namespace: ns, port: '' }), (m) => m.schedulerSuccess)) },
      { name: 'llm_d_epp_plugin_duration_seconds', help: '[ALPHA] Plugin processing latency distribution in seconds for each extension point, plugin type and plugin name.', type: 'histogram', rows: firstOnly(single(() => ({ extension_point: 'Filter', plugin_type: 'prefix-cache-scorer', plugin_name: 'prefix-cache-scorer' }), (m) => m.pluginDuration)) },
      { name: 'llm_d_epp_info', help: '[ALPHA] General information of the current build of Inference Extension.', type: 'gauge', rows: firstOnly(single(() => ({ commit: '3f1c2a9', build_ref: 'v0.9.0' }), (m) => m.info)) },
      { name: 'llm_d_epp_flow_control_pool_saturation', help: '[ALPHA] Pool saturation signal gating Flow Control dispatch. The stage label partitions by pipeline role: \'prefill\' and \'decode\' are per-stage signals, \'effective\' is max(prefill, decode) and is the value used for gating. 1.0 is the gating set point; values above 1.0 indicate the magnitude of oversubscription past it. An empty pool reads as 1.0. With the default utilization detector, endpoints with missing or stale metrics score as fully saturated (fail-closed; see flow_control_stale_endpoints).', type: 'gauge', rows: single((m) => ({ inference_pool: pool(m), stage: 'dispatch' }), (m) => m.saturation) },
      { name: 'llm_d_epp_flow_control_queue_size', help: '[ALPHA] Current number of requests actively held in the Flow Control queue.', type: 'gauge', rows: single((m) => ({ fairness_id: 'default', priority: '0', inference_pool: pool(m), model_name: m.model.name, target_model_name: m.model.name }), (m) => m.flowQueue) },
      { name: 'llm_d_epp_flow_control_request_queue_duration_seconds', help: '[ALPHA] Distribution of total time requests spend in the Flow Control layer (from enqueue to final outcome).', type: 'histogram', rows: single((m) => ({ fairness_id: 'default', priority: '0', outcome: 'Dispatched', inference_pool: pool(m), model_name: m.model.name, target_model_name: m.model.name }), (m) => m.queueDuration) },
      { name: 'llm_d_epp_flow_control_requests_total', help: '[ALPHA] Total number of requests processed by the Flow Control layer.', type: 'counter', rows: single((m) => ({ outcome: 'Dispatched', priority: '0', inference_pool: pool(m) }), (m) => m.flowDispatched) },
      { name: 'llm_d_epp_flow_control_stale_endpoints', help: '[ALPHA] Number of candidate endpoints whose metrics are missing or older than the staleness threshold, as of the most recent saturation evaluation. Recorded by the utilization saturation detector, which scores these endpoints as fully saturated in flow_control_pool_saturation (fail-closed): a nonzero value during a dispatch stall indicates a metrics collection problem rather than genuine overload. This gauge carries no stage label and is written on every detector call, so it reflects the most recently evaluated stage; a reading of 0 does not rule out stale metrics in another stage. Per-stage stale accounting is tracked in #2475.', type: 'gauge', rows: firstOnly(single(() => ({ detector: 'metrics-staleness' }), (m) => m.staleEndpoints)) },
      { name: 'llm_d_epp_inflight_requests', help: '[ALPHA] Current number of in-flight requests per endpoint, as tracked by the in-flight load producer.', type: 'gauge', rows: perPod((m) => m.inflightRequests, (_m, pod) => ({ endpoint_name: pod, namespace: ns, producer_name: 'inflight-load-producer', fairness_id: 'default', priority: '0' })) },
      { name: 'llm_d_epp_inflight_tokens', help: '[ALPHA] Current number of in-flight tokens per endpoint (uncached prompt tokens, optionally plus estimated output), as tracked by the in-flight load producer.', type: 'gauge', rows: perPod((m) => m.inflightTokens, (_m, pod) => ({ endpoint_name: pod, namespace: ns, producer_name: 'inflight-load-producer', fairness_id: 'default', priority: '0' })) },
      { name: 'llm_d_epp_prefix_indexer_hit_ratio', help: '[ALPHA] Ratio of prefix length matched to total prefix length in the cache lookup.', type: 'histogram', rows: single(() => ({ plugin_name: 'prefix-cache-scorer', plugin_type: 'prefix-cache-scorer' }), (m) => m.prefixHitRatio) },
      { name: 'llm_d_epp_kv_cache_index_lookup_hits_total', help: '[ALPHA] Contiguous prefix blocks matched by the best pod per lookup', type: 'counter', rows: firstOnly(single(() => ({}), (m) => m.kvIndexHits)) },
      { name: 'llm_d_epp_disagg_decision_total', help: '[ALPHA] Total number of disaggregation routing decisions made', type: 'counter', rows: decisions({ plugin_name: 'disagg-profile-handler', plugin_type: 'disagg-profile-handler' }) },
      { name: 'llm_d_epp_pd_decision_total', help: '[ALPHA] Total number of P/D disaggregation decisions made', type: 'counter', rows: decisions({ plugin_name: 'pd-profile-handler', plugin_type: 'pd-profile-handler' }) },
      { name: 'llm_d_inference_scheduler_pd_decision_total', help: '[ALPHA] [Deprecated: Use llm_d_epp_pd_decision_total] Total number of P/D disaggregation decisions made', type: 'counter', rows: decisions(undefined) },
      { name: 'llm_d_inference_scheduler_disagg_decision_total', help: '[ALPHA] [Deprecated: Use llm_d_epp_disagg_decision_total] Total number of disaggregation routing decisions made', type: 'counter', rows: decisions(undefined) },
    ];
    const pdHandlerOnly = ['llm_d_epp_pd_decision_total', 'llm_d_inference_scheduler_pd_decision_total'];
    for (const def of defs.filter((d) => pdHandler || !pdHandlerOnly.includes(d.name))) {
      const family = new Family(def.name, def.help, def.type, 'go');
      for (const m of models) {
        for (const [labels, series] of def.rows(m)) {
          family.add(labels, series);
        }
      }
      this.registry.registerMetric(family as never);
    }
  }
}

function round4(v: number): number {
  return Math.round(v * 10000) / 10000;
}
