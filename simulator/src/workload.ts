/**
 * From a scenario's workload to per-engine rates: the single place where the numbers are decided.
 * Rates are per second at load 1; the simulation multiplies them by the load wave. /truth derives its
 * values from the same rates, so the exposition and the ground truth cannot disagree.
 */
import { Distribution, constant, logNormal, scaled } from './distributions';
import { BatchShares, Workload } from './scenarios';
import { Engine, ModelDeployment, Topology } from './topology';

export const FINISHED_REASONS = ['stop', 'length', 'abort', 'error', 'repetition'] as const;
export const DBO_FALLOUT_REASONS = ['empty_second_ubatch', 'coordination_failure', 'other'] as const;
export const PROMPT_SOURCES = ['local_compute', 'local_cache_hit', 'external_kv_transfer'] as const;
export type PromptSource = (typeof PROMPT_SOURCES)[number];
export type FalloutReason = (typeof DBO_FALLOUT_REASONS)[number];

/** KV bytes per token for an MLA model: (MoE + 3 dense layers) x 576 values x 2 bytes (bf16). */
export function kvBytesPerToken(layers: number): number {
  return (layers + 3) * 576 * 2;
}

/** Speculative decoding (MTP, one draft token): share of drafts accepted. */
const DRAFT_ACCEPTANCE = 0.7;

export interface EngineRates {
  engine: Engine;
  active: boolean;
  requests: number;
  finished: Record<(typeof FINISHED_REASONS)[number], number>;
  promptTokens: number;
  /**
   * Prompt tokens by source as vLLM's PromptTokenStats counts them: when the whole prompt is cached or transferred
   * the scheduler still computes its last token, which then counts as local_compute and as cached, so the sources
   * add up to promptTokens + recomputedTokens.
   */
  bySource: Record<PromptSource, number>;
  /** vllm:prompt_tokens_cached_total: the scheduler's num_cached_tokens (N - 1 for a fully transferred prompt). */
  cachedTokens: number;
  recomputedTokens: number;
  /** Requests whose whole prompt arrived by KV transfer (decode side). */
  transferredRequests: number;
  generationTokens: number;
  prefixQueries: number;
  prefixHits: number;
  externalQueries: number;
  externalHits: number;
  preemptions: number;
  steps: number;
  batches: BatchShares;
  dboEngaged: number;
  dboFallout: Record<FalloutReason, number>;
  ubatchTokens: Distribution;
  nixl: {
    transfers: number;
    tokens: number;
    bytes: Distribution;
    xferTime: Distribution;
    postTime: Distribution;
    descriptors: Distribution;
    failedTransfers: number;
    failedNotifications: number;
    expired: number;
  };
  spec: { drafts: number; accepted: number };
  flops: number;
  readBytes: number;
  writeBytes: number;
  dist: {
    ttft: Distribution;
    itl: Distribution;
    itlObservations: number;
    e2e: Distribution;
    queue: Distribution;
    prefill: Distribution;
    decode: Distribution;
    inference: Distribution;
    promptLength: Distribution;
    generationLength: Distribution;
    maxTokens: Distribution;
    kvComputed: Distribution;
    iterationTokens: Distribution;
  };
  /** Gauges at load 1. */
  running: number;
  waitingCapacity: number;
  waitingDeferred: number;
  kvUsage: number;
  /** GPU at load 1. */
  gpuUtil: number;
  slow: boolean;
  /** Tokens through the MoE layers per second (drives EPLB avg/max and NVLink all-to-all). */
  moeTokens: number;
}

export interface ModelRates {
  model: ModelDeployment;
  engines: EngineRates[];
  prefillDecode: number;
  decodeOnly: number;
  stragglerRank?: number;
}

/** Which engine straggles: the second decode engine (or the only one). */
export function stragglerEngine(model: ModelDeployment): Engine | undefined {
  return model.decodeEngines[Math.min(1, model.decodeEngines.length - 1)];
}

export function modelRates(topology: Topology, model: ModelDeployment, w: Workload, downPods: Set<string>): ModelRates {
  const straggler = w.stragglerSlowdown < 1 ? stragglerEngine(model) : undefined;
  const liveDecode = model.decodeEngines.filter((e) => !downPods.has(e.pod.name));
  const livePrefill = model.prefillEngines.filter((e) => !downPods.has(e.pod.name));
  const totalRequests = w.requestsPerDecodeEngine * model.decodeEngines.length;
  const hasPrefill = livePrefill.length > 0;
  const pdShare = hasPrefill ? w.pdShare : 0;
  const weightOf = (e: Engine) => e.weight * (e === straggler ? w.stragglerSlowdown : 1);
  const decodeWeight = liveDecode.reduce((s, e) => s + weightOf(e), 0);
  const prefillWeight = livePrefill.reduce((s, e) => s + weightOf(e), 0);
  const bytesPerToken = kvBytesPerToken(topology.layers);

  const engines = model.engines.map((engine): EngineRates => {
    const active = !downPods.has(engine.pod.name);
    const slow = engine === straggler;
    if (engine.role === 'decode') {
      const r = active ? (totalRequests * weightOf(engine)) / decodeWeight : 0;
      return decodeEngine(engine, r, w, pdShare, bytesPerToken, active, slow);
    }
    const r = active && hasPrefill ? (totalRequests * pdShare * weightOf(engine)) / prefillWeight : 0;
    return prefillEngine(engine, r, w, bytesPerToken, active);
  });
  return {
    model,
    engines,
    prefillDecode: totalRequests * pdShare,
    decodeOnly: totalRequests * (1 - pdShare),
    stragglerRank: straggler?.rank,
  };
}

function decodeEngine(engine: Engine, r: number, w: Workload, pdShare: number, bytesPerToken: number, active: boolean, slow: boolean): EngineRates {
  const L = w.promptTokens;
  const O = w.outputTokens;
  const transferred = pdShare * (1 - w.nixlFailedShare);
  const recomputed = pdShare * w.nixlFailedShare;
  const decodeOnly = 1 - pdShare;
  const transferredRequests = r * transferred;
  const ext = r * L * transferred;
  const cacheHit = r * L * decodeOnly * w.decodeCacheHit;
  // A transferred request still computes its last prompt token (vLLM's scheduler needs one input token).
  const lastTokens = transferredRequests;
  const prefillWork = r * L * (decodeOnly * (1 - w.decodeCacheHit) + recomputed);
  const localCompute = prefillWork + lastTokens;
  const generation = r * O;
  const itl = w.interTokenLatency / (slow ? w.stragglerSlowdown : 1);
  const steps = 1 / itl;
  const localShare = prefillWork / Math.max(r * L, 1e-9);
  const interleaved = Math.min(0.6, decodeInterleavedBaseline(w.batchDecode.interleaved, transferredRequests, steps) + 1.5 * localShare);
  // The interleaved share is what it is; prefill-only and decode-only steps split the rest as configured.
  const rest = normalizeBatches({ ...w.batchDecode, interleaved: 0 });
  const batches = { prefill: rest.prefill * (1 - interleaved), decode: rest.decode * (1 - interleaved), interleaved };
  const stepTokens = steps > 0 ? (localCompute + generation) / steps : 0;
  const transfers = r * transferred;
  const bytes = logNormal(L * bytesPerToken, 0.6);
  const decodeSeconds = (O - 1) * itl;
  const ttft = w.decodeTtft;
  const e2e = ttft + decodeSeconds;
  const prefillSeconds = Math.max(ttft - w.queueTime, 0.01);
  const drafts = generation / (1 + DRAFT_ACCEPTANCE);
  return {
    engine,
    active,
    requests: r,
    finished: finishedShares(r, { stop: 0.84, length: 0.14, abort: 0.015, error: 0.005, repetition: 0 }),
    promptTokens: r * L,
    bySource: { local_compute: localCompute, local_cache_hit: cacheHit, external_kv_transfer: ext },
    cachedTokens: cacheHit + ext - lastTokens,
    recomputedTokens: lastTokens,
    transferredRequests,
    generationTokens: generation,
    prefixQueries: r * L,
    prefixHits: cacheHit,
    externalQueries: r * L - cacheHit,
    externalHits: ext,
    preemptions: active ? w.preemptionsPerDecodeEngine : 0,
    steps: active ? steps : 0,
    batches,
    dboEngaged: w.dboEngaged,
    dboFallout: { ...w.dboFallout },
    ubatchTokens: logNormal(Math.max(stepTokens / 2, 1), 0.3),
    nixl: {
      transfers,
      tokens: ext,
      bytes,
      xferTime: scaled(bytes, 1 / w.nixlBandwidth),
      postTime: logNormal(0.0012, 0.5),
      descriptors: logNormal(L / 64 * 4, 0.6),
      failedTransfers: r * recomputed,
      failedNotifications: transfers * w.nixlFailedNotificationShare,
      expired: 0,
    },
    spec: { drafts, accepted: drafts * DRAFT_ACCEPTANCE },
    flops: (localCompute + generation) * 2 * 37e9,
    readBytes: (localCompute + generation) * 1.5e6,
    writeBytes: (localCompute + generation) * bytesPerToken,
    dist: {
      ttft: logNormal(ttft, 0.5),
      itl: logNormal(itl, 0.35),
      itlObservations: r * (O - 1),
      e2e: logNormal(e2e, 0.5),
      queue: logNormal(w.queueTime, 0.8),
      prefill: logNormal(prefillSeconds, 0.5),
      decode: logNormal(decodeSeconds, 0.5),
      inference: logNormal(prefillSeconds + decodeSeconds, 0.5),
      promptLength: logNormal(L, 0.6),
      generationLength: logNormal(O, 0.7),
      maxTokens: logNormal(Math.max(O * 3, 1024), 0.3),
      kvComputed: logNormal(Math.max(localCompute / Math.max(r, 1e-9), 1), 1.0),
      iterationTokens: logNormal(Math.max(stepTokens, 1), 0.4),
    },
    running: r * e2e,
    waitingCapacity: active ? w.waitingCapacityPerDecodeEngine : 0,
    waitingDeferred: transfers * 0.05,
    kvUsage: w.kvUsageDecode,
    gpuUtil: slow ? 82 : 70,
    slow,
    moeTokens: localCompute + generation,
  };
}

function prefillEngine(engine: Engine, r: number, w: Workload, bytesPerToken: number, active: boolean): EngineRates {
  const L = w.promptTokens;
  const cacheHit = r * L * w.prefillCacheHit;
  const localCompute = r * L - cacheHit;
  const generation = r;
  const stepTokens = w.prefillChunkTokens;
  const steps = r > 0 ? (localCompute + generation) / stepTokens : 0;
  const ttft = w.prefillTtft;
  return {
    engine,
    active,
    requests: r,
    // llm-d prefill requests run with max_tokens=1: they all finish by length.
    finished: finishedShares(r, { stop: 0, length: 0.995, abort: 0.005, error: 0, repetition: 0 }),
    promptTokens: r * L,
    bySource: { local_compute: localCompute, local_cache_hit: cacheHit, external_kv_transfer: 0 },
    cachedTokens: cacheHit,
    recomputedTokens: 0,
    transferredRequests: 0,
    generationTokens: generation,
    prefixQueries: r * L,
    prefixHits: cacheHit,
    externalQueries: r * L - cacheHit,
    externalHits: 0,
    preemptions: 0,
    steps,
    batches: normalizeBatches(w.batchPrefill),
    dboEngaged: w.dboEngaged,
    dboFallout: { ...w.dboFallout },
    ubatchTokens: logNormal(stepTokens / 2, 0.3),
    nixl: {
      transfers: 0,
      tokens: 0,
      bytes: logNormal(L * bytesPerToken, 0.6),
      xferTime: scaled(logNormal(L * bytesPerToken, 0.6), 1 / w.nixlBandwidth),
      postTime: logNormal(0.0012, 0.5),
      descriptors: logNormal((L / 64) * 4, 0.6),
      failedTransfers: 0,
      failedNotifications: 0,
      expired: r * w.kvExpiredShare,
    },
    spec: { drafts: 0, accepted: 0 },
    flops: localCompute * 2 * 37e9,
    readBytes: localCompute * 0.4e6,
    writeBytes: (localCompute + cacheHit) * bytesPerToken,
    dist: {
      ttft: logNormal(ttft, 0.5),
      itl: constant(0),
      itlObservations: 0,
      e2e: logNormal(ttft + 0.01, 0.5),
      queue: logNormal(w.queueTime, 0.8),
      prefill: logNormal(Math.max(ttft - w.queueTime, 0.01), 0.5),
      decode: logNormal(0.002, 0.3),
      inference: logNormal(Math.max(ttft - w.queueTime, 0.01) + 0.002, 0.5),
      promptLength: logNormal(L, 0.6),
      generationLength: constant(1),
      maxTokens: constant(1),
      kvComputed: logNormal(Math.max(localCompute / Math.max(r, 1e-9), 1), 0.7),
      iterationTokens: logNormal(stepTokens, 0.25),
    },
    running: r * ttft,
    waitingCapacity: 0,
    waitingDeferred: 0,
    kvUsage: w.kvUsagePrefill,
    gpuUtil: 60,
    slow: false,
    moeTokens: localCompute + generation,
  };
}

/**
 * Share of decode steps that carry prompt tokens because they admit a transferred request (its one computed
 * prompt token): admissions arrive at `admissionsPerSec`, a step lasts 1/steps seconds, so a step admits at least
 * one with probability 1 - exp(-admissions / steps). The workload's own interleaved share is the floor.
 */
export function decodeInterleavedBaseline(configured: number, admissionsPerSec: number, stepsPerSec: number): number {
  const admitting = stepsPerSec > 0 ? 1 - Math.exp(-admissionsPerSec / stepsPerSec) : 0;
  return Math.max(configured, admitting);
}

function finishedShares(r: number, shares: Record<(typeof FINISHED_REASONS)[number], number>) {
  const out = { ...shares };
  for (const reason of FINISHED_REASONS) {
    out[reason] = r * shares[reason];
  }
  return out;
}

function normalizeBatches(b: BatchShares): BatchShares {
  const total = b.prefill + b.decode + b.interleaved;
  return { prefill: b.prefill / total, decode: b.decode / total, interleaved: b.interleaved / total };
}
