/**
 * Identities that hold in every scrape, and the match between rates of the exposed counters and /truth.
 */
import { truth } from '../src/truth';
import { kvBytesPerToken } from '../src/workload';
import { manualSim, rateBetween, scrape, scrapePods, total } from './helpers';

const MODEL = 'deepseek-ai/DeepSeek-V3';
const close = (actual: number, expected: number, tolerance = 1e-6) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));

describe('identities', () => {
  it('prompt tokens by source add up as vLLM counts them: prompt tokens plus the recomputed last token of transferred prompts', async () => {
    const { sim, tick } = manualSim(['--scenario', 'decode-recompute']);
    tick(17);
    const exposition = await scrapePods(sim);
    const engines = new Set(exposition.samples.filter((s) => s.name === 'vllm:prompt_tokens_total').map((s) => s.labels.engine));
    expect(engines.size).toBe(8);
    const successes = (engine: string) => total(exposition, 'vllm:request_success_total', { engine });
    let transferredSeen = 0;
    for (const engine of engines) {
      const role = sim.topology.models[0].engines.find((e) => e.label === engine)!.role;
      const prompt = total(exposition, 'vllm:prompt_tokens_total', { engine });
      const bySource = total(exposition, 'vllm:prompt_tokens_by_source_total', { engine });
      const ext = total(exposition, 'vllm:prompt_tokens_by_source_total', { engine, source: 'external_kv_transfer' });
      const hit = total(exposition, 'vllm:prompt_tokens_by_source_total', { engine, source: 'local_cache_hit' });
      // Every transferred request (60 % of decode requests here, 3000-token prompts) recomputes exactly one token.
      const recomputed = role === 'decode' ? successes(engine) * 0.6 : 0;
      expect(prompt).toBeGreaterThan(0);
      close(bySource, prompt + recomputed, 1e-6);
      // PromptTokenStats: cached = local hit + external - recomputed (N - 1 for a fully transferred prompt).
      close(total(exposition, 'vllm:prompt_tokens_cached_total', { engine }), hit + ext - recomputed, 1e-6);
      transferredSeen += recomputed;
    }
    expect(transferredSeen).toBeGreaterThan(0);
  });

  it('counters never go backwards across scrapes and scenario switches', async () => {
    const { sim, tick } = manualSim(['--load-wave', '0.5', '--wave-period', '20']);
    let previous = await scrapePods(sim);
    for (const scenario of ['steady-wideep', 'nixl-failures', 'kv-pressure', 'steady-pd']) {
      tick(7);
      sim.setScenario(scenario);
      tick(4);
      const current = await scrapePods(sim);
      const before = new Map(previous.samples.map((s) => [`${s.name}${JSON.stringify(s.labels)}`, s.value]));
      let compared = 0;
      for (const s of current.samples) {
        const counterLike = /_total$|_bucket$|_sum$|_count$/.test(s.name) && current.types.get(s.name) !== 'gauge';
        const old = before.get(`${s.name}${JSON.stringify(s.labels)}`);
        if (counterLike && old !== undefined) {
          expect(s.value).toBeGreaterThanOrEqual(old);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(500);
      previous = current;
    }
  });

  it('NIXL bytes are transferred tokens times KV bytes per token', async () => {
    const { sim, tick } = manualSim(['--load-wave', '0.3']);
    tick(23);
    const decode = await scrapePods(sim, 'decode');
    const bytes = total(decode, 'vllm:nixl_bytes_transferred_sum');
    const tokens = total(decode, 'vllm:nixl_tokens_transferred_total');
    const external = total(decode, 'vllm:prompt_tokens_by_source_total', { source: 'external_kv_transfer' });
    close(tokens, external, 1e-6);
    close(bytes / tokens, kvBytesPerToken(8), 1e-6);
    close((truth(sim).models[MODEL] as any).nixl.bytesPerToken, kvBytesPerToken(8), 1e-9);
  });
});

describe('rates match /truth', () => {
  it('for every ratio the app derives, with constant load', async () => {
    const { sim, tick } = manualSim(['--scenario', 'nixl-failures', '--eplb-step-interval', '1000']);
    tick(5);
    const [p0, d0, all0] = [await scrapePods(sim, 'prefill'), await scrapePods(sim, 'decode'), await scrapePods(sim)];
    const epp0 = await scrape(sim.epp.registry);
    tick(30);
    const [p1, d1, all1] = [await scrapePods(sim, 'prefill'), await scrapePods(sim, 'decode'), await scrapePods(sim)];
    const epp1 = await scrape(sim.epp.registry);
    const t = truth(sim).models[MODEL] as any;
    const rate = (a: typeof p0, b: typeof p0, name: string, match: Record<string, string> = {}) => rateBetween(a, b, 30, name, match);

    for (const [role, a, b] of [['prefill', p0, p1], ['decode', d0, d1]] as const) {
      const r = t.roles[role];
      const prompt = rate(a, b, 'vllm:prompt_tokens_total');
      close(prompt, r.promptTokensPerSec);
      for (const source of ['local_compute', 'local_cache_hit', 'external_kv_transfer']) {
        close(rate(a, b, 'vllm:prompt_tokens_by_source_total', { source }) / prompt, r.sourceShares[source]);
      }
      close(rate(a, b, 'vllm:prefix_cache_hits_total') / rate(a, b, 'vllm:prefix_cache_queries_total'), r.prefixCacheHitRate);
      close(rate(a, b, 'vllm:external_prefix_cache_hits_total') / rate(a, b, 'vllm:external_prefix_cache_queries_total'), r.externalPrefixCacheHitRate);
      close(rate(a, b, 'vllm:request_success_total'), r.requestsPerSec);
      close(rate(a, b, 'vllm:generation_tokens_total'), r.generationTokensPerSec);
      const batches = ['prefill', 'decode', 'interleaved'].map((k) => rate(a, b, `vllm:batch_executions_${k}_total`));
      close(batches[2] / (batches[0] + batches[1] + batches[2]), r.interleavedShare);
    }
    close(
      rate(d0, d1, 'vllm:prompt_tokens_by_source_total', { source: 'local_compute' }) / rate(d0, d1, 'vllm:request_success_total'),
      t.roles.decode.localComputeTokensPerDecodeRequest
    );

    close(rate(d0, d1, 'vllm:nixl_xfer_time_seconds_count'), t.nixl.transfersPerSec);
    close(rate(d0, d1, 'vllm:nixl_bytes_transferred_sum'), t.nixl.bytesPerSec);
    close(rate(d0, d1, 'vllm:nixl_bytes_transferred_sum') / rate(d0, d1, 'vllm:nixl_xfer_time_seconds_sum'), t.nixl.meanBandwidthBytesPerSec);
    expect(t.nixl.meanBandwidthBytesPerSec).toBeCloseTo(1.5e9, -3);
    close(rate(d0, d1, 'vllm:nixl_num_failed_transfers_total'), t.nixl.failedTransfersPerSec);
    close(rate(d0, d1, 'vllm:nixl_num_failed_notifications_total'), t.nixl.failedNotificationsPerSec);
    close(rate(p0, p1, 'vllm:nixl_num_kv_expired_reqs_total'), t.nixl.expiredRequestsPerSec);
    const failed = rate(d0, d1, 'vllm:nixl_num_failed_transfers_total');
    close(failed / (failed + rate(d0, d1, 'vllm:nixl_xfer_time_seconds_count')), t.nixl.failureRate);

    const second = rate(all0, all1, 'vllm:ubatch_token_count_count', { ubatch_index: 'second' });
    const fallout = rate(all0, all1, 'vllm:dbo_fallout_total');
    close(second / (second + fallout), t.dbo.engagedShare);
    for (const reason of ['empty_second_ubatch', 'coordination_failure', 'other']) {
      close(rate(all0, all1, 'vllm:dbo_fallout_total', { reason }), t.dbo.falloutPerSec[reason]);
    }
    for (const [engine, r] of Object.entries(t.ranks) as Array<[string, any]>) {
      close(rate(all0, all1, 'vllm:generation_tokens_total', { engine }), r.generationTokensPerSec);
      close(rate(all0, all1, 'vllm:prompt_tokens_by_source_total', { engine, source: 'local_compute' }), r.localComputePromptTokensPerSec);
    }
    close(rate(epp0, epp1, 'llm_d_epp_disagg_decision_total', { decision_type: 'prefill-decode' }), t.router.prefillDecodePerSec);
    close(rate(epp0, epp1, 'llm_d_epp_disagg_decision_total', { decision_type: 'decode-only' }), t.router.decodeOnlyPerSec);
    close(rate(epp0, epp1, 'llm_d_inference_scheduler_pd_decision_total', { decision_type: 'prefill-decode' }), t.router.prefillDecodePerSec);

    for (const [layer, l] of Object.entries(t.eplb.layers) as Array<[string, any]>) {
      const engine = sim.topology.models[0].decodeEngines[0].label;
      close(total(d1, 'vllm:eplb_balancedness_ratio', { layer, engine }), l.balancedness, 1e-5);
      close(total(d1, 'vllm:eplb_avg_tokens_per_rank', { layer, engine }) / total(d1, 'vllm:eplb_max_tokens_per_rank', { layer, engine }), l.balancedness, 1e-3);
    }
  });

  it('counters integrate the load wave exactly', async () => {
    const { sim, tick } = manualSim(['--load-wave', '0.6', '--wave-period', '40']);
    const a = await scrapePods(sim, 'decode');
    let expected = 0;
    const base = (truth(sim).models[MODEL] as any).roles.decode.generationTokensPerSec / sim.wave.at(sim.lastTime);
    const start = sim.lastTime;
    for (let i = 0; i < 13; i++) {
      tick(3.7);
    }
    expected = base * sim.wave.integral(start, sim.lastTime);
    const b = await scrapePods(sim, 'decode');
    close(total(b, 'vllm:generation_tokens_total') - total(a, 'vllm:generation_tokens_total'), expected, 1e-6);
  });
});
