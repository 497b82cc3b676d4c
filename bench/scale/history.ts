/**
 * An hour of history without waiting an hour: the simulator's own series advanced in simulated time. One
 * Simulation runs in this process on a clock the renderer sets; at each scrape instant every target's exposition
 * (the same registries its HTTP endpoints serve) is read and each sample written with the labels Prometheus would
 * attach: the service-discovery labels of simulator/src/serviceDiscovery.ts put through the relabel_configs of
 * simulator/src/promConfig.ts, `job`, and honor_labels: false (a label the target also sets becomes exported_*).
 * Plus `up` per target. Written as OpenMetrics (timestamps in seconds, `# EOF`), the input of
 * `promtool tsdb create-blocks-from openmetrics`; VictoriaMetrics imports the same lines (import.ts).
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../tests/support/stack';

type Labels = Record<string, string>;

/**
 * The simulator's modules, loaded at run time as the test stack loads them (tests/support/stack.ts): the simulator
 * is its own package with its own compiler settings. Only what rendering uses is typed here.
 */
export interface Simulation {
  topology: { models: Array<{ engines: unknown[] }> };
  scenario: { workload: { legacy?: boolean } };
  podTargets: Map<string, { registries: Record<'current' | 'legacy', Registry> }>;
  dcgmTargets: Map<string, { registry: Registry }>;
  epp: { registry: Registry };
  update(): number;
}
export type TargetKind = 'vllm' | 'dcgm' | 'epp';
const simulator = (module: string) => require(join(ROOT, 'simulator/src', module));
export const { Simulation } = simulator('simulation') as {
  Simulation: new (options: unknown, clock: () => number) => Simulation;
};
export const { parseOptions } = simulator('options') as { parseOptions(argv: string[]): unknown };
export const { prometheusConfig } = simulator('promConfig') as { prometheusConfig(o: object): object };
export const { serviceDiscovery } = simulator('serviceDiscovery') as {
  serviceDiscovery(sim: Simulation, address: string, kinds: TargetKind[]): Array<{ targets: string[]; labels: Labels }>;
};
/** A prom-client registry as far as rendering needs it: its text exposition. */
type Registry = { metrics(): Promise<string> };
type Relabel = {
  source_labels?: string[];
  regex?: string;
  target_label?: string;
  replacement?: string;
  action?: string;
};
interface ScrapeJob {
  job_name: string;
  relabel_configs?: Relabel[];
}

/** The subset of Prometheus relabeling promConfig uses: replace (the default), keep and labelmap. */
export function relabel(input: Labels, rules: Relabel[]): Labels | undefined {
  const labels = { ...input };
  for (const r of rules) {
    const regex = new RegExp(`^(?:${r.regex ?? '(.*)'})$`);
    const action = r.action ?? 'replace';
    if (action === 'labelmap') {
      for (const [name, value] of Object.entries({ ...labels })) {
        if (regex.test(name)) {
          labels[name.replace(regex, r.replacement ?? '$1')] = value;
        }
      }
      continue;
    }
    const source = (r.source_labels ?? []).map((l) => labels[l] ?? '').join(';');
    const match = regex.exec(source);
    if (action === 'keep') {
      if (!match) {
        return undefined;
      }
    } else if (action === 'replace' && match && r.target_label) {
      const value = source.replace(regex, r.replacement ?? '$1');
      if (value === '') {
        delete labels[r.target_label];
      } else {
        labels[r.target_label] = value;
      }
    }
  }
  // Labels starting with __ are dropped after relabeling, as Prometheus does.
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith('__')));
}

export interface Target {
  labels: Labels;
  registry: () => Registry;
}

/** Every target the shared scrape config would scrape, with its final target labels and its registry. */
export function scrapeTargets(sim: Simulation): Target[] {
  const config = prometheusConfig({
    simulator: 'simulator:9400',
    scrapeInterval: '15s',
    evaluationInterval: '15s',
    ruleFiles: [],
  }) as {
    scrape_configs: ScrapeJob[];
  };
  const kindOf: Record<string, TargetKind> = { vllm: 'vllm', 'dcgm-exporter': 'dcgm', 'llm-d-epp': 'epp' };
  const targets: Target[] = [];
  for (const job of config.scrape_configs) {
    const kind = kindOf[job.job_name];
    if (!kind) {
      continue;
    }
    for (const group of serviceDiscovery(sim, 'simulator:9400', [kind])) {
      const path = group.labels.__metrics_path__;
      const labels = relabel(
        { ...group.labels, job: job.job_name, __address__: group.targets[0], instance: group.targets[0] },
        job.relabel_configs ?? []
      );
      if (labels) {
        targets.push({ labels, registry: registryAt(sim, path) });
      }
    }
  }
  return targets;
}

/** The registry a target path serves, as the simulator's HTTP front picks it. */
export function registryAt(sim: Simulation, path: string): () => Registry {
  const pod = /^\/pods\/([^/]+)\/metrics$/.exec(path);
  if (pod) {
    const target = sim.podTargets.get(pod[1])!;
    return () => target.registries[sim.scenario.workload.legacy ? 'legacy' : 'current'];
  }
  const node = /^\/nodes\/([^/]+)\/dcgm\/metrics$/.exec(path);
  if (node) {
    const target = sim.dcgmTargets.get(node[1])!;
    return () => target.registry;
  }
  return () => sim.epp.registry;
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * A sample's series with the target's labels merged in (honor_labels: false): target labels win, a clashing
 * exposed label is kept as exported_<name>. Cached per exposed series: labels do not change between scrapes.
 */
function merger(target: Labels) {
  const cache = new Map<string, string>();
  return (series: string): string => {
    let out = cache.get(series);
    if (out === undefined) {
      const brace = series.indexOf('{');
      const name = brace < 0 ? series : series.slice(0, brace);
      const own: Labels = {};
      if (brace >= 0) {
        for (const m of series.slice(brace).matchAll(LABEL)) {
          own[target[m[1]] !== undefined ? `exported_${m[1]}` : m[1]] = m[2];
        }
      }
      const all = { ...own, ...Object.fromEntries(Object.entries(target).map(([k, v]) => [k, escape(v)])) };
      out = `${name}{${Object.entries(all)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',')}}`;
      cache.set(series, out);
    }
    return out;
  };
}

export interface HistoryOptions {
  /** Simulator flags, as `npm run sim` takes them. */
  simArgs: string[];
  /** Unix seconds of the first and last scrape. */
  start: number;
  end: number;
  scrapeSeconds: number;
  /** OpenMetrics output file. */
  file: string;
}

export interface HistorySummary {
  engines: number;
  targets: number;
  /** Series in the last scrape. */
  series: number;
  samples: number;
  scrapes: number;
}

/** Renders every scrape from start to end into `file`; returns what it wrote. */
export async function renderHistory(opts: HistoryOptions): Promise<HistorySummary> {
  let now = opts.start;
  const sim = new Simulation(parseOptions(['--load-wave', '0', ...opts.simArgs]), () => now);
  const targets = scrapeTargets(sim).map((t) => ({ ...t, merge: merger(t.labels) }));
  const out = createWriteStream(opts.file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  let samples = 0;
  let series = 0;
  let scrapes = 0;
  for (now = opts.start; now <= opts.end; now += opts.scrapeSeconds) {
    sim.update();
    series = 0;
    for (const t of targets) {
      const text = await t.registry().metrics();
      const lines: string[] = [];
      for (const line of text.split('\n')) {
        if (line === '' || line.startsWith('#')) {
          continue;
        }
        const space = line.lastIndexOf(' ');
        lines.push(`${t.merge(line.slice(0, space))} ${line.slice(space + 1)} ${now}`);
      }
      lines.push(`${t.merge('up')} 1 ${now}`);
      series += lines.length;
      await write(lines.join('\n') + '\n');
    }
    samples += series;
    scrapes++;
  }
  await write('# EOF\n');
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  const engines = sim.topology.models.reduce((s, m) => s + m.engines.length, 0);
  return { engines, targets: targets.length, series, samples, scrapes };
}
