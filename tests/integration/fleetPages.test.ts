/**
 * The Overview, GPUs and Scrape health pages against a real Prometheus scraping the simulator and this machine's
 * node_exporter: the panels' own queries (taken from the page specs) and the scrape check's classification, in the
 * steady, target-down and older-vLLM scenarios, and with dcgm-exporter's newer host label spelling.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { print } from '../../src/queries/promql';
import { GPUS_PAGE } from '../../src/catalog/pages/gpus';
import { OVERVIEW_PAGE } from '../../src/catalog/pages/overview';
import { SCRAPE_HEALTH_PAGE } from '../../src/catalog/pages/scrapeHealth';
import { pageVariables } from '../../src/catalog/variableSpecs';
import { classifySignals } from '../../src/extras/scrapeHealth/classifySignals';
import { identifyFleet, presenceQuery } from '../../src/extras/scrapeHealth/identifyFleet';
import { catalogNames, METRIC_LABEL, seriesPerName } from '../../src/queries/scrapeHealth';
import { expectClose, panelQuery, ROLE, SETTLE_SECONDS } from '../support/pageQueries';
import { Sample, Stack, startStack } from './stack';

const sumOverModels = (truth: any, field: 'requestsPerSec' | 'generationTokensPerSec') =>
  Object.values(truth.models as Record<string, any>).reduce(
    (acc, m) => acc + (m.roles.prefill?.[field] ?? 0) + (m.roles.decode?.[field] ?? 0),
    0
  );

describe('Overview, GPUs and Scrape health against the simulator', () => {
  let stack: Stack;
  const run = (expr: string, vars: Record<string, string> = {}): Promise<Sample[]> => stack.query(expr, vars);
  const checks = async () => {
    const counts = new Map(
      (await run(print(seriesPerName(catalogNames())))).map((s) => [s.metric[METRIC_LABEL], s.value])
    );
    return Object.fromEntries(classifySignals(counts).map((c) => [c.requirement.id, c]));
  };
  const fleet = async () => identifyFleet(new Map((await run(print(presenceQuery()))).map((s) => [s.metric[METRIC_LABEL], s.value])));
  /** Runs until `predicate` holds for the result (a scenario switch takes a few scrapes to show). */
  const eventually = async (expr: string, predicate: (r: Sample[]) => boolean, seconds = 30): Promise<Sample[]> => {
    const until = Date.now() + seconds * 1000;
    let r = await run(expr);
    while (!predicate(r) && Date.now() < until) {
      await new Promise((res) => setTimeout(res, 1000));
      r = await run(expr);
    }
    return r;
  };

  beforeAll(async () => {
    stack = await startStack({ scenario: 'steady-pd', nodeExporter: true });
    await stack.waitForRange(SETTLE_SECONDS);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  describe('steady-pd', () => {
    it('counts every target up, per job, as the simulator exposes them', async () => {
      const truth = await stack.truth();
      const up = await run(panelQuery(SCRAPE_HEALTH_PAGE, 'health.targets', 'up'));
      const total = await run(panelQuery(SCRAPE_HEALTH_PAGE, 'health.targets', 'total'));
      const perJob = (rows: Sample[]) =>
        rows.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.metric.job]: (acc[s.metric.job] ?? 0) + s.value }), {});
      const expected = (truth.targets as Array<{ job: string; up: boolean }>).reduce<Record<string, number>>(
        (acc, t) => ({ ...acc, [t.job]: (acc[t.job] ?? 0) + 1 }),
        {}
      );
      expect(perJob(up)).toEqual(expect.objectContaining(expected));
      expect(perJob(total)).toEqual(perJob(up));
      expect(new Set(up.map((s) => s.metric.role).filter(Boolean))).toEqual(new Set(['prefill', 'decode']));
      expect(await run(panelQuery(SCRAPE_HEALTH_PAGE, 'health.down'))).toEqual([]);
      expect((await run(panelQuery(OVERVIEW_PAGE, 'overview.unreachable')))[0]?.value).toBe(0);
    });

    it('finds the metric families of the simulated deployment and misses the DEBUG one it does not enable', async () => {
      const c = await checks();
      for (const id of ['vllm', 'vllm-by-source', 'nixl', 'epp', 'dcgm', 'eplb-metrics', 'dbo-metrics']) {
        expect({ id, state: c[id].state }).toEqual({ id, state: 'ok' });
      }
      expect(c['expert-debug'].state).toBe('missing');
      expect(c.vllm.legacyInUse).toEqual([]);
      // The router still emits its P/D decision counter under the older names beside the current one.
      expect(c.epp.legacyInUse).toEqual(expect.arrayContaining(['llm_d_epp_pd_decision_total']));
      expect(await run(panelQuery(SCRAPE_HEALTH_PAGE, 'health.expertSeries'))).toEqual([]);
    });

    it('names the engines, the router and the source of each Wide EP quantity the simulator exposes', async () => {
      const f = await fleet();
      expect(f.engines.map((e) => [e.engine, e.range])).toEqual(
        expect.arrayContaining([
          ['vLLM', '0.20 or newer'],
          ['llm-d router', 'current (llm_d_epp_* names)'],
        ])
      );
      expect(f.engines.map((e) => e.engine)).not.toContain('SGLang');
      const source = (id: string) => f.wideEp.find((q) => q.quantity.id === id)!.source?.id;
      expect(source('balancedness')).toBe('proposed-ratio');
      expect(source('rankThroughput')).toBe('per-engine-counters');
      expect(source('expertLoad')).toBeUndefined();
    });

    it('reports each target scraped within a few seconds', async () => {
      const ages = await run(panelQuery(SCRAPE_HEALTH_PAGE, 'health.staleness'));
      expect(ages.length).toBeGreaterThan(0);
      // The lookback subquery runs at 15 s resolution, so a healthy target reads between 0 and one step.
      expect(ages.filter((s) => !(s.value >= 0 && s.value <= 16)).map((s) => [s.metric.instance, s.value])).toEqual([]);
    });

    it('shows fleet requests/s and output tokens/s equal to the simulated rates', async () => {
      const truth = await stack.truth();
      expectClose((await run(panelQuery(OVERVIEW_PAGE, 'overview.requests')))[0]?.value, sumOverModels(truth, 'requestsPerSec'), 'requests/s');
      expectClose(
        (await run(panelQuery(OVERVIEW_PAGE, 'overview.outputTokens')))[0]?.value,
        sumOverModels(truth, 'generationTokensPerSec'),
        'output tokens/s'
      );
    });

    it('lists every simulated model in the per-model table', async () => {
      const truth = await stack.truth();
      const engines = await run(panelQuery(OVERVIEW_PAGE, 'overview.models', 'engines'));
      expect(engines.map((s) => s.metric.model_name).sort()).toEqual(Object.keys(truth.models).sort());
      expect(engines.every((s) => s.value > 0)).toBe(true);
    });

    it('draws the SLO line at the variable value', async () => {
      const slo = await run(panelQuery(OVERVIEW_PAGE, 'overview.ttft', 'SLO'), { slo_ttft: '1.5' });
      expect(slo.map((s) => s.value)).toEqual([1.5]);
    });

    it('puts each vLLM pod\'s role on the GPUs it uses', async () => {
      const owners = await run(panelQuery(GPUS_PAGE, 'gpus.owners'));
      const podRoles = Object.fromEntries(
        (await run('group by (pod, llm_d_ai_role) (vllm:num_requests_running)')).map((s) => [s.metric.pod, s.metric.llm_d_ai_role])
      );
      const engines = await run('count(vllm:num_requests_running)');
      const withPod = owners.filter((s) => podRoles[s.metric.pod]);
      // Each engine owns one GPU.
      expect(withPod.length).toBe(engines[0].value);
      expect(withPod.filter((s) => s.metric.role !== podRoles[s.metric.pod])).toEqual([]);
      expect(owners.every((s) => s.metric.host && s.metric.gpu)).toBe(true);
    });

    it('narrows the GPU panels to the nodes the node variable selects', async () => {
      const variable = pageVariables(GPUS_PAGE, ROLE).find((v) => v.name === 'hostname');
      if (!variable || variable.kind !== 'query') {
        throw new Error('the GPUs page has no node variable');
      }
      const hosts = await run(variable.query.replace(/^query_result\((.*)\)$/, '$1'));
      expect(hosts.length).toBeGreaterThan(1);
      const host = hosts[0].metric.host;
      const all = await run(panelQuery(GPUS_PAGE, 'gpus.utilization'));
      const one = await run(panelQuery(GPUS_PAGE, 'gpus.utilization'), { hostname: host.replace(/[.-]/g, '\\\\$&') });
      expect(one.length).toBeGreaterThan(0);
      expect(one.length).toBeLessThan(all.length);
      expect(one.every((s) => s.metric.host === host)).toBe(true);
    });

    it('reads this machine\'s CPU and memory from the real node_exporter, and InfiniBand only where an HCA exists', async () => {
      const cpu = await run(panelQuery(GPUS_PAGE, 'gpus.nodeCpu'));
      expect(cpu.length).toBe(1);
      expect(cpu[0].value).toBeGreaterThanOrEqual(0);
      expect(cpu[0].value).toBeLessThanOrEqual(1);
      const mem = await run(panelQuery(GPUS_PAGE, 'gpus.nodeMemory'));
      const meminfo = Object.fromEntries(
        readFileSync('/proc/meminfo', 'utf8')
          .split('\n')
          .map((l) => l.match(/^(\w+):\s+(\d+)/))
          .filter((m): m is RegExpMatchArray => m !== null)
          .map((m) => [m[1], Number(m[2])])
      );
      // Memory moves between the scrape and this read; a few points of the total is the honest tolerance.
      expect(Math.abs(mem[0].value - (1 - meminfo.MemAvailable / meminfo.MemTotal))).toBeLessThan(0.05);
      const ib = await run(panelQuery(GPUS_PAGE, 'gpus.infiniband', 'tx {{instance}} {{device}}:{{port}}'));
      const hca = existsSync('/sys/class/infiniband') && readdirSync('/sys/class/infiniband').length > 0;
      expect(ib.length > 0).toBe(hca);
      // Without an HCA the scrape check calls node_exporter partial and names exactly the InfiniBand counters.
      const node = (await checks())['node-exporter'];
      const missing = node.signals.filter((x) => !x.inUse).map((x) => x.signal.id);
      expect({ state: node.state, missing }).toEqual(hca ? { state: 'ok', missing: [] } : { state: 'partial', missing: ['nodeIbRx', 'nodeIbTx'] });
    });
  });

  describe('pod-down', () => {
    beforeAll(async () => {
      await stack.setScenario('pod-down');
    });

    it('lists the pod that stopped answering as down and counts it on the Overview', async () => {
      const truth = await stack.truth();
      const downPods = (truth.targets as Array<{ pod: string; up: boolean }>).filter((t) => !t.up).map((t) => t.pod);
      expect(downPods.length).toBe(1);
      const down = await eventually(panelQuery(SCRAPE_HEALTH_PAGE, 'health.down'), (r) => r.length > 0);
      expect(down.map((s) => s.metric.pod)).toEqual(downPods);
      expect((await run(panelQuery(OVERVIEW_PAGE, 'overview.unreachable')))[0]?.value).toBe(1);
      const decode = (await run(panelQuery(SCRAPE_HEALTH_PAGE, 'health.targets', 'up'))).filter((s) => s.metric.role === 'decode');
      const decodeTotal = (await run(panelQuery(SCRAPE_HEALTH_PAGE, 'health.targets', 'total'))).filter(
        (s) => s.metric.role === 'decode'
      );
      expect(decode.reduce((a, s) => a + s.value, 0)).toBe(decodeTotal.reduce((a, s) => a + s.value, 0) - 1);
    });
  });

  describe('legacy-vllm', () => {
    beforeAll(async () => {
      await stack.setScenario('legacy-vllm');
    });

    it('reports the legacy names in use and the families an older vLLM lacks', async () => {
      // The current names go stale a scrape after the pods stop exposing them; the old ones appear (VictoriaMetrics
      // 1.79 shows a new name some seconds after its first samples, docs/scale.md).
      await eventually(
        panelQuery(SCRAPE_HEALTH_PAGE, 'health.families'),
        (r) => !r.some((s) => s.metric.metric === 'vllm:kv_cache_usage_perc') && r.some((s) => s.metric.metric === 'vllm:gpu_cache_usage_perc')
      );
      const c = await checks();
      expect(c.vllm.legacyInUse).toEqual(expect.arrayContaining(['vllm:gpu_cache_usage_perc']));
      expect(c['vllm-by-source'].state).toBe('missing');
      expect(c.nixl.state).toBe('missing');
      expect((await fleet()).engines.map((e) => e.engine)).toContain('older vLLM');
      const legacy = await run(panelQuery(SCRAPE_HEALTH_PAGE, 'health.legacy'));
      expect(legacy.map((s) => s.metric.metric)).toEqual(expect.arrayContaining(['vllm:gpu_cache_usage_perc']));
    });

    it('keeps the Overview\'s KV cache and ITL panels filled through the old names', async () => {
      const kv = await run(panelQuery(OVERVIEW_PAGE, 'overview.kvCache'));
      expect(kv.length).toBe(1);
      expect(kv[0].value).toBeGreaterThan(0);
      expect(kv[0].value).toBeLessThanOrEqual(1);
      const itl = await run(panelQuery(OVERVIEW_PAGE, 'overview.itlP99'));
      expect(itl[0]?.value).toBeGreaterThan(0);
    });
  });
});

describe('GPUs page with dcgm-exporter\'s newer `hostname` label', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ scenario: 'steady-pd', simArgs: ['--dcgm-hostname-label', 'hostname'] });
    await stack.waitForRange(12);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('reads the host from `hostname` and filters on it', async () => {
    const raw = await stack.query('count by (hostname) (DCGM_FI_DEV_GPU_UTIL)');
    expect(raw.length).toBeGreaterThan(1);
    const host = raw[0].metric.hostname;
    const one = await stack.query(panelQuery(GPUS_PAGE, 'gpus.utilization'), { hostname: host.replace(/[.-]/g, '\\\\$&') });
    expect(one.length).toBe(raw[0].value);
    expect(one.every((s) => s.metric.host === host)).toBe(true);
  });
});
