/**
 * The exposition itself: it parses, passes `promtool check metrics` (bar the lint warnings that the upstream
 * names cause), and carries exactly the catalog's families with the catalog's types, labels and buckets.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUCKETS } from '../src/buckets';
import { CatalogEntry, Exposition, catalog, catalogEntry, manualSim, parseExposition, scrape } from './helpers';

const PROMTOOL = '/usr/bin/promtool';

/**
 * Lint warnings the upstream names themselves cause, so a faithful exposition cannot avoid them:
 * - vLLM names use the `vllm:` prefix (colons are meant for recording rules);
 * - `vllm:iteration_tokens_total` is a histogram whose name ends in `_total`;
 * - DCGM field names are counters without `_total`, one even contains "COUNTER", and dcgm-exporter's labels
 *   (`UUID`, `modelName`, `Hostname`, `DCGM_FI_DRIVER_VERSION`) are not snake_case;
 * - every llm-d router name starts `llm_d_`, which promlint reads as the abbreviated unit "d" (days).
 */
const ALLOWED_LINT = [
  /^vllm:\S+ metric names should not contain ':'$/,
  /^vllm:iteration_tokens_total non-counter metrics should not have "_total" suffix$/,
  /^DCGM_FI_\S+ counter metrics should have "_total" suffix$/,
  /^DCGM_FI_\S+ label names should be written in 'snake_case' not 'camelCase'$/,
  /^DCGM_FI_DEV_PCIE_REPLAY_COUNTER metric name should not include type 'counter'$/,
  /^(llm_d|inference)_\S+ metric names should not contain abbreviated units$/,
];

/** Proposed names the simulator does not emit: other proposals' names for signals it already carries. */
const PROPOSED_NOT_EMITTED: Record<string, string> = {
  'vllm:eplb_balancedness': 'PR #43715 histogram; same signal as vllm:eplb_balancedness_ratio',
  'vllm:eplb_tokens_per_rank': 'earlier iteration of PR #43715',
  'vllm:eplb_rebalance_events_total': 'PR #49956 name for vllm:eplb_rearrangements_total',
  'vllm:eplb_balancedness_min': 'closed PR #34066',
  'vllm:expert_rebalances_total': 'llm-d plan name for vllm:eplb_rearrangements_total',
  'vllm:prompt_throughput_toks_per_s': 'rejected upstream as a Prometheus anti-pattern',
  'vllm:generation_throughput_toks_per_s': 'rejected upstream as a Prometheus anti-pattern',
};

/** Conditional vLLM families the simulated deployment enables: the NIXL connector and MTP speculative decoding. */
const ENABLED_CONDITIONAL = /^vllm:(nixl_|spec_decode_)/;

function expectedSeriesNames(entries: CatalogEntry[]): Set<string> {
  return new Set(entries.flatMap((e) => e.exposed_series));
}

function sampleNames(exposition: Exposition): Set<string> {
  return new Set(exposition.samples.map((s) => s.name));
}

function sorted(set: Set<string>): string[] {
  return [...set].sort();
}

function dcgmCsvFields(): Set<string> {
  const csv = readFileSync(resolve(__dirname, '../../deploy/dcgm/counters.csv'), 'utf8');
  return new Set(
    csv
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(',')[0].trim())
  );
}

describe('vLLM pod exposition', () => {
  const { sim, tick } = manualSim(['--expert-debug']);
  tick(30);
  const firstPod = () => [...sim.podTargets.values()][0];

  it('has exactly the catalog series of current upstream, enabled conditional and proposed families', async () => {
    const expected = catalog.filter(
      (e) =>
        (e.source === 'vllm-upstream' && (e.status === 'current' || (e.status === 'conditional' && ENABLED_CONDITIONAL.test(e.name)))) ||
        (e.source === 'proposed' && !(e.name in PROPOSED_NOT_EMITTED))
    );
    // The DEBUG gauge lives on the lowest-rank engine, which is on the first pod.
    const exposition = await scrape(firstPod().registries.current);
    expect(sorted(sampleNames(exposition))).toEqual(sorted(expectedSeriesNames(expected)));
  });

  it('names every omitted proposal in the catalog', () => {
    for (const name of Object.keys(PROPOSED_NOT_EMITTED)) {
      expect(catalogEntry(name).status).toBe('proposed-unmerged');
    }
  });

  it('uses the catalog type and labels of every family', async () => {
    const exposition = await scrape(firstPod().registries.current);
    for (const [name, type] of exposition.types) {
      if (name.endsWith('_created')) {
        expect(type).toBe('gauge');
        continue;
      }
      const entry = catalogEntry(name);
      expect({ name, type }).toEqual({ name, type: entry.type });
      const labelSets = exposition.samples
        .filter((s) => s.name === name || s.name === `${name}_bucket` || s.name === `${name}_count`)
        .map((s) => Object.keys(s.labels).filter((l) => l !== 'le').sort().join(','));
      const labels = [...new Set(labelSets)];
      expect(labels).toHaveLength(1);
      if (name === 'vllm:cache_config_info') {
        expect(labels[0].split(',')).toEqual(expect.arrayContaining(['engine', 'block_size', 'num_gpu_blocks']));
      } else {
        expect({ name, labels: labels[0] }).toEqual({ name, labels: [...entry.labels].sort().join(',') });
      }
    }
  });

  it('uses the catalog buckets', async () => {
    const exposition = await scrape(firstPod().registries.current);
    const withBuckets = catalog.filter((e) => Array.isArray(e.buckets) && exposition.types.get(e.name) === 'histogram');
    expect(withBuckets.length).toBeGreaterThan(15);
    for (const entry of withBuckets) {
      const series = exposition.samples.filter((s) => s.name === `${entry.name}_bucket`);
      const first = series[0].labels;
      const les = series
        .filter((s) => Object.entries(first).every(([k, v]) => k === 'le' || s.labels[k] === v))
        .map((s) => s.labels.le)
        .filter((le) => le !== '+Inf')
        .map(Number);
      expect({ name: entry.name, les }).toEqual({ name: entry.name, les: entry.buckets });
    }
    // 1-2-5 token buckets stop at max_model_len.
    expect(BUCKETS.tokens.slice(0, 6)).toEqual([1, 2, 5, 10, 20, 50]);
  });

  it('keeps histogram buckets cumulative with +Inf equal to count', async () => {
    const exposition = await scrape(firstPod().registries.current);
    const groups = new Map<string, number[]>();
    const counts = new Map<string, number>();
    for (const s of exposition.samples) {
      const { le, ...rest } = s.labels;
      if (s.name.endsWith('_bucket')) {
        const key = `${s.name.slice(0, -7)}${JSON.stringify(rest)}`;
        groups.set(key, [...(groups.get(key) ?? []), s.value]);
        if (le === '+Inf') {
          counts.set(`${key}:inf`, s.value);
        }
      } else if (s.name.endsWith('_count')) {
        counts.set(`${s.name.slice(0, -6)}${JSON.stringify(rest)}`, s.value);
      }
    }
    expect(groups.size).toBeGreaterThan(20);
    let observed = 0;
    for (const [key, values] of groups) {
      for (let i = 1; i < values.length; i++) {
        expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
      }
      expect(counts.get(`${key}:inf`)).toBe(counts.get(key));
      observed += counts.get(key) ?? 0;
    }
    expect(observed).toBeGreaterThan(0);
  });

  it('carries model_name and engine but never pod or namespace', async () => {
    const exposition = await scrape(firstPod().registries.current);
    const vllm = exposition.samples.filter((s) => s.name.startsWith('vllm:') && !s.name.startsWith('vllm:cache_config'));
    expect(vllm.every((s) => s.labels.model_name === 'deepseek-ai/DeepSeek-V3' && /^\d+$/.test(s.labels.engine))).toBe(true);
    expect(exposition.samples.some((s) => 'pod' in s.labels || 'namespace' in s.labels)).toBe(false);
  });

  it('passes promtool check metrics except for lint the upstream names cause', async () => {
    if (!existsSync(PROMTOOL)) {
      return;
    }
    const texts = await Promise.all([
      firstPod().registries.current.metrics(),
      firstPod().registries.legacy.metrics(),
      [...sim.dcgmTargets.values()][0].registry.metrics(),
      sim.epp.registry.metrics(),
    ]);
    for (const text of texts) {
      let output = '';
      let status = 0;
      try {
        output = execFileSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
      } catch (error) {
        const e = error as { status: number; stdout: string; stderr: string };
        status = e.status;
        output = `${e.stdout}${e.stderr}`;
      }
      // promtool exits 3 for lint findings and 1 for errors (which are never allowed).
      expect([0, 3]).toContain(status);
      const findings = output.split('\n').filter(Boolean);
      const unexpected = findings.filter((line) => !ALLOWED_LINT.some((re) => re.test(line)));
      expect(unexpected).toEqual([]);
    }
  });
});

describe('legacy vLLM exposition', () => {
  it('has the old names and none of the new ones', async () => {
    const { sim, tick } = manualSim(['--scenario', 'legacy-vllm']);
    tick(10);
    const names = sampleNames(await scrape([...sim.podTargets.values()][2].registries.legacy));
    for (const legacy of ['vllm:gpu_cache_usage_perc', 'vllm:gpu_prefix_cache_queries_total', 'vllm:gpu_prefix_cache_hits_total', 'vllm:time_per_output_token_seconds_bucket']) {
      expect(names.has(legacy)).toBe(true);
    }
    for (const name of names) {
      const family = catalog.find((e) => e.exposed_series.includes(name))!;
      expect({ name, source: family.source }).toEqual({ name, source: 'vllm-upstream' });
      expect(name).not.toMatch(/by_source|nixl|kv_cache_usage_perc|^vllm:prefix_cache|inter_token_latency|waiting_by_reason/);
    }
  });
});

describe('DCGM exposition', () => {
  it('has the catalog current fields plus the counters CSV extras, with dcgm-exporter labels', async () => {
    const { sim, tick } = manualSim([]);
    tick(10);
    const exposition = await scrape([...sim.dcgmTargets.values()][0].registry);
    const csv = dcgmCsvFields();
    const expected = catalog.filter((e) => e.source === 'dcgm' && (e.status === 'current' || (e.status === 'optional' && csv.has(e.name))));
    expect(sorted(sampleNames(exposition))).toEqual(sorted(expectedSeriesNames(expected)));
    for (const [name, type] of exposition.types) {
      expect({ name, type }).toEqual({ name, type: catalogEntry(name).type });
    }
    const labels = Object.keys(exposition.samples[0].labels).sort();
    expect(labels).toEqual(['DCGM_FI_DRIVER_VERSION', 'Hostname', 'UUID', 'container', 'device', 'gpu', 'modelName', 'namespace', 'pci_bus_id', 'pod'].sort());
    const util = exposition.samples.filter((s) => s.name === 'DCGM_FI_DEV_GPU_UTIL');
    expect(util).toHaveLength(4);
    expect(util.every((s) => s.value > 0 && /-(prefill|decode)-/.test(s.labels.pod))).toBe(true);
  });

  it('names the host label as asked', async () => {
    const { sim, tick } = manualSim(['--dcgm-hostname-label', 'hostname']);
    tick(1);
    const exposition = await scrape([...sim.dcgmTargets.values()][0].registry);
    expect(exposition.samples[0].labels.hostname).toBe('gpu-node-0');
    expect('Hostname' in exposition.samples[0].labels).toBe(false);
  });
});

describe('router (EPP) exposition', () => {
  it('has the catalog current families plus the older P/D decision names', async () => {
    const { sim, tick } = manualSim([]);
    tick(10);
    const exposition = await scrape(sim.epp.registry);
    const legacyDecisions = ['llm_d_epp_pd_decision_total', 'llm_d_inference_scheduler_pd_decision_total', 'llm_d_inference_scheduler_disagg_decision_total'];
    const expected = catalog.filter((e) => e.source === 'epp' && (e.status === 'current' || legacyDecisions.includes(e.name)));
    expect(sorted(sampleNames(exposition))).toEqual(sorted(expectedSeriesNames(expected)));
    for (const [name, type] of exposition.types) {
      const entry = catalogEntry(name);
      expect({ name, type }).toEqual({ name, type: entry.type });
      const sample = exposition.samples.find((s) => s.name === name || s.name === `${name}_count`)!;
      expect({ name, labels: Object.keys(sample.labels).sort() }).toEqual({ name, labels: [...entry.labels].sort() });
    }
  });
});

describe('parser', () => {
  it('rejects malformed lines', () => {
    expect(() => parseExposition('metric{a="1"} x')).toThrow();
  });
});
