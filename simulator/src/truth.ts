/**
 * Ground truth: the values behind each derived signal, computed from the same rates that drive the series.
 * Every field is a ratio or sum of per-second rates, so it equals the PromQL over rate()s that
 * simulator/README.md lists next to it (exactly with --load-wave 0).
 */
import { isHotLayer, rankShares } from './experts';
import { Simulation } from './simulation';
import { Role } from './topology';
import { TOP_K } from './experts';
import { rankLoadRatios } from './simulation';
import { BUCKETS } from './buckets';
import { DBO_FALLOUT_REASONS, EngineRates, PROMPT_SOURCES, decodeInterleavedBaseline } from './workload';

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

export function truth(sim: Simulation) {
  const time = sim.update();
  const load = sim.wave.at(time);
  const models: Record<string, unknown> = {};
  sim.rates.forEach((modelRate) => {
    const live = modelRate.engines.filter((e) => e.active);
    const roles: Record<string, unknown> = {};
    for (const role of ['prefill', 'decode'] as Role[]) {
      const engines = live.filter((e) => e.engine.role === role);
      if (engines.length > 0) {
        roles[role] = roleTruth(engines, role, load);
      }
    }
    const decode = live.filter((e) => e.engine.role === 'decode');
    const prefill = live.filter((e) => e.engine.role === 'prefill');
    const transfers = sum(decode.map((e) => e.nixl.transfers));
    const bytes = sum(decode.map((e) => e.nixl.transfers * e.nixl.bytes.mean));
    const seconds = sum(decode.map((e) => e.nixl.transfers * e.nixl.xferTime.mean));
    const tokens = sum(decode.map((e) => e.nixl.tokens));
    const failed = sum(decode.map((e) => e.nixl.failedTransfers));
    const nixl = {
      transfersPerSec: transfers * load,
      bytesPerSec: bytes * load,
      tokensPerSec: tokens * load,
      meanBandwidthBytesPerSec: ratio(bytes, seconds),
      bytesPerToken: ratio(bytes, tokens),
      failedTransfersPerSec: failed * load,
      failedNotificationsPerSec: sum(decode.map((e) => e.nixl.failedNotifications)) * load,
      expiredRequestsPerSec: sum(prefill.map((e) => e.nixl.expired)) * load,
      failureRate: ratio(failed, failed + transfers),
      // SGLang's prefill pushes the KV: one transfer per prefill request, observed by the sender.
      senderTransfersPerSec: sum(prefill.map((e) => e.requests)) * load,
      senderLatencyMsMean: ratio(sum(prefill.map((e) => e.requests * e.nixl.xferTime.mean)), sum(prefill.map((e) => e.requests))) * 1000,
    };

    const engaged = sum(live.map((e) => e.steps * e.dboEngaged));
    const fellOut = sum(live.map((e) => e.steps * sum(DBO_FALLOUT_REASONS.map((r) => e.dboFallout[r]))));
    const dbo = {
      engagedShare: ratio(engaged, engaged + fellOut),
      falloutPerSec: Object.fromEntries(
        DBO_FALLOUT_REASONS.map((r) => [r, sum(live.map((e) => e.steps * e.dboFallout[r])) * load])
      ),
    };

    const ranks: Record<string, { generationTokensPerSec: number; localComputePromptTokensPerSec: number }> = {};
    for (const e of live) {
      ranks[e.engine.label] = {
        generationTokensPerSec: e.generationTokens * load,
        localComputePromptTokensPerSec: e.bySource.local_compute * load,
      };
    }
    const throughput = decode.map((e) => e.generationTokens * load);
    const mean = throughput.length ? sum(throughput) / throughput.length : 0;
    const sd = Math.sqrt(throughput.length ? sum(throughput.map((v) => (v - mean) ** 2)) / throughput.length : 0);
    let worst = decode[0];
    for (const e of decode) {
      if (Math.abs(e.generationTokens * load - mean) > Math.abs(worst.generationTokens * load - mean)) {
        worst = e;
      }
    }

    const group = sim.groups.find((g) => g.model === modelRate.model && g.role === 'decode') ?? sim.groups.find((g) => g.model === modelRate.model);
    const byRole: Record<string, unknown> = {};
    let layers: Record<string, { balancedness: number; avgTokens: number; maxTokens: number }> = {};
    for (const g of sim.groups.filter((x) => x.model === modelRate.model)) {
      const values = Object.fromEntries(sim.groupEplb(g, time).map((l, i) => [String(i), l]));
      byRole[g.role] = values;
      if (g === group) {
        layers = values;
      }
    }
    const balances = Object.values(layers).map((l) => l.balancedness);
    // PR #43715: share of (layer, EP rank) load ratios at or under each bucket bound, for the decode group.
    const rankLoadRatioCdf: Record<string, number> = {};
    if (group) {
      const loads = sim.expertLoads.get(group.model)!;
      const ratios = rankLoadRatios(group.placements.map((p, layer) => Array.from(rankShares(p, sim.expertShares(loads, layer, time)))));
      for (const bound of BUCKETS.eplbRankLoadRatio) {
        rankLoadRatioCdf[String(bound)] = ratios.cdf(bound);
      }
    }
    const firstEngine = sim.engineSeries.get(modelRate.model.engines[0])!;
    const loads = sim.expertLoads.get(modelRate.model)!;
    const hotExperts: Array<{ layer: number; expert: number; share: number }> = [];
    if (sim.scenario.workload.hotExpertShare > 0) {
      for (let layer = 0; layer < sim.options.layers; layer++) {
        if (isHotLayer(layer)) {
          const shares = sim.expertShares(loads, layer, time);
          const expert = loads.hotExpert[layer];
          hotExperts.push({ layer, expert, share: shares[expert] });
        }
      }
    }

    models[modelRate.model.name] = {
      roles,
      nixl,
      eplb: {
        group: group?.role,
        layers,
        byRole,
        minBalancedness: balances.length ? Math.min(...balances) : 1,
        meanBalancedness: balances.length ? sum(balances) / balances.length : 1,
        rebalancing: sim.rebalancing ? 1 : 0,
        rearrangements: sim.rearrangements,
        rearrangementDurationMean: firstEngine.eplbDuration.count > 0 ? firstEngine.eplbDuration.sum / firstEngine.eplbDuration.count : null,
        rankLoadRatioCdf,
        expertSelectionsPerSec: sum(decode.map((e) => e.moeTokens)) * TOP_K * load,
      },
      dbo,
      ranks,
      imbalance: {
        maxOverMean: mean > 0 ? Math.max(...throughput) / mean : 0,
        cv: mean > 0 ? sd / mean : 0,
        worstEngine: worst?.engine.label,
        stragglerEngine: modelRate.stragglerRank !== undefined ? String(modelRate.stragglerRank) : null,
      },
      hotExperts,
      router: {
        prefillDecodePerSec: modelRate.prefillDecode * load,
        decodeOnlyPerSec: modelRate.decodeOnly * load,
      },
    };
  });

  const targets = [
    ...sim.pods.map((p) => ({ job: 'vllm', pod: p.name, up: !sim.isDown(p.name), restarts: sim.restarts.get(p.name) ?? 0 })),
    ...sim.topology.nodes.map((n) => ({ job: 'dcgm-exporter', pod: n.exporterPod, node: n.name, up: true, restarts: 0 })),
    { job: 'llm-d-epp', pod: sim.topology.eppPod, up: true, restarts: 0 },
  ];
  return {
    profile: { name: sim.profile.name, engine: sim.profile.engine, vllmSets: [...sim.profile.vllmSets] },
    scenario: sim.scenario.name,
    // The causes this scenario injects, main one first (src/queries/causes names them the same).
    causes: sim.scenario.causes,
    seed: sim.options.seed,
    time,
    loadFactor: load,
    models,
    targets,
  };
}

/**
 * Decode's prompt-token baseline: a request whose whole prompt arrived by KV transfer still computes its last
 * token (vLLM counts it as local_compute and, less one, as cached), and the step that admits it carries prompt
 * tokens, so decode's local compute and interleaved share are not zero when P/D works.
 */
function decodeBaseline(engines: EngineRates[], requests: number, load: number) {
  const transferred = sum(engines.map((e) => e.transferredRequests));
  const local = sum(engines.map((e) => e.bySource.local_compute));
  const steps = sum(engines.map((e) => e.steps));
  const admitting = sum(engines.map((e) => e.steps * decodeInterleavedBaseline(0, e.transferredRequests, e.steps)));
  return {
    localComputeTokensPerDecodeRequest: ratio(local, requests),
    transferredRequestsPerSec: transferred * load,
    computedPromptTokensPerTransferredRequest: ratio(sum(engines.map((e) => e.recomputedTokens)), transferred),
    expectedLocalComputeTokensPerDecodeRequest: ratio(transferred, requests),
    excessLocalComputeTokensPerDecodeRequest: ratio(local - transferred, requests),
    expectedInterleavedShare: ratio(admitting, steps),
  };
}

function roleTruth(engines: EngineRates[], role: Role, load: number) {
  const prompt = sum(engines.map((e) => e.promptTokens));
  const sources = Object.fromEntries(PROMPT_SOURCES.map((s) => [s, ratio(sum(engines.map((e) => e.bySource[s])), prompt)]));
  const requests = sum(engines.map((e) => e.requests));
  const steps = sum(engines.map((e) => e.steps));
  const batch = (k: 'prefill' | 'decode' | 'interleaved') => ratio(sum(engines.map((e) => e.steps * e.batches[k])), steps);
  const batchShares = { prefill: batch('prefill'), decode: batch('decode'), interleaved: batch('interleaved') };
  return {
    promptTokensPerSec: prompt * load,
    sourceShares: sources,
    kvTransferShare: sources.external_kv_transfer,
    cachedPromptTokensPerSec: sum(engines.map((e) => e.cachedTokens)) * load,
    recomputedPromptTokensPerSec: sum(engines.map((e) => e.recomputedTokens)) * load,
    ...(role === 'decode' ? decodeBaseline(engines, requests, load) : {}),
    prefixCacheHitRate: ratio(sum(engines.map((e) => e.prefixHits)), sum(engines.map((e) => e.prefixQueries))),
    externalPrefixCacheHitRate: ratio(sum(engines.map((e) => e.externalHits)), sum(engines.map((e) => e.externalQueries))),
    requestsPerSec: requests * load,
    generationTokensPerSec: sum(engines.map((e) => e.generationTokens)) * load,
    batchShares,
    interleavedShare: batchShares.interleaved,
  };
}
