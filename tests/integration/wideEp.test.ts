/**
 * The Wide EP page against a real Prometheus scraping the simulator: each panel's query, taken from the page
 * spec exactly as the page sends it, must reproduce the simulator's ground truth within 1 %. One stack walks
 * through steady-wideep, expert-hotspot (with the per-expert DEBUG gauge and a short EPLB step interval, so a
 * rebalance happens while we watch), dbo-fallout-storm and straggler-rank.
 */
import { WIDE_EP_PAGE } from '../../src/catalog/pages/wideEp';
import { pageVariables } from '../../src/catalog/variableSpecs';
import { DEFAULT_ROLE_PRESET, findPreset } from '../../src/settings/rolePresets';
import { escapeRegex, expectClose, panelQuery, SETTLE_SECONDS, startOneModelStack } from '../support/pageQueries';
import { Sample, Stack } from './stack';

/** The panel's query whose legend ends in `legendSuffix` (or its only query). */
const query = (id: string, legendSuffix?: string) =>
  panelQuery(WIDE_EP_PAGE, id, legendSuffix === undefined ? undefined : new RegExp(`${escapeRegex(legendSuffix)}$`));

/** Short enough that a rebalance happens while the hotspot test watches. */
const STEP_INTERVAL = 25;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Wide EP page against the simulator', () => {
  let stack: Stack;
  let model: string;
  let vars: Record<string, string>;

  const run = (expr: string, extra: Record<string, string> = {}): Promise<Sample[]> =>
    stack.query(expr, { ...vars, ...extra });
  const decode = (rows: Sample[], extra: Record<string, string> = {}) =>
    rows.filter((r) => r.metric.role === 'decode' && Object.entries(extra).every(([k, v]) => r.metric[k] === v));
  const decodeValue = async (expr: string, extra: Record<string, string> = {}) => {
    const rows = decode(await run(expr), extra);
    expect(rows.length).toBeLessThanOrEqual(1);
    return rows[0]?.value;
  };
  const truthOf = async () => (await stack.truth()).models[model];

  /**
   * Compares gauges that change at rebalances: retried when a rebalance started or ended between reading the
   * truth and reading Prometheus (a second later).
   */
  async function stableBetweenRebalances(check: (t: any) => Promise<void>) {
    for (let attempt = 0; ; attempt++) {
      const before = await truthOf();
      // One scrape later, Prometheus holds what the truth says.
      await sleep(1500);
      const after = await truthOf();
      const quiet =
        before.eplb.rearrangements === after.eplb.rearrangements &&
        before.eplb.rebalancing === 0 &&
        after.eplb.rebalancing === 0;
      if (quiet || attempt === 5) {
        await check(after);
        return;
      }
      await sleep(3000);
    }
  }

  beforeAll(async () => {
    ({ stack, model, vars } = await startOneModelStack({
      scenario: 'steady-wideep',
      simArgs: ['--load-wave', '0', '--expert-debug', '--eplb-step-interval', String(STEP_INTERVAL)],
    }));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  describe('steady-wideep', () => {
    it('shows balancedness per layer, its minimum and mean as the simulator computes them', async () => {
      await stableBetweenRebalances(async (t) => {
        const perLayer = decode(await run(query('wideep.balancedness', 'layer {{layer}}')));
        expect(perLayer.length).toBe(Object.keys(t.eplb.layers).length);
        for (const row of perLayer) {
          expectClose(
            row.value,
            t.eplb.layers[row.metric.layer].balancedness,
            `layer ${row.metric.layer} balancedness`
          );
        }
        expectClose(
          await decodeValue(query('wideep.balancedness', 'worst')),
          t.eplb.minBalancedness,
          'min balancedness'
        );
        expectClose(
          await decodeValue(query('wideep.balancedness', 'mean')),
          t.eplb.meanBalancedness,
          'mean balancedness'
        );
      });
    });

    it('shows max and mean tokens per rank, and max / mean as the reciprocal of balancedness', async () => {
      await stableBetweenRebalances(async (t) => {
        const layer = Object.keys(t.eplb.layers)[1];
        const truth = t.eplb.layers[layer];
        expectClose(
          await decodeValue(query('wideep.tokensPerRank', 'max'), { layer }),
          truth.maxTokens,
          'max tokens'
        );
        expectClose(
          await decodeValue(query('wideep.tokensPerRank', 'mean'), { layer }),
          truth.avgTokens,
          'mean tokens'
        );
        const ratios = decode(await run(query('wideep.layerImbalance', 'max/mean')));
        expect(ratios.length).toBe(Math.min(5, Object.keys(t.eplb.layers).length));
        for (const row of ratios) {
          expectClose(
            row.value,
            1 / t.eplb.layers[row.metric.layer].balancedness,
            `layer ${row.metric.layer} max/mean`
          );
        }
        // The five listed are the five worst.
        const worst = Object.entries(t.eplb.layers as Record<string, { balancedness: number }>)
          .sort((a, b) => a[1].balancedness - b[1].balancedness)
          .slice(0, 5)
          .map(([l]) => l)
          .sort();
        expect(ratios.map((r) => r.metric.layer).sort()).toEqual(worst);
      });
    });

    it('measures the DBO engaged share and fallouts by reason', async () => {
      const { dbo } = await truthOf();
      expectClose((await run(query('wideep.dboEngaged')))[0]?.value, dbo.engagedShare, 'engaged share');
      const fallouts = await run(query('wideep.dboFallout'));
      for (const [reason, perSec] of Object.entries(dbo.falloutPerSec as Record<string, number>)) {
        expectClose(fallouts.find((r) => r.metric.reason === reason)?.value, perSec, `${reason} fallouts/s`, 1e-3);
      }
    });

    it('counts rearrangements and their mean duration', async () => {
      // Wait for at least one completed rearrangement.
      for (let i = 0; i < STEP_INTERVAL + 10 && (await truthOf()).eplb.rearrangements === 0; i++) {
        await sleep(1000);
      }
      await stableBetweenRebalances(async (t) => {
        expect(t.eplb.rearrangements).toBeGreaterThan(0);
        const range = { __range: '1h' };
        const count = decode(await run(query('wideep.rearrangements'), range))[0]?.value;
        expect({ count: Math.round(count ?? -1) }).toEqual({ count: t.eplb.rearrangements });
        const mean = decode(await run(query('wideep.rearrangementDuration', 'mean'), range))[0]?.value;
        expectClose(mean, t.eplb.rearrangementDurationMean, 'mean rearrangement duration');
        const since = decode(await run(query('wideep.sinceRearrangement'), range))[0]?.value;
        expect(since).toBeGreaterThanOrEqual(0);
        expect(since).toBeLessThan(STEP_INTERVAL + 90);
      });
    });
  });

  describe('expert-hotspot', () => {
    it('shows balancedness falling, a rebalance, then recovery', async () => {
      const minQuery = query('wideep.balancedness', 'worst');
      const before = await decodeValue(minQuery);
      await stack.setScenario('expert-hotspot');
      const seen: Array<{ min: number; rearrangements: number }> = [];
      for (let i = 0; i < 3 * STEP_INTERVAL; i++) {
        await sleep(1000);
        const t = await truthOf();
        const min = await decodeValue(minQuery);
        if (min !== undefined) {
          seen.push({ min, rearrangements: t.eplb.rearrangements });
        }
      }
      const lowest = seen.reduce((a, s, i) => (s.min < seen[a].min ? i : a), 0);
      // Balancedness fell below what it was and below the imbalanced threshold...
      expect(seen[lowest].min).toBeLessThan((before ?? 1) - 0.05);
      expect(seen[lowest].min).toBeLessThan(0.8);
      // ...a rebalance completed after the low point...
      const after = seen.slice(lowest).findIndex((s) => s.rearrangements > seen[lowest].rearrangements);
      expect(after).toBeGreaterThan(0);
      // ...and balancedness recovered.
      const recovered = Math.max(...seen.slice(lowest + after).map((s) => s.min));
      expect(recovered).toBeGreaterThan(seen[lowest].min + 0.05);
    });

    it('names the hot experts with their share of the layer', async () => {
      await stableBetweenRebalances(async (t) => {
        const rows = await run(query('wideep.hotExperts'));
        expect(t.hotExperts.length).toBeGreaterThan(0);
        for (const hot of t.hotExperts.slice(0, 10)) {
          const row = rows.find(
            (r) => r.metric.layer === String(hot.layer) && r.metric.expert_id === String(hot.expert)
          );
          expectClose(row?.value, hot.share, `layer ${hot.layer} expert ${hot.expert} share`);
        }
        // The matrix reads one value per layer and expert.
        const matrix = await run(query('wideep.expertMatrix'));
        expect(matrix.length).toBe(
          Object.keys(t.eplb.layers).length *
            (await run('count(count by (expert_id) (vllm:expert_load_per_expert_tokens_DEBUG))'))[0].value
        );
      });
    });
  });

  describe('what the page draws by default', () => {
    it('starts the layer control at the worst-balanced layer, and the matrix and series count at that one layer', async () => {
      const layerVar = pageVariables(WIDE_EP_PAGE, findPreset(DEFAULT_ROLE_PRESET)!.mapping).find((v) => v.name === 'layer');
      if (!layerVar || layerVar.kind !== 'query') {
        throw new Error('the Wide EP page has no layer query variable');
      }
      await stableBetweenRebalances(async (t) => {
        const options = await run(layerVar.query.replace(/^query_result\((.*)\)$/s, '$1'));
        // Every layer, in ascending balancedness: the first is the worst layer of any EP group.
        expect(options.length).toBe(Object.keys(t.eplb.layers).length);
        options.slice(1).forEach((o, i) => expect(o.value).toBeGreaterThanOrEqual(options[i].value));
        const truthWorst = Math.min(
          ...Object.values(t.eplb.byRole as Record<string, Record<string, { balancedness: number }>>).flatMap((layers) =>
            Object.values(layers).map((l) => l.balancedness)
          )
        );
        expectClose(options[0].value, truthWorst, 'worst layer balancedness');
        const layer = { layer: options[0].metric.layer };
        const experts = (await run('count(count by (expert_id) (vllm:expert_load_per_expert_tokens_DEBUG))'))[0].value;
        const matrix = await run(query('wideep.expertMatrix'), layer);
        expect(matrix.length).toBe(experts);
        expect(new Set(matrix.map((m) => m.metric.layer))).toEqual(new Set([layer.layer]));
        expect((await run(query('wideep.expertSeries', 'drawn (selected layers)'), layer))[0]?.value).toBe(experts);
        expect((await run(query('wideep.expertSeries', 'exported (all layers)'), layer))[0]?.value).toBe(
          experts * Object.keys(t.eplb.layers).length
        );
      });
    });
  });

  describe('dbo-fallout-storm', () => {
    it('shows DBO mostly disengaged, for an empty second micro-batch', async () => {
      await stack.setScenario('dbo-fallout-storm');
      await stack.waitForRange(SETTLE_SECONDS);
      const { dbo } = await truthOf();
      const share = (await run(query('wideep.dboEngaged')))[0]?.value;
      expectClose(share, dbo.engagedShare, 'engaged share');
      expect(share).toBeLessThan(0.5);
      const fallouts = await run(query('wideep.dboFallout'));
      for (const [reason, perSec] of Object.entries(dbo.falloutPerSec as Record<string, number>)) {
        expectClose(fallouts.find((r) => r.metric.reason === reason)?.value, perSec, `${reason} fallouts/s`, 1e-3);
      }
      const top = fallouts.reduce((a, b) => (b.value > a.value ? b : a));
      expect(top.metric.reason).toBe('empty_second_ubatch');
    });
  });

  describe('straggler-rank', () => {
    it('measures the rank imbalance and names the straggler', async () => {
      await stack.setScenario('straggler-rank');
      await stack.waitForRange(SETTLE_SECONDS);
      const t = await truthOf();
      expectClose(
        await decodeValue(query('wideep.rankImbalance', 'max/mean')),
        t.imbalance.maxOverMean,
        'max / mean'
      );
      expectClose(
        await decodeValue(query('wideep.rankImbalance', 'CV')),
        t.imbalance.cv,
        'coefficient of variation'
      );
      const slowest = decode(await run(query('wideep.slowestRank')));
      expect(slowest).toHaveLength(1);
      expect(t.imbalance.stragglerEngine).not.toBeNull();
      expect(slowest[0].metric.engine).toBe(String(t.imbalance.stragglerEngine));
      expect(slowest[0].metric.engine).toBe(String(t.imbalance.worstEngine));
      const perRank = await run(query('wideep.rankThroughput', 'generation'));
      for (const row of perRank) {
        expectClose(
          row.value,
          t.ranks[row.metric.engine].generationTokensPerSec,
          `engine ${row.metric.engine} tokens/s`
        );
      }
    });
  });
});
