/** Every series one vLLM engine (one DP rank) exposes, and how a workload's rates drive them. */
import { BUCKETS } from '../buckets';
import { constant, logNormal } from '../distributions';
import { CounterSeries, GaugeSeries, HistogramSeries, SeriesSet } from '../series';
import { Engine } from '../topology';
import { DBO_FALLOUT_REASONS, EngineRates, FINISHED_REASONS, FalloutReason, PROMPT_SOURCES, PromptSource } from '../workload';

export const SLEEP_STATES = ['awake', 'weights_offloaded', 'discard_all'] as const;
export const BATCH_TYPES = ['prefill', 'decode', 'interleaved'] as const;
export const UBATCH_INDEXES = ['first', 'second'] as const;
export const DBO_PHASES = ['prefill', 'decode'] as const;

export class EngineSeries extends SeriesSet {

  // Scheduler and cache state (gauges).
  readonly running = new GaugeSeries();
  readonly waiting = new GaugeSeries();
  readonly waitingByReason = { capacity: new GaugeSeries(), deferred: new GaugeSeries() };
  readonly sleepState = Object.fromEntries(SLEEP_STATES.map((s) => [s, new GaugeSeries()])) as Record<(typeof SLEEP_STATES)[number], GaugeSeries>;
  readonly kvUsage = new GaugeSeries();
  readonly info = new GaugeSeries();

  // Token and request counters.
  readonly prefixQueries = this.counter();
  readonly prefixHits = this.counter();
  readonly externalQueries = this.counter();
  readonly externalHits = this.counter();
  readonly mmQueries = this.counter();
  readonly mmHits = this.counter();
  readonly preemptions = this.counter();
  readonly promptTokens = this.counter();
  readonly promptBySource = Object.fromEntries(PROMPT_SOURCES.map((s) => [s, this.counter()])) as Record<PromptSource, CounterSeries>;
  readonly promptCached = this.counter();
  readonly generationTokens = this.counter();
  readonly success = Object.fromEntries(FINISHED_REASONS.map((r) => [r, this.counter()])) as Record<(typeof FINISHED_REASONS)[number], CounterSeries>;
  readonly flops = this.counter();
  readonly readBytes = this.counter();
  readonly writeBytes = this.counter();
  readonly specDrafts = this.counter();
  readonly specDraftTokens = this.counter();
  readonly specAccepted = this.counter();
  readonly specAcceptedPos0 = this.counter();

  // Request histograms.
  readonly promptLength = this.histogram(BUCKETS.tokens);
  readonly generationLength = this.histogram(BUCKETS.tokens);
  readonly iterationTokens = this.histogram(BUCKETS.iterationTokens);
  readonly maxGenerationTokens = this.histogram(BUCKETS.tokens);
  readonly paramsN = this.histogram(BUCKETS.paramsN);
  readonly paramsMaxTokens = this.histogram(BUCKETS.tokens);
  readonly ttft = this.histogram(BUCKETS.ttft);
  readonly itl = this.histogram(BUCKETS.itl);
  readonly timePerOutputToken = this.histogram(BUCKETS.itl);
  readonly e2e = this.histogram(BUCKETS.requestLatency);
  readonly queueTime = this.histogram(BUCKETS.requestLatency);
  readonly inferenceTime = this.histogram(BUCKETS.requestLatency);
  readonly prefillTime = this.histogram(BUCKETS.requestLatency);
  readonly decodeTime = this.histogram(BUCKETS.requestLatency);
  readonly kvComputed = this.histogram(BUCKETS.tokens);

  // NIXL connector.
  readonly nixlXferTime = this.histogram(BUCKETS.nixlXferTime);
  readonly nixlPostTime = this.histogram(BUCKETS.nixlPostTime);
  readonly nixlBytes = this.histogram(BUCKETS.nixlBytes);
  readonly nixlDescriptors = this.histogram(BUCKETS.nixlDescriptors);
  readonly nixlFailedTransfers = this.counter();
  readonly nixlFailedNotifications = this.counter();
  readonly nixlExpired = this.counter();
  readonly nixlTokens = this.counter();

  // Proposed: batch composition, DBO, EPLB.
  readonly batches = Object.fromEntries(BATCH_TYPES.map((b) => [b, this.counter()])) as Record<(typeof BATCH_TYPES)[number], CounterSeries>;
  readonly dboActive = Object.fromEntries(DBO_PHASES.map((p) => [p, new GaugeSeries()])) as Record<(typeof DBO_PHASES)[number], GaugeSeries>;
  readonly dboFallout = Object.fromEntries(DBO_FALLOUT_REASONS.map((r) => [r, this.counter()])) as Record<FalloutReason, CounterSeries>;
  readonly ubatch = Object.fromEntries(UBATCH_INDEXES.map((u) => [u, this.histogram(BUCKETS.ubatchTokens)])) as Record<(typeof UBATCH_INDEXES)[number], HistogramSeries>;
  readonly eplbBalancedness: GaugeSeries[];
  readonly eplbAvgTokens: GaugeSeries[];
  readonly eplbMaxTokens: GaugeSeries[];
  readonly eplbRebalancing = new GaugeSeries();
  readonly eplbRearrangements = this.counter();
  readonly eplbDuration = this.histogram(BUCKETS.rearrangementSeconds);
  /** PR #43715: load ratio of every (layer, EP rank) pair, one observation each per engine step. */
  readonly eplbRankLoadRatio = this.histogram(BUCKETS.eplbRankLoadRatio);
  /** Per (layer, expert) load; only on the model's lowest-rank engine, and only with --expert-debug. */
  readonly expertLoad: GaugeSeries[][] | undefined;

  /** Per-second rates at load 1 of the last applied workload (the simulation scales gauges with them). */
  rates?: EngineRates;

  constructor(
    readonly engine: Engine,
    readonly layers: number,
    experts: number,
    withExpertDebug: boolean,
    /** Ranks of this engine's expert-parallel group (its role). */
    readonly epSize: number
  ) {
    super();
    this.eplbBalancedness = Array.from({ length: layers }, () => new GaugeSeries());
    this.eplbAvgTokens = Array.from({ length: layers }, () => new GaugeSeries());
    this.eplbMaxTokens = Array.from({ length: layers }, () => new GaugeSeries());
    this.expertLoad = withExpertDebug
      ? Array.from({ length: layers }, () => Array.from({ length: experts }, () => new GaugeSeries()))
      : undefined;
    this.info.value = 1;
    this.sleepState.awake.value = 1;
    this.paramsN.setDistribution(constant(1));
    this.eplbDuration.setDistribution(constant(0));
  }

  /** Points every counter and histogram at the workload's rates. */
  apply(rates: EngineRates): void {
    this.rates = rates;
    this.prefixQueries.perLoad = rates.prefixQueries;
    this.prefixHits.perLoad = rates.prefixHits;
    this.externalQueries.perLoad = rates.externalQueries;
    this.externalHits.perLoad = rates.externalHits;
    this.preemptions.perLoad = rates.preemptions;
    this.promptTokens.perLoad = rates.promptTokens;
    for (const source of PROMPT_SOURCES) {
      this.promptBySource[source].perLoad = rates.bySource[source];
    }
    this.promptCached.perLoad = rates.cachedTokens;
    this.generationTokens.perLoad = rates.generationTokens;
    for (const reason of FINISHED_REASONS) {
      this.success[reason].perLoad = rates.finished[reason];
    }
    this.flops.perLoad = rates.flops;
    this.readBytes.perLoad = rates.readBytes;
    this.writeBytes.perLoad = rates.writeBytes;
    this.specDrafts.perLoad = rates.spec.drafts;
    this.specDraftTokens.perLoad = rates.spec.drafts;
    this.specAccepted.perLoad = rates.spec.accepted;
    this.specAcceptedPos0.perLoad = rates.spec.accepted;

    const perRequest: Array<[HistogramSeries, number, ReturnType<typeof logNormal>]> = [
      [this.promptLength, rates.requests, rates.dist.promptLength],
      [this.generationLength, rates.requests, rates.dist.generationLength],
      [this.maxGenerationTokens, rates.requests, rates.dist.maxTokens],
      [this.paramsMaxTokens, rates.requests, rates.dist.maxTokens],
      [this.paramsN, rates.requests, constant(1)],
      [this.ttft, rates.requests, rates.dist.ttft],
      [this.itl, rates.dist.itlObservations, rates.dist.itl],
      [this.timePerOutputToken, rates.engine.role === 'decode' ? rates.requests : 0, rates.dist.itl],
      [this.e2e, rates.requests, rates.dist.e2e],
      [this.queueTime, rates.requests, rates.dist.queue],
      [this.inferenceTime, rates.requests, rates.dist.inference],
      [this.prefillTime, rates.requests, rates.dist.prefill],
      [this.decodeTime, rates.requests, rates.dist.decode],
      [this.kvComputed, rates.requests, rates.dist.kvComputed],
      [this.iterationTokens, rates.steps, rates.dist.iterationTokens],
      [this.nixlXferTime, rates.nixl.transfers, rates.nixl.xferTime],
      [this.nixlPostTime, rates.nixl.transfers, rates.nixl.postTime],
      [this.nixlBytes, rates.nixl.transfers, rates.nixl.bytes],
      [this.nixlDescriptors, rates.nixl.transfers, rates.nixl.descriptors],
      [this.ubatch.first, rates.steps * rates.dboEngaged, rates.ubatchTokens],
      [this.ubatch.second, rates.steps * rates.dboEngaged, rates.ubatchTokens],
    ];
    for (const [histogram, perLoad, distribution] of perRequest) {
      histogram.perLoad = perLoad;
      histogram.setDistribution(distribution);
    }
    this.nixlFailedTransfers.perLoad = rates.nixl.failedTransfers;
    this.nixlFailedNotifications.perLoad = rates.nixl.failedNotifications;
    this.nixlExpired.perLoad = rates.nixl.expired;
    this.nixlTokens.perLoad = rates.nixl.tokens;
    for (const type of BATCH_TYPES) {
      this.batches[type].perLoad = rates.steps * rates.batches[type];
    }
    for (const reason of DBO_FALLOUT_REASONS) {
      this.dboFallout[reason].perLoad = rates.steps * rates.dboFallout[reason];
    }
    this.eplbRankLoadRatio.perLoad = rates.steps * this.layers * this.epSize;
    this.dboActive.prefill.value = rates.engine.role === 'prefill' ? 1 : 0;
    this.dboActive.decode.value = rates.engine.role === 'decode' ? 1 : 0;
  }

  /** Gauges that follow the load factor at this instant. */
  refreshGauges(load: number): void {
    const r = this.rates;
    if (!r) {
      return;
    }
    this.running.value = Math.round(r.running * load);
    this.waitingByReason.capacity.value = Math.round(r.waitingCapacity * load);
    this.waitingByReason.deferred.value = Math.round(r.waitingDeferred * load);
    this.waiting.value = this.waitingByReason.capacity.value + this.waitingByReason.deferred.value;
    this.kvUsage.value = Math.min(0.99, r.kvUsage * (r.kvUsage > 0.9 ? 1 : load));
  }

}
