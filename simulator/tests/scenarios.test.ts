/** Each scenario moves the signals it claims to, as seen in the exposition and in /truth. */
import { SCENARIOS } from '../src/scenarios';
import { rearrangementSeconds } from '../src/simulation';
import { truth } from '../src/truth';
import { Exposition, manualSim, rateBetween, scrape, scrapePods, total } from './helpers';

const MODEL = 'deepseek-ai/DeepSeek-V3';
const modelTruth = (sim: Parameters<typeof truth>[0]) => truth(sim).models[MODEL] as any;

/** Decode share of prompt tokens by local compute, from two scrapes 20 s apart. */
async function decodeLocalShare(args: string[]): Promise<number> {
  const { sim, tick } = manualSim(args);
  tick(1);
  const a = await scrapePods(sim, 'decode');
  tick(20);
  const b = await scrapePods(sim, 'decode');
  return rateBetween(a, b, 20, 'vllm:prompt_tokens_by_source_total', { source: 'local_compute' }) / rateBetween(a, b, 20, 'vllm:prompt_tokens_total');
}

function minBalancedness(exposition: Exposition): number {
  return Math.min(...exposition.samples.filter((s) => s.name === 'vllm:eplb_balancedness_ratio').map((s) => s.value));
}

describe('scenarios', () => {
  it('every scenario starts, serves and reports itself in /truth', async () => {
    for (const scenario of SCENARIOS) {
      const { sim, tick } = manualSim(['--scenario', scenario.name]);
      tick(6);
      expect(truth(sim).scenario).toBe(scenario.name);
      const exposition = await scrapePods(sim);
      expect(exposition.samples.length).toBeGreaterThan(100);
    }
  });

  it('steady-pd: decode gets every prompt by KV transfer and computes only its last token; prefill gets none', async () => {
    const { sim, tick } = manualSim([]);
    tick(10);
    const t = modelTruth(sim);
    const d = t.roles.decode;
    // 3000-token prompts: N by transfer, 1 computed (the scheduler recomputes the last token), N - 1 cached.
    expect(d.kvTransferShare).toBeCloseTo(1, 6);
    expect(d.localComputeTokensPerDecodeRequest).toBeCloseTo(1, 9);
    expect(d.expectedLocalComputeTokensPerDecodeRequest).toBeCloseTo(1, 9);
    expect(d.excessLocalComputeTokensPerDecodeRequest).toBeCloseTo(0, 9);
    expect(d.computedPromptTokensPerTransferredRequest).toBe(1);
    expect(d.cachedPromptTokensPerSec / d.transferredRequestsPerSec).toBeCloseTo(2999, 6);
    // A step that admits a transferred request carries its prompt token: 2 req/s over 1/0.035 steps/s.
    expect(d.expectedInterleavedShare).toBeCloseTo(1 - Math.exp(-2 * 0.035), 5);
    expect(d.interleavedShare).toBeGreaterThanOrEqual(d.expectedInterleavedShare - 1e-12);
    expect(t.router.decodeOnlyPerSec).toBe(0);
    expect(t.roles.prefill.sourceShares.external_kv_transfer).toBe(0);
    expect(t.roles.prefill.recomputedPromptTokensPerSec).toBe(0);
    expect(t.nixl.failedTransfersPerSec).toBe(0);
    expect(await decodeLocalShare([])).toBeCloseTo(1 / 3000, 9);
  });

  it('decode-recompute: decode computes a large share of prompt tokens locally', async () => {
    expect(await decodeLocalShare(['--scenario', 'decode-recompute'])).toBeGreaterThan(0.2);
    const { sim, tick } = manualSim(['--scenario', 'decode-recompute']);
    tick(5);
    const t = modelTruth(sim);
    expect(t.router.decodeOnlyPerSec / (t.router.decodeOnlyPerSec + t.router.prefillDecodePerSec)).toBeCloseTo(0.4, 6);
    expect(t.roles.decode.localComputeTokensPerDecodeRequest).toBeGreaterThan(500);
    expect(t.roles.decode.interleavedShare).toBeGreaterThan(0.3);
  });

  it('nixl-failures: failed transfers and notifications, expired KV on prefill, lower bandwidth', async () => {
    const { sim, tick } = manualSim(['--scenario', 'nixl-failures']);
    tick(1);
    const [d0, p0] = [await scrapePods(sim, 'decode'), await scrapePods(sim, 'prefill')];
    tick(20);
    const [d1, p1] = [await scrapePods(sim, 'decode'), await scrapePods(sim, 'prefill')];
    expect(rateBetween(d0, d1, 20, 'vllm:nixl_num_failed_transfers_total')).toBeGreaterThan(0.2);
    expect(rateBetween(d0, d1, 20, 'vllm:nixl_num_failed_notifications_total')).toBeGreaterThan(0.05);
    expect(rateBetween(p0, p1, 20, 'vllm:nixl_num_kv_expired_reqs_total')).toBeGreaterThan(0.05);
    expect(rateBetween(p0, p1, 20, 'vllm:nixl_num_failed_transfers_total')).toBe(0);
    const t = modelTruth(sim);
    expect(t.nixl.failureRate).toBeCloseTo(0.08, 6);
    expect(t.nixl.meanBandwidthBytesPerSec).toBeLessThan(2e9);
    // Failed transfers are recomputed on decode.
    expect(t.roles.decode.sourceShares.local_compute).toBeGreaterThan(0.07);
  });

  it('steady-wideep: the first rebalance improves balancedness, raising eplb_rebalancing while it runs', async () => {
    const interval = 30;
    const { sim, tick } = manualSim(['--scenario', 'steady-wideep', '--eplb-step-interval', String(interval)]);
    tick(interval - 1);
    const before = await scrapePods(sim, 'decode');
    expect(total(before, 'vllm:eplb_rebalancing')).toBe(0);
    tick(1.5);
    const during = await scrapePods(sim, 'decode');
    expect(total(during, 'vllm:eplb_rebalancing')).toBe(4);
    tick(rearrangementSeconds(8, 32));
    const after = await scrapePods(sim, 'decode');
    expect(total(after, 'vllm:eplb_rebalancing')).toBe(0);
    expect(total(after, 'vllm:eplb_rearrangements_total')).toBe(4);
    expect(total(after, 'vllm:eplb_rearrangement_duration_seconds_count')).toBe(4);
    expect(total(after, 'vllm:eplb_rearrangement_duration_seconds_sum') / 4).toBeCloseTo(rearrangementSeconds(8, 32), 6);
    expect(minBalancedness(after)).toBeGreaterThan(minBalancedness(before) + 0.1);
    const t = modelTruth(sim);
    expect(t.eplb.rearrangements).toBe(1);
    expect(t.eplb.minBalancedness).toBeCloseTo(minBalancedness(after), 5);
    expect(t.dbo.engagedShare).toBeGreaterThan(0.9);
  });

  it('expert-hotspot: balancedness falls when an expert turns hot and recovers at the next rebalance', async () => {
    const interval = 30;
    const { sim, tick } = manualSim(['--scenario', 'steady-wideep', '--eplb-step-interval', String(interval), '--expert-debug']);
    tick(interval + 10);
    const settled = modelTruth(sim).eplb.minBalancedness;
    sim.setScenario('expert-hotspot');
    tick(1);
    const hot = modelTruth(sim);
    expect(hot.eplb.minBalancedness).toBeLessThan(settled - 0.2);
    expect(hot.hotExperts.length).toBeGreaterThan(0);
    expect(hot.hotExperts[0].share).toBeCloseTo(0.25, 6);
    // The DEBUG gauge shows the same share for the hot expert.
    const debug = (await scrape([...sim.podTargets.values()][0].registries.current)).samples.filter(
      (s) => s.name === 'vllm:expert_load_per_expert_tokens_DEBUG' && s.labels.layer === String(hot.hotExperts[0].layer)
    );
    const layerTotal = debug.reduce((s, x) => s + x.value, 0);
    const hotValue = debug.find((s) => s.labels.expert_id === String(hot.hotExperts[0].expert))!.value;
    expect(hotValue / layerTotal).toBeCloseTo(0.25, 3);
    tick(interval + rearrangementSeconds(8, 32));
    const recovered = modelTruth(sim);
    expect(recovered.eplb.rearrangements).toBe(2);
    expect(recovered.eplb.minBalancedness).toBeGreaterThan(hot.eplb.minBalancedness + 0.15);
  });

  it('rebalance-stuck: eplb_rebalancing stays 1 and no rearrangement completes', async () => {
    const interval = 20;
    const { sim, tick } = manualSim(['--scenario', 'rebalance-stuck', '--eplb-step-interval', String(interval)]);
    for (let i = 0; i < 6; i++) {
      tick(interval);
    }
    const exposition = await scrapePods(sim);
    expect(total(exposition, 'vllm:eplb_rebalancing')).toBe(8);
    expect(total(exposition, 'vllm:eplb_rearrangements_total')).toBe(0);
    expect(modelTruth(sim).eplb.rebalancing).toBe(1);
    sim.setScenario('steady-wideep');
    const released = await scrapePods(sim);
    expect(total(released, 'vllm:eplb_rebalancing')).toBe(0);
    expect(total(released, 'vllm:eplb_rearrangements_total')).toBe(8);
    expect(modelTruth(sim).eplb.rearrangementDurationMean).toBeCloseTo(5 * interval, 6);
  });

  it('dbo-fallout-storm: most steps fall out for an empty second micro-batch', async () => {
    const { sim, tick } = manualSim(['--scenario', 'dbo-fallout-storm']);
    tick(1);
    const a = await scrapePods(sim);
    tick(20);
    const b = await scrapePods(sim);
    const second = rateBetween(a, b, 20, 'vllm:ubatch_token_count_count', { ubatch_index: 'second' });
    const empty = rateBetween(a, b, 20, 'vllm:dbo_fallout_total', { reason: 'empty_second_ubatch' });
    const fallout = rateBetween(a, b, 20, 'vllm:dbo_fallout_total');
    expect(second / (second + fallout)).toBeCloseTo(0.3, 6);
    expect(empty / fallout).toBeGreaterThan(0.8);
  });

  it('kv-pressure: KV cache ~95 % full, preemptions, requests waiting for capacity', async () => {
    const { sim, tick } = manualSim(['--scenario', 'kv-pressure']);
    tick(1);
    const a = await scrapePods(sim, 'decode');
    tick(20);
    const b = await scrapePods(sim, 'decode');
    const usage = b.samples.filter((s) => s.name === 'vllm:kv_cache_usage_perc').map((s) => s.value);
    expect(Math.min(...usage)).toBeGreaterThanOrEqual(0.94);
    expect(rateBetween(a, b, 20, 'vllm:num_preemptions_total')).toBeGreaterThan(1);
    expect(total(b, 'vllm:num_requests_waiting_by_reason', { reason: 'capacity' })).toBeGreaterThan(20);
    expect(total(b, 'vllm:num_requests_waiting')).toBe(total(b, 'vllm:num_requests_waiting_by_reason'));
  });

  it('straggler-rank: one decode engine is slow, named by /truth and visible in DCGM', async () => {
    const { sim, tick } = manualSim(['--scenario', 'straggler-rank']);
    tick(1);
    const a = await scrapePods(sim, 'decode');
    tick(20);
    const b = await scrapePods(sim, 'decode');
    const t = modelTruth(sim);
    expect(t.imbalance.worstEngine).toBe(t.imbalance.stragglerEngine);
    const engines = [...new Set(b.samples.filter((s) => s.name === 'vllm:generation_tokens_total').map((s) => s.labels.engine))];
    const rates = engines.map((engine) => ({ engine, rate: rateBetween(a, b, 20, 'vllm:generation_tokens_total', { engine }) }));
    const slowest = rates.sort((x, y) => x.rate - y.rate)[0];
    expect(slowest.engine).toBe(t.imbalance.worstEngine);
    expect(t.imbalance.cv).toBeGreaterThan(0.15);
    const gpu = sim.topology.models[0].engines.find((e) => e.label === slowest.engine)!.gpu;
    const dcgm = await scrape(sim.dcgmTargets.get(gpu.node.name)!.registry);
    const clock = total(dcgm, 'DCGM_FI_DEV_SM_CLOCK', { gpu: String(gpu.index) });
    expect(clock).toBeLessThan(1500);
  });

  it('pod-down: the pod is marked down and its traffic moves to the other decode pods', async () => {
    const steady = manualSim([]);
    steady.tick(5);
    const { sim, tick } = manualSim(['--scenario', 'pod-down']);
    tick(5);
    expect(sim.isDown(sim.downPodName)).toBe(true);
    const t = modelTruth(sim);
    expect(truth(sim).targets.find((x) => x.pod === sim.downPodName)!.up).toBe(false);
    expect(t.roles.decode.requestsPerSec).toBeCloseTo(modelTruth(steady.sim).roles.decode.requestsPerSec, 6);
    const downEngines = sim.topology.pods.find((p) => p.name === sim.downPodName)!.engines.map((e) => e.label);
    expect(Object.keys(t.ranks).some((e) => downEngines.includes(e))).toBe(false);
  });

  it('pod-restart: one pod resets its counters once', async () => {
    const { sim, tick } = manualSim(['--scenario', 'steady-pd']);
    tick(30);
    const restartTarget = sim.podTargets.get(sim.restartPodName)!;
    const before = await scrape(restartTarget.registries.current);
    const other = [...sim.podTargets.values()].find((p) => p.pod.name !== sim.restartPodName)!;
    const otherBefore = total(await scrape(other.registries.current), 'vllm:generation_tokens_total');
    sim.setScenario('pod-restart');
    tick(6);
    const after = await scrape(restartTarget.registries.current);
    expect(total(after, 'vllm:generation_tokens_total')).toBeLessThan(total(before, 'vllm:generation_tokens_total'));
    expect(total(after, 'vllm:generation_tokens_created')).toBeGreaterThan(total(before, 'vllm:generation_tokens_created'));
    expect(total(await scrape(other.registries.current), 'vllm:generation_tokens_total')).toBeGreaterThan(otherBefore);
    const once = total(after, 'vllm:generation_tokens_total');
    tick(30);
    expect(total(await scrape(restartTarget.registries.current), 'vllm:generation_tokens_total')).toBeGreaterThan(once);
    expect(truth(sim).targets.find((x) => x.pod === sim.restartPodName)!.restarts).toBe(1);
    const gpu = restartTarget.pod.engines[0].gpu;
    const dcgm = await scrape(sim.dcgmTargets.get(gpu.node.name)!.registry);
    expect(total(dcgm, 'DCGM_FI_DEV_XID_ERRORS', { gpu: String(gpu.index) })).toBe(79);
  });

  it('legacy-vllm: the pods switch to the legacy registry', async () => {
    const { sim, tick } = manualSim([]);
    tick(5);
    sim.setScenario('legacy-vllm');
    tick(5);
    const exposition = await scrapePods(sim);
    expect(total(exposition, 'vllm:gpu_prefix_cache_queries_total')).toBeGreaterThan(0);
    expect(exposition.samples.some((s) => s.name.startsWith('vllm:nixl') || s.name.startsWith('vllm:eplb'))).toBe(false);
  });

  it('the DEBUG gauge switches itself off after --expert-debug-duration', async () => {
    const { sim, tick } = manualSim(['--expert-debug', '--expert-debug-duration', '10']);
    tick(5);
    const target = [...sim.podTargets.values()][0];
    const on = (await scrape(target.registries.current)).samples.filter((s) => s.name === 'vllm:expert_load_per_expert_tokens_DEBUG');
    expect(on).toHaveLength(8 * 32);
    expect(new Set(on.map((s) => s.labels.engine))).toEqual(new Set(['0']));
    tick(10);
    const off = (await scrape(target.registries.current)).samples.filter((s) => s.name === 'vllm:expert_load_per_expert_tokens_DEBUG');
    expect(off).toHaveLength(0);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const run = async (seed: string) => {
      const { sim, tick } = manualSim(['--seed', seed, '--scenario', 'steady-wideep']);
      tick(12);
      return (await scrapePods(sim)).text;
    };
    expect(await run('7')).toBe(await run('7'));
    expect(await run('7')).not.toBe(await run('8'));
  });
});
