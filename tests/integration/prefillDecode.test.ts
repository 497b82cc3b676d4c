/**
 * The Prefill/Decode page against a real Prometheus scraping the simulator: each derived panel's query, taken
 * from the page spec exactly as the page sends it, must reproduce the simulator's ground truth within 1 %.
 * One stack walks through the scenarios (steady-pd, decode-recompute, nixl-failures); after each switch the
 * test waits until the rate window holds only the new scenario's samples.
 */
import { PREFILL_DECODE_PAGE } from '../../src/catalog/pages/prefillDecode';
import { expectClose, pagePanel, panelQuery, SETTLE_SECONDS, startOneModelStack } from '../support/pageQueries';
import { Sample, Stack } from './stack';

const query = (id: string, legend?: string) => panelQuery(PREFILL_DECODE_PAGE, id, legend);
const panel = (id: string) => pagePanel(PREFILL_DECODE_PAGE, id);

describe('Prefill/Decode page against the simulator', () => {
  let stack: Stack;
  let model: string;
  let vars: Record<string, string>;

  const run = (expr: string): Promise<Sample[]> => stack.query(expr, vars);
  const one = async (expr: string): Promise<number | undefined> => {
    const r = await run(expr);
    expect(r.length).toBeLessThanOrEqual(1);
    return r[0]?.value;
  };
  const byLabel = async (expr: string, label: string): Promise<Record<string, number>> =>
    Object.fromEntries((await run(expr)).map((s) => [s.metric[label], s.value]));
  const truthOf = async () => {
    const truth = await stack.truth();
    return truth.models[model];
  };

  beforeAll(async () => {
    // Narrowed to one model the way the model variable does, so several simulated models compare one by one.
    ({ stack, model, vars } = await startOneModelStack({ scenario: 'steady-pd' }));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  describe('steady-pd', () => {
    it('splits prompt tokens by role and source as the simulator does', async () => {
      const t = await truthOf();
      const rows = await run(query('pd.tokenSources'));
      for (const role of ['prefill', 'decode']) {
        const truth = t.roles[role];
        for (const source of ['local_compute', 'local_cache_hit', 'external_kv_transfer']) {
          const value = rows.find((r) => r.metric.role === role && r.metric.source === source)?.value ?? 0;
          expectClose(value, truth.promptTokensPerSec * truth.sourceShares[source], `${role} ${source} tokens/s`, 1e-3);
        }
      }
    });

    it('shows the decode KV-transfer share near 100 %', async () => {
      const t = await truthOf();
      const share = await one(query('pd.decodeKvShare'));
      expectClose(share, t.roles.decode.kvTransferShare, 'decode KV transfer share');
      expect(share).toBeGreaterThan(0.9);
    });

    // Upstream vLLM recomputes the last token of a prompt that arrived whole by KV transfer (PromptTokenStats in
    // vllm/v1/metrics/stats.py): decode computes about one prompt token per request, never zero.
    it('reads decode computing its one-token baseline and nothing above it, for the fleet and every decode pod', async () => {
      const t = await truthOf();
      const expected = t.roles.decode.expectedLocalComputeTokensPerDecodeRequest;
      expect(expected).toBeGreaterThan(0.9);
      expectClose(await one(query('pd.decodeRecompute', 'all decode pods')), t.roles.decode.localComputeTokensPerDecodeRequest, 'decode local compute per request');
      expectClose(await one(query('pd.decodeRecompute', 'expected (1 per transferred request)')), expected, 'expected baseline');
      expect(await one(query('pd.decodeRecompute', 'above expected, all decode pods'))).toBeLessThan(0.05);
      const perPod = await run(query('pd.decodeRecompute', '{{pod}}'));
      expect(perPod.length).toBeGreaterThan(0);
      expect(perPod.filter((pod) => Math.abs(pod.value - 1) > 0.1).map((pod) => [pod.metric.pod, pod.value])).toEqual([]);
    });

    it('separates true prefill throughput from the naive prompt throughput', async () => {
      const t = await truthOf();
      const computed = await byLabel(query('pd.prefillThroughput', '{{role}} computed'), 'role');
      const naive = await byLabel(query('pd.prefillThroughput', '{{role}} naive'), 'role');
      for (const role of ['prefill', 'decode']) {
        const truth = t.roles[role];
        expectClose(naive[role], truth.promptTokensPerSec, `${role} naive prompt tokens/s`);
        expectClose(
          computed[role] ?? 0,
          truth.promptTokensPerSec * truth.sourceShares.local_compute,
          `${role} computed prompt tokens/s`,
          1e-3
        );
      }
      // The point of the panel: on decode the naive figure is far above the work done.
      expect(naive.decode).toBeGreaterThan(10 * (computed.decode ?? 0));
    });

    it('measures KV tokens, bytes and bytes per token', async () => {
      const { nixl } = await truthOf();
      expectClose(await one(query('pd.kvVolume', 'tokens/s')), nixl.tokensPerSec, 'KV tokens/s');
      expectClose(await one(query('pd.kvVolume', 'bytes/s')), nixl.bytesPerSec, 'KV bytes/s');
      expectClose(await one(query('pd.bytesPerToken')), nixl.bytesPerToken, 'bytes per token');
    });

    it('measures NIXL transfers and effective bandwidth', async () => {
      const { nixl } = await truthOf();
      expectClose(await one(query('pd.nixlTransfers')), nixl.transfersPerSec, 'transfers/s');
      expectClose(await one(query('pd.nixlBandwidth')), nixl.meanBandwidthBytesPerSec, 'bandwidth');
    });

    it('computes local and external prefix cache hit rates per role', async () => {
      const t = await truthOf();
      const local = await byLabel(query('pd.prefixCache', '{{role}} local'), 'role');
      const external = await byLabel(query('pd.prefixCache', '{{role}} external'), 'role');
      for (const role of ['prefill', 'decode']) {
        expectClose(local[role], t.roles[role].prefixCacheHitRate, `${role} local hit rate`);
        expectClose(external[role], t.roles[role].externalPrefixCacheHitRate, `${role} external hit rate`);
      }
    });

    it('shares batch executions per role and reports the interleaved share', async () => {
      const t = await truthOf();
      const shares = await run(query('pd.batchShares'));
      const interleaved = await byLabel(query('pd.interleavedShare', '{{role}}'), 'role');
      for (const role of ['prefill', 'decode']) {
        const truth = t.roles[role];
        let total = 0;
        for (const kind of ['prefill', 'decode', 'interleaved']) {
          const value = shares.find((s) => s.metric.role === role && s.metric.batch === kind)?.value ?? 0;
          total += value;
          expectClose(value, truth.batchShares[kind], `${role} ${kind} batch share`, 1e-3);
        }
        expectClose(total, 1, `${role} batch shares add up`);
        expectClose(interleaved[role] ?? 0, truth.interleavedShare, `${role} interleaved share`, 1e-3);
      }
    });

    it('counts router decisions by type', async () => {
      const { router } = await truthOf();
      const decisions = await byLabel(query('pd.routerDecisions'), 'decision_type');
      expectClose(decisions['prefill-decode'], router.prefillDecodePerSec, 'prefill-decode decisions/s');
      expectClose(decisions['decode-only'] ?? 0, router.decodeOnlyPerSec, 'decode-only decisions/s', 1e-3);
    });

    it('shows no NIXL failures', async () => {
      for (const id of ['pd.nixlFailedTransfers', 'pd.nixlFailedNotifications', 'pd.nixlExpiredRequests']) {
        expect({ id, value: (await one(query(id))) ?? 0 }).toEqual({ id, value: 0 });
      }
    });
  });

  describe('decode-recompute', () => {
    beforeAll(async () => {
      await stack.setScenario('decode-recompute');
      await stack.waitForRange(SETTLE_SECONDS);
    });

    it('lights the recompute panel with the simulated local compute per decode request', async () => {
      const t = await truthOf();
      const all = await one(query('pd.decodeRecompute', 'all decode pods'));
      expectClose(all, t.roles.decode.localComputeTokensPerDecodeRequest, 'decode local compute per request');
      const firstStep = panel('pd.decodeRecompute').thresholds![1].value!;
      expect(all).toBeGreaterThan(firstStep);
      const perPod = await run(query('pd.decodeRecompute', '{{pod}}'));
      expect(perPod.some((p) => p.value > firstStep)).toBe(true);
      // The panel subtracts one token per request; the simulation one per transferred request: at most a token apart.
      const excess = await one(query('pd.decodeRecompute', 'above expected, all decode pods'));
      expect(Math.abs(excess! - t.roles.decode.excessLocalComputeTokensPerDecodeRequest)).toBeLessThanOrEqual(1);
    });

    it('drops the decode KV-transfer share with it', async () => {
      const t = await truthOf();
      expectClose(await one(query('pd.decodeKvShare')), t.roles.decode.kvTransferShare, 'decode KV transfer share');
    });
  });

  describe('nixl-failures', () => {
    beforeAll(async () => {
      await stack.setScenario('nixl-failures');
      await stack.waitForRange(SETTLE_SECONDS);
    });

    it('reports failed transfers, failed notifications and expired requests as rates', async () => {
      const { nixl } = await truthOf();
      const cases: Array<[string, number]> = [
        ['pd.nixlFailedTransfers', nixl.failedTransfersPerSec],
        ['pd.nixlFailedNotifications', nixl.failedNotificationsPerSec],
        ['pd.nixlExpiredRequests', nixl.expiredRequestsPerSec],
      ];
      for (const [id, expected] of cases) {
        expect(expected).toBeGreaterThan(0);
        expectClose(await one(query(id)), expected, id);
      }
    });

    it('crosses the failure threshold it draws', async () => {
      const orange = panel('pd.nixlFailedTransfers').thresholds![1].value!;
      expect(await one(query('pd.nixlFailedTransfers'))).toBeGreaterThan(orange);
    });
  });
});
