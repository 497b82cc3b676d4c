/**
 * The simulation: builds the fleet, moves every series with wall-clock time, runs EPLB rebalances and the
 * scenario's faults, and answers what is true right now. Nothing runs on timers: each scrape (or /truth)
 * first brings the state up to the present, processing the events that fell in between in order.
 */
import { ExpertLoads, Placement, TOP_K, WINDOW_SECONDS, balancedness, initialPlacement, rankShares, rebalance } from './experts';
import { Distribution } from './distributions';
import { LoadWave } from './loadWave';
import { Options, UsageError } from './options';
import { advanceGroup, resetGroup } from './series';
import { RESTART_DELAY_SECONDS, Scenario, findScenario } from './scenarios';
import { DcgmNodeTarget, GpuSeries } from './targets/dcgmNode';
import { EngineSeries } from './targets/engineSeries';
import { EppModelSeries, EppTarget } from './targets/epp';
import { SglangPodTarget } from './targets/sglangPod';
import { PodOptions, PodTarget, VllmPodTarget } from './targets/vllmPod';
import { Profile, findProfile } from './profiles';
import { Engine, ModelDeployment, Pod, Role, Topology, buildTopology } from './topology';
import { ModelRates, kvBytesPerToken, modelRates } from './workload';

export type Clock = () => number;
export const wallClock: Clock = () => Date.now() / 1000;

/** Time an EPLB rearrangement takes: grows with the number of experts it moves. */
export function rearrangementSeconds(layers: number, experts: number): number {
  return 2 + (layers * experts) / 5000;
}

interface GroupState {
  model: ModelDeployment;
  role: Role;
  engines: Engine[];
  placements: Placement[];
}

interface Rebalance {
  start: number;
  end: number;
}

export class Simulation {
  readonly topology: Topology;
  readonly startTime: number;
  readonly wave: LoadWave;
  readonly engineSeries = new Map<Engine, EngineSeries>();
  readonly profile: Profile;
  readonly podTargets = new Map<string, PodTarget>();
  readonly sglangTargets: SglangPodTarget[] = [];
  readonly dcgmTargets = new Map<string, DcgmNodeTarget>();
  readonly gpuSeries: GpuSeries[] = [];
  readonly epp: EppTarget;
  readonly eppModels: EppModelSeries[];
  readonly expertLoads = new Map<ModelDeployment, ExpertLoads>();
  readonly groups: GroupState[] = [];
  readonly rebalanceSeconds: number;

  scenario: Scenario;
  scenarioStart: number;
  lastTime: number;
  rates: ModelRates[] = [];
  downPods = new Set<string>();
  /** The pod that goes down in pod-down and the one that restarts in pod-restart. */
  readonly downPodName: string;
  readonly restartPodName: string;
  restartAt?: number;
  restarts = new Map<string, number>();
  private nextRebalanceIndex = 1;
  private inFlight?: Rebalance;
  rearrangements = 0;

  constructor(
    readonly options: Options,
    readonly clock: Clock = wallClock
  ) {
    this.topology = buildTopology(options);
    const profile = findProfile(options.profile);
    if (!profile) {
      throw new UsageError(`unknown profile "${options.profile}"`);
    }
    this.profile = profile;
    const scenario = findScenario(options.scenario);
    if (!scenario) {
      throw new UsageError(`unknown scenario "${options.scenario}"`);
    }
    this.scenario = scenario;
    this.startTime = clock();
    this.scenarioStart = this.startTime;
    this.lastTime = this.startTime;
    this.wave = new LoadWave(options.loadWave, options.wavePeriod, this.startTime);
    this.rebalanceSeconds = rearrangementSeconds(options.layers, options.experts);

    const firstModel = this.topology.models[0];
    const decodePods = firstModel.pods.filter((p) => p.role === 'decode');
    this.downPodName = options.scrapeTimeoutPod ?? decodePods[decodePods.length - 1].name;
    if (!this.topology.pods.some((p) => p.name === this.downPodName)) {
      throw new UsageError(`--scrape-timeout-pod "${this.downPodName}" is not a simulated pod`);
    }
    this.restartPodName = decodePods[0].name;

    const podOptions: PodOptions = {
      layers: options.layers,
      experts: options.experts,
      redundantExperts: options.redundantExperts,
      eplbStepInterval: options.eplbStepInterval,
      blockSize: 64,
      numGpuBlocks: 8192,
    };
    const groupOf = (engine: Engine) => (engine.role === 'prefill' ? engine.pod.model.prefillEngines : engine.pod.model.decodeEngines);
    for (const pod of this.topology.pods) {
      const series = pod.engines.map((engine) => {
        const s = new EngineSeries(engine, options.layers, options.experts, options.expertDebug && engine.rank === 0, groupOf(engine).length);
        this.engineSeries.set(engine, s);
        return s;
      });
      let target: PodTarget;
      if (profile.engine === 'sglang') {
        const epRanks = pod.engines.map((e) => groupOf(e).indexOf(e));
        const sglang = new SglangPodTarget(pod, series, epRanks, groupOf(pod.engines[0]).length, options.layers, options.sglangTransferMetrics);
        this.sglangTargets.push(sglang);
        target = sglang;
      } else {
        target = new VllmPodTarget(pod, series, podOptions, profile);
      }
      target.created.value = this.startTime;
      for (const family of target.debugFamilies) {
        family.enabled = () => this.expertDebugActive();
      }
      this.podTargets.set(pod.name, target);
    }
    for (const node of this.topology.nodes) {
      const gpus = node.gpus.map((gpu) => new GpuSeries(gpu));
      this.gpuSeries.push(...gpus);
      const hostLabel = options.dcgmHostnameLabel ?? profile.dcgmHostnameLabel;
      this.dcgmTargets.set(node.name, new DcgmNodeTarget(node, gpus, this.topology.namespace, hostLabel, profile.dcgmExtras));
    }
    this.eppModels = this.topology.models.map((m) => new EppModelSeries(m));
    this.epp = new EppTarget(this.topology, this.eppModels, profile.routerPdHandler);

    for (const model of this.topology.models) {
      this.expertLoads.set(model, new ExpertLoads(options.seed, model.name, options.layers, options.experts));
      for (const [role, engines] of [['prefill', model.prefillEngines], ['decode', model.decodeEngines]] as const) {
        if (engines.length === 0) {
          continue;
        }
        const placements = Array.from({ length: options.layers }, () =>
          initialPlacement(options.experts, options.redundantExperts, engines.length)
        );
        this.groups.push({ model, role, engines, placements });
      }
    }
    this.enterScenario(scenario, this.startTime);
    this.refresh(this.startTime);
  }

  /** Whether the per-expert DEBUG gauge is still on (it switches itself off after its duration). */
  expertDebugActive(): boolean {
    const { expertDebug, expertDebugDuration } = this.options;
    return expertDebug && (expertDebugDuration === undefined || this.lastTime - this.startTime < expertDebugDuration);
  }

  isDown(podName: string): boolean {
    return this.downPods.has(podName);
  }

  /** Brings every series up to the clock's present. */
  update(): number {
    const now = Math.max(this.clock(), this.lastTime);
    this.advanceTo(now);
    this.refresh(now);
    return now;
  }

  /** Switches scenario at the present; state carries over. */
  setScenario(name: string): void {
    const scenario = findScenario(name);
    if (!scenario) {
      throw new UsageError(`unknown scenario "${name}"`);
    }
    const now = this.update();
    if (this.inFlight && !Number.isFinite(this.inFlight.end)) {
      // A stuck rearrangement finishes once the fault is gone, with the whole wait as its duration.
      this.completeRebalance(now, now - this.inFlight.start);
    }
    this.enterScenario(scenario, now);
    this.refresh(now);
  }

  private enterScenario(scenario: Scenario, now: number): void {
    this.scenario = scenario;
    this.scenarioStart = now;
    this.downPods = scenario.workload.podDown ? new Set([this.downPodName]) : new Set();
    this.restartAt = scenario.workload.podRestart ? now + RESTART_DELAY_SECONDS : undefined;
    for (const gpu of this.gpuSeries) {
      gpu.xid = 0;
    }
    this.applyRates();
  }

  private applyRates(): void {
    const w = this.scenario.workload;
    this.rates = this.topology.models.map((model) => modelRates(this.topology, model, w, this.downPods));
    const bytesPerToken = kvBytesPerToken(this.options.layers);
    this.rates.forEach((modelRate, m) => {
      for (const rates of modelRate.engines) {
        this.engineSeries.get(rates.engine)!.apply(rates);
        const gpu = this.gpuSeries.find((g) => g.gpu === rates.engine.gpu)!;
        // EP all-to-all: each MoE token is dispatched to and combined from TOP_K experts, 7168 bf16 values each way.
        const nvlink = rates.moeTokens * TOP_K * 7168 * 2 * 2 * this.options.layers / 8;
        const nixlBytes = rates.nixl.tokens * bytesPerToken;
        const util = rates.requests > 0 ? rates.gpuUtil : 0;
        const pcieRx = rates.engine.role === 'decode' ? nixlBytes : 2e6;
        const pcieTx = rates.engine.role === 'prefill' ? rates.requests * w.promptTokens * bytesPerToken : 2e6;
        gpu.configure(util, nvlink, pcieTx, pcieRx, rates.slow);
      }
      this.eppModels[m].apply(modelRate, w.promptTokens, w.outputTokens, w.decodeTtft, w.interTokenLatency);
    });
    for (const target of this.podTargets.values()) {
      target.httpRequests.perLoad = target.engines.reduce((s, e) => s + (e.rates?.requests ?? 0), 0);
    }
    for (const target of this.sglangTargets) {
      for (const s of target.sglang) {
        s.apply(s.engine.rates!);
      }
    }
  }

  private advanceTo(t: number): void {
    for (;;) {
      const next = this.nextEvent();
      if (next === undefined || next.time > t) {
        break;
      }
      this.integrate(this.lastTime, next.time);
      this.lastTime = next.time;
      next.run();
    }
    this.integrate(this.lastTime, t);
    this.lastTime = t;
  }

  private nextEvent(): { time: number; run: () => void } | undefined {
    const candidates: Array<{ time: number; run: () => void }> = [];
    if (this.inFlight) {
      if (Number.isFinite(this.inFlight.end)) {
        const { start, end } = this.inFlight;
        candidates.push({ time: end, run: () => this.completeRebalance(end, end - start) });
      }
    } else {
      const start = this.startTime + this.nextRebalanceIndex * this.options.eplbStepInterval;
      candidates.push({ time: Math.max(start, this.lastTime), run: () => this.startRebalance(Math.max(start, this.lastTime)) });
    }
    if (this.restartAt !== undefined) {
      const at = this.restartAt;
      candidates.push({ time: at, run: () => this.restartPod(at) });
    }
    candidates.sort((a, b) => a.time - b.time);
    return candidates[0];
  }

  private startRebalance(time: number): void {
    // Steps that fell while a previous rearrangement was still running are skipped, as a busy EPLB would.
    while (this.startTime + this.nextRebalanceIndex * this.options.eplbStepInterval <= time) {
      this.nextRebalanceIndex++;
    }
    const end = this.scenario.workload.rebalanceStuck ? Infinity : time + this.rebalanceSeconds;
    this.inFlight = { start: time, end };
    for (const series of this.engineSeries.values()) {
      series.eplbRebalancing.value = 1;
    }
    for (const target of this.groupLeaderPods()) {
      target.groupEplb.rebalancing.value = 1;
    }
  }

  /** Pods that hold an EP group's first engine (its DP rank 0): where PR #49956 records the group's state. */
  private groupLeaderPods(): PodTarget[] {
    return this.groups.map((g) => this.podTargets.get(g.engines[0].pod.name)!);
  }

  private completeRebalance(time: number, duration: number): void {
    for (const group of this.groups) {
      const loads = this.expertLoads.get(group.model)!;
      group.placements = group.placements.map((_, layer) =>
        rebalance(this.expertShares(loads, layer, time), this.options.redundantExperts, group.engines.length)
      );
    }
    this.rearrangements++;
    for (const series of this.engineSeries.values()) {
      series.eplbRebalancing.value = 0;
      if (!this.downPods.has(series.engine.pod.name)) {
        series.eplbRearrangements.value += 1;
        series.eplbDuration.observe(duration);
      }
    }
    for (const target of this.groupLeaderPods()) {
      target.groupEplb.rebalancing.value = 0;
      if (!this.downPods.has(target.pod.name)) {
        target.groupEplb.events.value += 1;
      }
    }
    this.inFlight = undefined;
  }

  private restartPod(time: number): void {
    this.restartAt = undefined;
    const target = this.podTargets.get(this.restartPodName)!;
    for (const engine of target.engines) {
      engine.reset();
    }
    target.httpRequests.reset();
    target.groupEplb.events.reset();
    if (target instanceof SglangPodTarget) {
      resetGroup(target);
    }
    target.created.value = time;
    // The restart follows a GPU fault: XID 79 (GPU has fallen off the bus) on the pod's first GPU.
    const gpu = this.gpuSeries.find((g) => g.gpu === target.pod.engines[0].gpu);
    if (gpu) {
      gpu.xid = 79;
    }
    this.restarts.set(this.restartPodName, (this.restarts.get(this.restartPodName) ?? 0) + 1);
  }

  private integrate(a: number, b: number): void {
    if (b <= a) {
      return;
    }
    const seconds = b - a;
    const load = this.wave.integral(a, b);
    for (const series of this.engineSeries.values()) {
      series.advance(seconds, load);
    }
    for (const target of this.podTargets.values()) {
      target.httpRequests.advance(seconds, load);
    }
    for (const target of this.sglangTargets) {
      advanceGroup(target, seconds, load);
    }
    for (const gpu of this.gpuSeries) {
      gpu.advance(seconds, load);
    }
    for (const model of this.eppModels) {
      model.advance(seconds, load);
    }
  }

  expertShares(loads: ExpertLoads, layer: number, time: number): Float64Array {
    return loads.shares(layer, this.scenario.workload.hotExpertShare, this.options.loadWave, time - this.startTime, this.options.wavePeriod);
  }

  /** EPLB state of one group at time t: per layer balancedness, avg and max tokens per rank. */
  groupEplb(group: GroupState, time: number): Array<{ balancedness: number; avgTokens: number; maxTokens: number }> {
    const loads = this.expertLoads.get(group.model)!;
    const load = this.wave.at(time);
    const modelRate = this.rates.find((r) => r.model === group.model)!;
    const moeTokens = modelRate.engines.filter((e) => e.engine.role === group.role).reduce((s, e) => s + e.moeTokens, 0);
    const windowTokens = moeTokens * load * TOP_K * WINDOW_SECONDS;
    return group.placements.map((placement, layer) => {
      const perRank = rankShares(placement, this.expertShares(loads, layer, time));
      const bal = balancedness(perRank);
      const maxShare = Math.max(...perRank);
      return { balancedness: bal, avgTokens: windowTokens / perRank.length, maxTokens: windowTokens * maxShare };
    });
  }

  private refresh(time: number): void {
    const load = this.wave.at(time);
    for (const series of this.engineSeries.values()) {
      series.refreshGauges(load);
    }
    for (const group of this.groups) {
      const layers = this.groupEplb(group, time);
      const loads = this.expertLoads.get(group.model)!;
      const rankShareRows = group.placements.map((placement, layer) => Array.from(rankShares(placement, this.expertShares(loads, layer, time))));
      const ratios = rankLoadRatios(rankShareRows);
      const meanBalancedness = layers.length ? layers.reduce((s, l) => s + l.balancedness, 0) / layers.length : 1;
      for (const engine of group.engines) {
        const series = this.engineSeries.get(engine)!;
        series.eplbRankLoadRatio.setDistribution(ratios);
        const sglang = this.sglangSeries(engine);
        if (sglang) {
          sglang.refresh(load, meanBalancedness);
        }
        layers.forEach((l, i) => {
          series.eplbBalancedness[i].value = round(l.balancedness);
          series.eplbAvgTokens[i].value = Math.round(l.avgTokens);
          series.eplbMaxTokens[i].value = Math.round(l.maxTokens);
        });
        if (series.expertLoad) {
          const loads = this.expertLoads.get(group.model)!;
          const windowTokens = layers.length > 0 ? layers[0].avgTokens * group.engines.length : 0;
          series.expertLoad.forEach((row, layer) => {
            const shares = this.expertShares(loads, layer, time);
            row.forEach((g, e) => (g.value = Math.round(windowTokens * shares[e])));
          });
        }
      }
    }
    for (const target of this.sglangTargets) {
      const group = this.groups.find((g) => g.engines[0].pod === target.pod);
      if (group && target.physicalCount.length > 0) {
        this.refreshPhysicalCount(target, group, time);
      }
    }
    for (const gpu of this.gpuSeries) {
      gpu.refresh(load);
    }
    this.rates.forEach((modelRate, m) => {
      const live = modelRate.engines.filter((e) => e.active).map((e) => this.engineSeries.get(e.engine)!);
      const running = live.reduce((s, e) => s + e.running.value, 0);
      const waiting = live.reduce((s, e) => s + e.waiting.value, 0);
      this.eppModels[m].refresh(load, modelRate, running, waiting, live.map((e) => e.kvUsage.value));
    });
  }

  private sglangSeries(engine: Engine) {
    return this.sglangTargets.find((t) => t.pod === engine.pod)?.sglang.find((s) => s.engine.engine === engine);
  }

  /** SGLang's per-layer histogram of expert selections by GPU rank (le = rank), from the group's placement. */
  private refreshPhysicalCount(target: SglangPodTarget, group: GroupState, time: number): void {
    const loads = this.expertLoads.get(group.model)!;
    const modelRate = this.rates.find((r) => r.model === group.model)!;
    const selections = modelRate.engines.filter((e) => e.engine.role === group.role).reduce((s, e) => s + e.moeTokens, 0) * TOP_K;
    target.physicalCount.forEach((h, layer) => {
      const shares = rankShares(group.placements[layer], this.expertShares(loads, layer, time));
      h.perLoad = selections;
      h.setDistribution(discrete(Array.from(shares, (share, rank): [number, number] => [rank, share])));
    });
  }

  /** Pods in /sd order. */
  get pods(): Pod[] {
    return this.topology.pods;
  }

  get rebalancing(): boolean {
    return this.inFlight !== undefined;
  }
}

/** A distribution over finitely many values (value, weight), weights summing to 1. */
function discrete(points: Array<[number, number]>): Distribution {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  return {
    mean: sorted.reduce((s, [v, w]) => s + v * w, 0),
    cdf: (x: number) => sorted.reduce((s, [v, w]) => (v <= x ? s + w : s), 0),
  };
}

/** PR #43715's observations: every (layer, rank) pair's tokens / (total / ranks), equally weighted. */
export function rankLoadRatios(rows: number[][]): Distribution {
  const points: Array<[number, number]> = [];
  for (const shares of rows) {
    for (const share of shares) {
      points.push([share * shares.length, 1 / (rows.length * shares.length)]);
    }
  }
  return discrete(points);
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
