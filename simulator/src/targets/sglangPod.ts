/**
 * The /metrics of one SGLang pod (profile `sglang`): each engine's scheduler families as SGLang's
 * SchedulerMetricsCollector defines them (metrics/upstream/sglang.json), driven by the same engine rates as vLLM.
 * The first engine of each expert-parallel group (moe_ep_rank 0) also carries sglang:eplb_balancedness (a Summary)
 * and the pod's ExpertDispatchCollector histogram sglang:eplb_gpu_physical_count{layer}.
 */
import { Registry } from 'prom-client';
import { Distribution, constant, logNormal, scaled } from '../distributions';
import { CounterSeries, Family, GaugeSeries, HistogramSeries, Labels, MetricType } from '../series';
import { Pod } from '../topology';
import { EngineRates } from '../workload';
import { EngineSeries } from './engineSeries';
import { PodTarget, Variant } from './vllmPod';

type Series = CounterSeries | GaugeSeries | HistogramSeries;
export type TransferShape = 'histogram' | 'gauge';

/** Pages in each engine's KV pool (tokens = pages x page size 64): what token_usage is a share of. */
const KV_TOKENS = 8192 * 64;

const TRANSFER_BUCKETS = {
  speed: [0.1, 0.5, 1, 5, 10, 25, 50, 100, 200, 400],
  latency: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
  totalMb: [1, 5, 10, 50, 100, 500, 1000, 5000, 10000],
};

/** SGLang's per-engine series; gauges follow the engine's rates, histograms and counters integrate them. */
export class SglangEngineSeries {
  readonly gauges = {
    running: new GaugeSeries(),
    queue: new GaugeSeries(),
    genThroughput: new GaugeSeries(),
    cacheHitRate: new GaugeSeries(),
    tokenUsage: new GaugeSeries(),
    usedTokens: new GaugeSeries(),
    utilization: new GaugeSeries(),
    prefillBootstrap: new GaugeSeries(),
    prefillInflight: new GaugeSeries(),
    decodePrealloc: new GaugeSeries(),
    decodeTransfer: new GaugeSeries(),
    transferSpeed: new GaugeSeries(),
    transferLatency: new GaugeSeries(),
    transferTotalMb: new GaugeSeries(),
  };
  readonly bootstrapFailed = new CounterSeries();
  readonly transferFailed = new CounterSeries();
  readonly transferSpeed = new HistogramSeries(TRANSFER_BUCKETS.speed);
  readonly transferLatency = new HistogramSeries(TRANSFER_BUCKETS.latency);
  readonly transferTotalMb = new HistogramSeries(TRANSFER_BUCKETS.totalMb);
  /** sglang:eplb_balancedness: one observation per forward pass of the EP group's mean balancedness. */
  readonly balancedness = new HistogramSeries([]);
  private rates?: EngineRates;

  constructor(
    readonly engine: EngineSeries,
    /** Rank within the engine's expert-parallel group (its role). */
    readonly epRank: number
  ) {}

  get counters(): CounterSeries[] {
    return [this.bootstrapFailed, this.transferFailed];
  }

  get histograms(): HistogramSeries[] {
    return [this.transferSpeed, this.transferLatency, this.transferTotalMb, this.balancedness];
  }

  /**
   * SGLang's prefill pushes the KV to decode, so the sender (prefill) observes the transfer metrics; a decode
   * engine counts the transfers that failed (and recomputes them, as the vLLM side does).
   */
  apply(rates: EngineRates): void {
    this.rates = rates;
    const sender = rates.engine.role === 'prefill';
    const latency = scaled(rates.nixl.xferTime, 1000);
    const gbPerSec = rates.nixl.xferTime.mean > 0 ? rates.nixl.bytes.mean / rates.nixl.xferTime.mean / 1e9 : 0;
    const observe = (h: HistogramSeries, d: Distribution) => {
      h.perLoad = sender ? rates.requests : 0;
      h.setDistribution(d);
    };
    observe(this.transferLatency, latency);
    observe(this.transferTotalMb, scaled(rates.nixl.bytes, 1e-6));
    observe(this.transferSpeed, logNormal(Math.max(gbPerSec, 1e-6), 0.2));
    this.transferFailed.perLoad = rates.nixl.failedTransfers;
    this.balancedness.perLoad = this.epRank === 0 ? rates.steps : 0;
  }

  /** Gauges at this instant; `balancedness` is the EP group's mean over layers now. */
  refresh(load: number, balancedness: number): void {
    const r = this.rates;
    if (!r) {
      return;
    }
    const e = this.engine;
    const g = this.gauges;
    g.running.value = e.running.value;
    g.queue.value = e.waitingByReason.capacity.value;
    g.genThroughput.value = round(r.generationTokens * load);
    g.cacheHitRate.value = round(r.prefixQueries > 0 ? r.prefixHits / r.prefixQueries : 0);
    g.tokenUsage.value = round(e.kvUsage.value);
    g.usedTokens.value = Math.round(e.kvUsage.value * KV_TOKENS);
    g.utilization.value = round((r.gpuUtil * load) / 100);
    const sending = r.engine.role === 'prefill' ? r.requests * load : 0;
    g.prefillBootstrap.value = Math.round(sending * 0.02);
    g.prefillInflight.value = Math.round(sending * r.nixl.xferTime.mean);
    g.decodePrealloc.value = Math.round(r.waitingDeferred * load);
    g.decodeTransfer.value = Math.round(r.nixl.transfers * load * r.nixl.xferTime.mean);
    if (r.engine.role === 'prefill' && r.requests > 0) {
      g.transferLatency.value = round(r.nixl.xferTime.mean * 1000);
      g.transferTotalMb.value = round(r.nixl.bytes.mean / 1e6);
      g.transferSpeed.value = round(r.nixl.bytes.mean / r.nixl.xferTime.mean / 1e9);
    }
    this.balancedness.setDistribution(constant(balancedness));
  }
}

interface Def {
  name: string;
  help: string;
  type: MetricType;
  shape?: TransferShape;
  pick: (s: SglangEngineSeries) => Series;
  /** Only on engines of this role (PD queues are per side). */
  role?: 'prefill' | 'decode';
}

/** Transcribed from metrics/upstream/sglang.json (SchedulerMetricsCollector). */
const DEFS: Def[] = [
  { name: 'sglang:num_running_reqs', help: 'The number of running requests.', type: 'gauge', pick: (s) => s.gauges.running },
  { name: 'sglang:num_queue_reqs', help: 'The number of requests in the waiting queue.', type: 'gauge', pick: (s) => s.gauges.queue },
  { name: 'sglang:gen_throughput', help: 'The generation throughput (token/s).', type: 'gauge', pick: (s) => s.gauges.genThroughput },
  { name: 'sglang:cache_hit_rate', help: 'The prefix cache hit rate.', type: 'gauge', pick: (s) => s.gauges.cacheHitRate },
  { name: 'sglang:token_usage', help: 'The token usage.', type: 'gauge', pick: (s) => s.gauges.tokenUsage },
  { name: 'sglang:num_used_tokens', help: 'The number of used tokens.', type: 'gauge', pick: (s) => s.gauges.usedTokens },
  { name: 'sglang:utilization', help: 'The utilization.', type: 'gauge', pick: (s) => s.gauges.utilization },
  { name: 'sglang:num_prefill_bootstrap_queue_reqs', help: 'The number of requests in the prefill bootstrap queue.', type: 'gauge', shape: 'histogram', pick: (s) => s.gauges.prefillBootstrap },
  { name: 'sglang:num_prefill_prealloc_queue_reqs', help: 'The number of requests in the prefill prealloc queue.', type: 'gauge', shape: 'gauge', pick: (s) => s.gauges.prefillBootstrap },
  { name: 'sglang:num_prefill_inflight_queue_reqs', help: 'The number of requests in the prefill inflight queue.', type: 'gauge', pick: (s) => s.gauges.prefillInflight },
  { name: 'sglang:num_decode_prealloc_queue_reqs', help: 'The number of requests in the decode prealloc queue.', type: 'gauge', pick: (s) => s.gauges.decodePrealloc },
  { name: 'sglang:num_decode_transfer_queue_reqs', help: 'The number of requests in the decode transfer queue.', type: 'gauge', pick: (s) => s.gauges.decodeTransfer },
  { name: 'sglang:num_bootstrap_failed_reqs_total', help: 'The number of bootstrap failed requests.', type: 'counter', pick: (s) => s.bootstrapFailed },
  { name: 'sglang:num_transfer_failed_reqs_total', help: 'The number of transfer failed requests.', type: 'counter', pick: (s) => s.transferFailed },
  { name: 'sglang:kv_transfer_speed_gb_s', help: 'Histogram of KV cache transfer speed in GB/s.', type: 'histogram', shape: 'histogram', pick: (s) => s.transferSpeed },
  { name: 'sglang:kv_transfer_latency_ms', help: 'Histogram of KV cache transfer latency in ms.', type: 'histogram', shape: 'histogram', pick: (s) => s.transferLatency },
  { name: 'sglang:kv_transfer_total_mb', help: 'Histogram of KV cache transfer size in MB.', type: 'histogram', shape: 'histogram', pick: (s) => s.transferTotalMb },
  { name: 'sglang:kv_transfer_speed_gb_s', help: 'The transfer speed of the KV cache in GB/s.', type: 'gauge', shape: 'gauge', pick: (s) => s.gauges.transferSpeed },
  { name: 'sglang:kv_transfer_latency_ms', help: 'The transfer latency of the KV cache in ms.', type: 'gauge', shape: 'gauge', pick: (s) => s.gauges.transferLatency },
  { name: 'sglang:kv_transfer_total_mb', help: 'The total number of tokens transferred in the KV cache.', type: 'gauge', shape: 'gauge', pick: (s) => s.gauges.transferTotalMb },
];

export class SglangPodTarget implements PodTarget {
  readonly registries: Record<Variant, Registry>;
  readonly created = new GaugeSeries();
  readonly httpRequests = new CounterSeries();
  readonly debugFamilies: Family[] = [];
  readonly groupEplb = { rebalancing: new GaugeSeries(), events: new CounterSeries() };
  readonly sglang: SglangEngineSeries[];
  /** sglang:eplb_gpu_physical_count per MoE layer (only on a pod holding an EP group's rank 0). */
  readonly physicalCount: HistogramSeries[];

  constructor(
    readonly pod: Pod,
    readonly engines: EngineSeries[],
    epRanks: number[],
    epSize: number,
    layers: number,
    shape: TransferShape
  ) {
    this.sglang = engines.map((e, i) => new SglangEngineSeries(e, epRanks[i]));
    const hostsRankZero = epRanks.includes(0);
    const ranks = Array.from({ length: epSize }, (_, r) => r);
    this.physicalCount = hostsRankZero ? Array.from({ length: layers }, () => new HistogramSeries(ranks)) : [];
    const registry = new Registry();
    const labelsOf = (s: SglangEngineSeries): Labels => ({
      model_name: pod.model.name,
      engine_type: s.engine.engine.role,
      tp_rank: '0',
      pp_rank: '0',
      moe_ep_rank: String(s.epRank),
    });
    for (const def of DEFS.filter((d) => d.shape === undefined || d.shape === shape)) {
      const family = new Family(def.name, def.help, def.type);
      for (const s of this.sglang) {
        family.add(labelsOf(s), def.pick(s));
      }
      registry.registerMetric(family as never);
      if (def.type !== 'gauge') {
        registry.registerMetric(created(def.name, def.type, def.help, this.sglang.map(labelsOf), this.created) as never);
      }
    }
    const leaders = this.sglang.filter((s) => s.epRank === 0);
    if (leaders.length > 0) {
      const help = 'Balancedness of MoE in expert parallelism.';
      const family = new Family('sglang:eplb_balancedness', help, 'summary');
      const labels = leaders.map((s) => ({ ...labelsOf(s), forward_mode: s.engine.engine.role === 'prefill' ? 'extend' : 'decode' }));
      leaders.forEach((s, i) => family.add(labels[i], s.balancedness));
      registry.registerMetric(family as never);
      registry.registerMetric(created('sglang:eplb_balancedness', 'summary', help, labels, this.created) as never);
      const help2 = 'The selected count of physical experts on each layer and GPU rank.';
      const physical = new Family('sglang:eplb_gpu_physical_count', help2, 'histogram');
      this.physicalCount.forEach((h, layer) => physical.add({ layer: String(layer) }, h));
      registry.registerMetric(physical as never);
      registry.registerMetric(created('sglang:eplb_gpu_physical_count', 'histogram', help2, this.physicalCount.map((_, l) => ({ layer: String(l) })), this.created) as never);
    }
    this.registries = { current: registry, legacy: registry };
  }

  get counters(): CounterSeries[] {
    return this.sglang.flatMap((s) => s.counters);
  }

  get histograms(): HistogramSeries[] {
    return [...this.sglang.flatMap((s) => s.histograms), ...this.physicalCount];
  }

  seriesCount(variant: Variant): number {
    return (this.registries[variant].getMetricsAsArray() as unknown as Family[]).reduce((s, f) => s + f.size, 0);
  }
}

/** Python's client adds `<base>_created` to every counter, histogram and summary child. */
function created(name: string, type: MetricType, help: string, labels: Labels[], series: GaugeSeries): Family {
  const base = type === 'counter' ? name.replace(/_total$/, '') : name;
  const family = new Family(`${base}_created`, help, 'gauge');
  for (const l of labels) {
    family.add(l, series);
  }
  return family;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
