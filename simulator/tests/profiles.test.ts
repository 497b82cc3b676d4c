/**
 * Each profile's exposition held against the definitions transcribed from upstream (metrics/upstream/*.json):
 * every family it emits exists in one of the profile's sources with the same type, help, label names and buckets,
 * and the families a profile promises are all there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUCKETS } from '../src/buckets';
import { PROFILES, ProfileName } from '../src/profiles';
import { SCENARIOS } from '../src/scenarios';
import { truth } from '../src/truth';
import { Exposition, catalog, manualSim, parseExposition, rateBetween, scrape, total } from './helpers';

interface UpstreamFamily {
  name: string;
  type: string;
  help: string | null;
  labels: string[];
  buckets?: number[] | string;
  condition?: string;
  shape?: 'current' | 'legacy';
  labels_open?: boolean;
  source: Record<string, unknown>;
}

const upstream = (file: string): UpstreamFamily[] =>
  (JSON.parse(readFileSync(resolve(__dirname, '../../metrics/upstream', `${file}.json`), 'utf8')) as { families: UpstreamFamily[] }).families;

const FILES = ['vllm', 'vllm-nixl', 'vllm-pr-43715', 'vllm-pr-49956', 'seeds-proposed', 'llm-d-router', 'dcgm-exporter', 'sglang'] as const;
type File = (typeof FILES)[number];
const FIXTURES = Object.fromEntries(FILES.map((f) => [f, upstream(f)])) as Record<File, UpstreamFamily[]>;

/** Which fixture files may define what each target of a profile emits. */
const SOURCES: Record<ProfileName, { pods: File[]; router: File[]; dcgm: File[] }> = {
  vllm: { pods: ['vllm', 'vllm-nixl'], router: ['llm-d-router'], dcgm: ['dcgm-exporter'] },
  'vllm-eplb-prs': { pods: ['vllm', 'vllm-nixl', 'vllm-pr-43715', 'vllm-pr-49956'], router: ['llm-d-router'], dcgm: ['dcgm-exporter'] },
  proposed: { pods: ['vllm', 'vllm-nixl', 'seeds-proposed'], router: ['llm-d-router'], dcgm: ['dcgm-exporter'] },
  sglang: { pods: ['sglang'], router: ['llm-d-router'], dcgm: ['dcgm-exporter'] },
  'legacy-vllm': { pods: [], router: ['llm-d-router'], dcgm: ['dcgm-exporter'] },
};

/** `# HELP` texts by family (prom-client escapes only backslash and newline, which no help here contains). */
function helps(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^# HELP (\S+) (.*)$/.exec(line);
    if (m) {
      out.set(m[1], m[2]);
    }
  }
  return out;
}

function expectedBuckets(f: UpstreamFamily, epSize: number): number[] | undefined {
  if (Array.isArray(f.buckets)) {
    return f.buckets;
  }
  if (f.buckets === 'build_1_2_5_buckets(max_model_len)') {
    return BUCKETS.tokens;
  }
  if (typeof f.buckets === 'string' && f.buckets.startsWith('range(ep_size)')) {
    return Array.from({ length: epSize }, (_, i) => i);
  }
  return undefined;
}

/** Checks every family of one exposition against the fixtures; returns the families seen. */
function holdAgainst(exposition: Exposition, text: string, files: File[], options: { epSize: number; shape?: 'current' | 'legacy'; hostLabel?: string }): Set<string> {
  const defined = files.flatMap((f) => FIXTURES[f]).filter((f) => !f.shape || f.shape === (options.shape ?? 'current'));
  const help = helps(text);
  const seen = new Set<string>();
  for (const [name, type] of exposition.types) {
    if (name.endsWith('_created')) {
      // Python's client: one gauge per counter/histogram/summary child, named after the base.
      expect({ name, type }).toEqual({ name, type: 'gauge' });
      const base = name.slice(0, -'_created'.length);
      const parent = defined.find((f) => f.name === base || f.name === `${base}_total`);
      expect({ name, parent: parent?.type }).toEqual({ name, parent: expect.stringMatching(/^(counter|histogram|summary)$/) });
      continue;
    }
    const def = defined.find((f) => f.name === name);
    expect({ name, defined: def !== undefined }).toEqual({ name, defined: true });
    if (!def) {
      continue;
    }
    seen.add(name);
    expect({ name, type }).toEqual({ name, type: def.type });
    if (def.help !== null) {
      expect({ name, help: help.get(name) }).toEqual({ name, help: def.help });
    }
    const series = exposition.samples.filter((s) => [name, `${name}_bucket`, `${name}_count`, `${name}_sum`].includes(s.name));
    expect(series.length).toBeGreaterThan(0);
    const labelSets = new Set(series.map((s) => Object.keys(s.labels).filter((l) => l !== 'le').sort().join(',')));
    expect({ name, sets: labelSets.size }).toEqual({ name, sets: 1 });
    const labels = [...labelSets][0].split(',').filter(Boolean);
    const want = def.labels.map((l) => (l === 'hostname' && options.hostLabel ? options.hostLabel : l));
    if (def.labels_open) {
      expect(labels).toEqual(expect.arrayContaining(want));
    } else {
      expect({ name, labels }).toEqual({ name, labels: [...want].sort() });
    }
    if (type === 'histogram') {
      const first = exposition.samples.find((s) => s.name === `${name}_bucket`)!.labels;
      const les = exposition.samples
        .filter((s) => s.name === `${name}_bucket` && Object.entries(first).every(([k, v]) => k === 'le' || s.labels[k] === v))
        .map((s) => s.labels.le)
        .filter((le) => le !== '+Inf')
        .map(Number);
      expect({ name, les }).toEqual({ name, les: expectedBuckets(def, options.epSize) });
    }
  }
  return seen;
}

async function profileScrapes(profile: ProfileName, extra: string[] = []) {
  const { sim, tick } = manualSim(['--profile', profile, '--expert-debug', ...extra]);
  tick(30);
  const pod = [...sim.podTargets.values()][0];
  const [podText, dcgmText, routerText] = await Promise.all([
    pod.registries.current.metrics(),
    [...sim.dcgmTargets.values()][0].registry.metrics(),
    sim.epp.registry.metrics(),
  ]);
  return { sim, tick, podText, dcgmText, routerText };
}

const epSize = 4; // 2 pods x 2 engines per role (the defaults)

describe.each(PROFILES.map((p) => p.name))('profile %s', (name) => {
  it('emits only families its upstream sources define, with their type, help, labels and buckets', async () => {
    const { sim, podText, dcgmText, routerText } = await profileScrapes(name);
    const hostLabel = sim.options.dcgmHostnameLabel ?? sim.profile.dcgmHostnameLabel;
    const src = SOURCES[name];
    const router = holdAgainst(parseExposition(routerText), routerText, src.router, { epSize });
    const dcgm = holdAgainst(parseExposition(dcgmText), dcgmText, src.dcgm, { epSize, hostLabel });
    expect(router.has('llm_d_epp_disagg_decision_total')).toBe(true);
    expect(dcgm.has('DCGM_FI_DEV_GPU_UTIL')).toBe(true);
    // Default counters only, unless the profile adds this project's counters CSV.
    expect(dcgm.has('DCGM_FI_PROF_SM_ACTIVE')).toBe(sim.profile.dcgmExtras);
    expect(router.has('llm_d_epp_pd_decision_total')).toBe(sim.profile.routerPdHandler);
    if (name === 'legacy-vllm') {
      const exposition = parseExposition(podText);
      for (const family of exposition.types.keys()) {
        const entry = catalog.find((e) => e.exposed_series.some((s) => s === family || s.startsWith(family)));
        expect({ family, source: entry?.source }).toEqual({ family, source: 'vllm-upstream' });
      }
      expect(exposition.types.has('vllm:gpu_cache_usage_perc')).toBe(true);
      return;
    }
    const pods = holdAgainst(parseExposition(podText), podText, src.pods, { epSize });
    // Everything the profile promises is there: the sources' unconditional families and the enabled conditional ones.
    const promised = src.pods
      .flatMap((f) => FIXTURES[f])
      .filter((f) => !f.shape || f.shape === 'current')
      .filter((f) => !f.condition || /speculative|NixlConnector|--expert-debug|EP rank 0|expert-distribution/.test(f.condition));
    expect(promised.map((f) => f.name).filter((n) => !pods.has(n))).toEqual([]);
  });
});

/** promtool's lint findings that upstream names cause (see exposition.test.ts), and SGLang's unit-suffixed transfer names. */
const ALLOWED_LINT = [
  /^(vllm|sglang):\S+ metric names should not contain ':'$/,
  /^vllm:iteration_tokens_total non-counter metrics should not have "_total" suffix$/,
  /^DCGM_FI_\S+ counter metrics should have "_total" suffix$/,
  /^DCGM_FI_\S+ label names should be written in 'snake_case' not 'camelCase'$/,
  /^DCGM_FI_DEV_PCIE_REPLAY_COUNTER metric name should not include type 'counter'$/,
  /^(llm_d|inference)_\S+ metric names should not contain abbreviated units$/,
  /^sglang:kv_transfer_(latency_ms|speed_gb_s|total_mb)(_created)? metric names should not contain abbreviated units$/,
];

function promtoolFindings(text: string): string[] {
  try {
    execFileSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return [];
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    // 3 = lint findings only; 1 = errors, never allowed.
    expect(e.status).toBe(3);
    return `${e.stdout}${e.stderr}`.split('\n').filter(Boolean);
  }
}

describe('profiles', () => {
  it('passes promtool check metrics in every profile, bar the lint upstream names cause', async () => {
    if (!existsSync('/usr/bin/promtool')) {
      return;
    }
    for (const profile of PROFILES) {
      const { podText, dcgmText, routerText } = await profileScrapes(profile.name);
      const unexpected = [podText, dcgmText, routerText].flatMap(promtoolFindings).filter((line) => !ALLOWED_LINT.some((re) => re.test(line)));
      expect({ profile: profile.name, unexpected }).toEqual({ profile: profile.name, unexpected: [] });
    }
  });

  it('vllm emits none of the proposed families (no EPLB, DBO, batch-type or NIXL-token family exists upstream)', async () => {
    const { podText } = await profileScrapes('vllm');
    const names = [...parseExposition(podText).types.keys()];
    expect(names.filter((n) => /eplb|dbo|ubatch|expert_|batch_executions|nixl_tokens/.test(n))).toEqual([]);
    expect(names).toContain('vllm:nixl_xfer_time_seconds');
  });

  it('sglang can expose the older gauge-shaped transfer metrics and prealloc queue', async () => {
    const { podText } = await profileScrapes('sglang', ['--sglang-transfer-metrics', 'gauge']);
    const exposition = parseExposition(podText);
    const seen = holdAgainst(exposition, podText, ['sglang'], { epSize, shape: 'legacy' });
    expect(exposition.types.get('sglang:kv_transfer_latency_ms')).toBe('gauge');
    expect(seen.has('sglang:num_prefill_prealloc_queue_reqs')).toBe(true);
    expect(seen.has('sglang:num_prefill_bootstrap_queue_reqs')).toBe(false);
  });

  it('keeps --dcgm-hostname-label over the profile default', async () => {
    const { dcgmText } = await profileScrapes('vllm', ['--dcgm-hostname-label', 'Hostname']);
    expect(parseExposition(dcgmText).samples[0].labels.Hostname).toBe('gpu-node-0');
  });

  it('runs every scenario in every profile, and /truth names the profile', async () => {
    for (const profile of PROFILES) {
      for (const scenario of SCENARIOS) {
        const { sim, tick } = manualSim(['--profile', profile.name, '--scenario', scenario.name]);
        tick(3);
        const t = truth(sim);
        expect({ profile: t.profile.name, scenario: t.scenario }).toEqual({ profile: profile.name, scenario: scenario.name });
        const text = await [...sim.podTargets.values()][0].registries[sim.scenario.workload.legacy ? 'legacy' : 'current'].metrics();
        expect(parseExposition(text).samples.length).toBeGreaterThan(20);
      }
    }
  });
});

describe('quantities by profile equal /truth', () => {
  const MODEL = 'deepseek-ai/DeepSeek-V3';

  it('PR #43715: the share of (layer, rank) load ratios under each bound is the placement the simulation holds', async () => {
    const { sim, tick } = manualSim(['--profile', 'vllm-eplb-prs', '--scenario', 'expert-hotspot']);
    tick(5);
    const decodePod = [...sim.podTargets.values()].find((t) => t.pod.role === 'decode')!;
    const a = await scrape(decodePod.registries.current);
    tick(20);
    const b = await scrape(decodePod.registries.current);
    const t = (truth(sim).models[MODEL] as any).eplb;
    const count = rateBetween(a, b, 20, 'vllm:eplb_balancedness_count');
    expect(count).toBeGreaterThan(0);
    for (const bound of ['0.9', '1.0', '1.1', '1.5']) {
      const under = rateBetween(a, b, 20, 'vllm:eplb_balancedness_bucket', { le: bound });
      expect({ bound, share: under / count }).toEqual({ bound, share: expect.closeTo(t.rankLoadRatioCdf[String(Number(bound))], 6) });
    }
    // The ratios average 1 (every token lands on some rank): sum / count = 1.
    expect(rateBetween(a, b, 20, 'vllm:eplb_balancedness_sum') / count).toBeCloseTo(1, 6);
  });

  it('PR #49956: the group state is recorded once per EP group and counts completed rearrangements', async () => {
    const { sim, tick } = manualSim(['--profile', 'vllm-eplb-prs', '--eplb-step-interval', '10']);
    tick(35);
    const counts = await Promise.all([...sim.podTargets.values()].map(async (t) => total(await scrape(t.registries.current), 'vllm:eplb_rebalance_events_total')));
    const t = (truth(sim).models[MODEL] as any).eplb;
    expect(t.rearrangements).toBeGreaterThan(0);
    // Two groups (prefill, decode): their first pods count every rearrangement, the others expose 0.
    expect(counts.filter((c) => c === t.rearrangements)).toHaveLength(2);
    expect(counts.filter((c) => c === 0)).toHaveLength(counts.length - 2);
  });

  it('sglang: the sender observes each transfer; balancedness sum / count is the mean over layers', async () => {
    const { sim, tick } = manualSim(['--profile', 'sglang']);
    tick(5);
    const pods = [...sim.podTargets.values()];
    const all = async () => parseExposition((await Promise.all(pods.map((p) => p.registries.current.metrics()))).join('\n'));
    const a = await all();
    tick(20);
    const b = await all();
    const t = truth(sim).models[MODEL] as any;
    expect(rateBetween(a, b, 20, 'sglang:kv_transfer_latency_ms_count')).toBeCloseTo(t.nixl.senderTransfersPerSec, 6);
    expect(rateBetween(a, b, 20, 'sglang:kv_transfer_latency_ms_sum') / rateBetween(a, b, 20, 'sglang:kv_transfer_latency_ms_count')).toBeCloseTo(t.nixl.senderLatencyMsMean, 6);
    const decode = { forward_mode: 'decode' };
    const bal = rateBetween(a, b, 20, 'sglang:eplb_balancedness_sum', decode) / rateBetween(a, b, 20, 'sglang:eplb_balancedness_count', decode);
    expect(bal).toBeCloseTo(t.eplb.meanBalancedness, 6);
    // The decode group's rank-0 pod counts every expert selection once per layer (le = the GPU rank).
    const decodeLeader = pods.find((p) => p.pod.role === 'decode')!.pod.name;
    const leaderA = parseExposition(await sim.podTargets.get(decodeLeader)!.registries.current.metrics());
    tick(10);
    const leaderB = parseExposition(await sim.podTargets.get(decodeLeader)!.registries.current.metrics());
    const t2 = truth(sim).models[MODEL] as any;
    const perLayer = rateBetween(leaderA, leaderB, 10, 'sglang:eplb_gpu_physical_count_count') / sim.options.layers;
    expect(perLayer).toBeCloseTo(t2.eplb.expertSelectionsPerSec, 6);
    // Only EP rank 0 of each group carries the summary.
    const ranks = new Set(b.samples.filter((s) => s.name === 'sglang:eplb_balancedness_count').map((s) => s.labels.moe_ep_rank));
    expect([...ranks]).toEqual(['0']);
  });
});
