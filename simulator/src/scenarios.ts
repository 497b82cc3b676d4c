/**
 * Scenarios: the workload each one runs and the fault it injects. Every number here is a per-second rate at
 * load 1 (the load wave multiplies rates), a share, or a latency mean; the workload turns them into series.
 */

export interface Workload {
  /** Requests per second reaching each decode engine (all requests decode on a decode pod). */
  requestsPerDecodeEngine: number;
  /** Mean prompt and output lengths in tokens. */
  promptTokens: number;
  outputTokens: number;
  /** Share of requests the router sends prefill-decode (the rest are decode-only and prefill on the decode pod). */
  pdShare: number;
  /** Local prefix-cache hit share of prompt tokens on prefill pods and for decode-only requests on decode pods. */
  prefillCacheHit: number;
  decodeCacheHit: number;
  /** NIXL: link bandwidth (bytes/s), failed transfer share (recomputed on decode), failed notification share. */
  nixlBandwidth: number;
  nixlFailedShare: number;
  nixlFailedNotificationShare: number;
  /** Share of prefill requests whose KV blocks expire before decode reads them. */
  kvExpiredShare: number;
  /** Latency means (seconds). */
  interTokenLatency: number;
  prefillTtft: number;
  decodeTtft: number;
  queueTime: number;
  /** KV cache usage (0..1) at load 1, by role. */
  kvUsagePrefill: number;
  kvUsageDecode: number;
  /** Preemptions per second and requests waiting for capacity, per decode engine. */
  preemptionsPerDecodeEngine: number;
  waitingCapacityPerDecodeEngine: number;
  /** Share of engine steps by batch type, by role. */
  batchPrefill: BatchShares;
  batchDecode: BatchShares;
  /** DBO: share of steps run as two micro-batches; the rest fall out for these reasons (shares of steps). */
  dboEngaged: number;
  dboFallout: { empty_second_ubatch: number; coordination_failure: number; other: number };
  /** Prefill tokens per engine step (chunked prefill; sets the prefill step rate and micro-batch sizes). */
  prefillChunkTokens: number;
  /** Straggler: slowdown of one decode engine's throughput (1 = none). */
  stragglerSlowdown: number;
  /** Expert hotspot: share of a layer's tokens routed to one expert, on every third layer (0 = none). */
  hotExpertShare: number;
  /** EPLB: a rebalance starts but never finishes. */
  rebalanceStuck: boolean;
  /** An older vLLM: legacy names only, no by-source, NIXL or proposed metrics. */
  legacy: boolean;
  /** A decode pod stops answering scrapes (its load moves to the others). */
  podDown: boolean;
  /** A decode pod restarts once, shortly after the scenario starts (its counters reset). */
  podRestart: boolean;
}

export interface BatchShares {
  prefill: number;
  decode: number;
  interleaved: number;
}

/**
 * What a fault costs throughput, in the names the explainer scores (src/queries/causes). A scenario lists the
 * causes it injects, the main one first; steady scenarios list none.
 */
export const CAUSE_NAMES = [
  'rebalance',
  'expert_imbalance',
  'dbo_fallout',
  'straggler',
  'nixl',
  'kv_pressure',
  'routing',
  'target_down',
  'gpu',
  'demand',
] as const;
export type CauseName = (typeof CAUSE_NAMES)[number];

export interface Scenario {
  name: string;
  summary: string;
  workload: Workload;
  causes: CauseName[];
}

export const STEADY_PD: Workload = {
  requestsPerDecodeEngine: 2,
  promptTokens: 3000,
  outputTokens: 300,
  // Every request is disaggregated (the router's P/D threshold at 0): decode computes only each prompt's last token.
  pdShare: 1,
  prefillCacheHit: 0.35,
  decodeCacheHit: 0.3,
  nixlBandwidth: 5e9,
  nixlFailedShare: 0,
  nixlFailedNotificationShare: 0,
  kvExpiredShare: 0,
  interTokenLatency: 0.035,
  prefillTtft: 0.3,
  decodeTtft: 0.65,
  queueTime: 0.05,
  kvUsagePrefill: 0.3,
  kvUsageDecode: 0.55,
  preemptionsPerDecodeEngine: 0,
  waitingCapacityPerDecodeEngine: 0,
  batchPrefill: { prefill: 0.9, decode: 0.02, interleaved: 0.08 },
  batchDecode: { prefill: 0.0, decode: 0.97, interleaved: 0.03 },
  dboEngaged: 0.85,
  dboFallout: { empty_second_ubatch: 0.12, coordination_failure: 0.02, other: 0.01 },
  prefillChunkTokens: 6144,
  stragglerSlowdown: 1,
  hotExpertShare: 0,
  rebalanceStuck: false,
  legacy: false,
  podDown: false,
  podRestart: false,
};

const STEADY_WIDEEP: Workload = {
  ...STEADY_PD,
  requestsPerDecodeEngine: 3,
  promptTokens: 1500,
  outputTokens: 800,
  dboEngaged: 0.92,
  dboFallout: { empty_second_ubatch: 0.06, coordination_failure: 0.015, other: 0.005 },
  kvUsageDecode: 0.7,
  interTokenLatency: 0.045,
};

function scenario(
  name: string,
  summary: string,
  causes: CauseName[],
  changes: Partial<Workload>,
  base: Workload = STEADY_PD
): Scenario {
  return { name, summary, causes, workload: { ...base, ...changes } };
}

const NIXL_FAILURES: Partial<Workload> = {
  nixlFailedShare: 0.08,
  nixlFailedNotificationShare: 0.02,
  kvExpiredShare: 0.03,
  nixlBandwidth: 1.5e9,
};

const KV_PRESSURE: Partial<Workload> = {
  kvUsageDecode: 0.95,
  preemptionsPerDecodeEngine: 0.4,
  waitingCapacityPerDecodeEngine: 12,
  decodeTtft: 2.5,
  queueTime: 1.8,
};

export const SCENARIOS: Scenario[] = [
  scenario(
    'steady-pd',
    'steady prefill/decode traffic; decode gets every prompt by KV transfer and computes only its last token',
    [],
    {}
  ),
  scenario(
    'steady-wideep',
    'steady wide-EP decode: big batches, DBO engaged, EPLB balanced after the first rebalance',
    [],
    {},
    STEADY_WIDEEP
  ),
  scenario(
    'nixl-failures',
    'NIXL transfers fail (recomputed on decode), notifications fail, KV expires on prefill, bandwidth drops',
    ['nixl'],
    NIXL_FAILURES
  ),
  scenario('decode-recompute', 'the router sends 40 % decode-only: decode pods compute prefill locally', ['routing'], {
    pdShare: 0.6,
  }),
  scenario(
    'expert-hotspot',
    'one expert turns hot on every third layer: balancedness falls until the next rebalance',
    ['expert_imbalance'],
    {
      hotExpertShare: 0.25,
    },
    STEADY_WIDEEP
  ),
  scenario(
    'rebalance-stuck',
    'an EPLB rebalance starts and never finishes (eplb_rebalancing stays 1)',
    ['rebalance'],
    {
      rebalanceStuck: true,
    },
    STEADY_WIDEEP
  ),
  scenario(
    'dbo-fallout-storm',
    'light traffic: dual-batch overlap mostly falls out (empty second micro-batch)',
    ['dbo_fallout', 'demand'],
    {
      dboEngaged: 0.3,
      dboFallout: { empty_second_ubatch: 0.58, coordination_failure: 0.09, other: 0.03 },
      // Light traffic: decode batches too small to split into two micro-batches.
      requestsPerDecodeEngine: 0.8,
    },
    STEADY_WIDEEP
  ),
  scenario(
    'kv-pressure',
    'decode KV cache ~95 % full: preemptions, requests waiting for capacity, slower TTFT',
    ['kv_pressure'],
    KV_PRESSURE
  ),
  scenario(
    'straggler-rank',
    'one decode engine runs at half speed (thermal throttling); /truth names it',
    ['straggler', 'gpu'],
    {
      stragglerSlowdown: 0.5,
    },
    STEADY_WIDEEP
  ),
  scenario('pod-down', 'one decode pod stops answering scrapes; its traffic moves to the others', ['target_down'], {
    podDown: true,
  }),
  scenario(
    'pod-restart',
    'one decode pod restarts once, 5 s after the scenario starts (after an XID on its GPU): its counters reset',
    ['gpu', 'target_down'],
    { podRestart: true }
  ),
  scenario('demand-drop', 'load falls to a third: fewer requests, fewer tokens, nothing breaks', ['demand'], {
    requestsPerDecodeEngine: 0.7,
  }),
  scenario(
    'nixl-and-kv-pressure',
    'two faults at once: NIXL transfers fail and decode KV cache runs ~95 % full',
    ['kv_pressure', 'nixl'],
    {
      ...NIXL_FAILURES,
      ...KV_PRESSURE,
    }
  ),
  scenario('legacy-vllm', 'an older vLLM (~0.9): legacy metric names, no by-source, NIXL or proposed metrics', [], {
    legacy: true,
  }),
];

export const SCENARIO_NAMES = SCENARIOS.map((s) => s.name);

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

/** Seconds after a pod-restart scenario starts at which the pod restarts. */
export const RESTART_DELAY_SECONDS = 5;
