/** Test helpers: a simulation on a hand-driven clock, an exposition parser, and the metric catalog. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Registry } from 'prom-client';
import { parseOptions } from '../src/options';
import { Simulation } from '../src/simulation';

export interface ManualSim {
  sim: Simulation;
  clock: { now: number };
  /** Moves the clock forward and brings the simulation up to it. */
  tick(seconds: number): void;
}

export function manualSim(args: string[] = []): ManualSim {
  const clock = { now: 1_800_000_000 };
  const sim = new Simulation(parseOptions(['--load-wave', '0', ...args]), () => clock.now);
  return {
    sim,
    clock,
    tick(seconds: number) {
      clock.now += seconds;
      sim.update();
    },
  };
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  types: Map<string, string>;
  text: string;
}

/** Parses Prometheus text format 0.0.4 (enough of it for what prom-client writes). */
export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') {
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      types.set(name, type);
      continue;
    }
    if (line.startsWith('#')) {
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match) {
      throw new Error(`unparseable line: ${line}`);
    }
    const labels: Record<string, string> = {};
    if (match[3]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(match[3])) !== null) {
        labels[m[1]] = m[2];
      }
    }
    const value = match[4] === '+Inf' ? Infinity : match[4] === '-Inf' ? -Infinity : Number(match[4]);
    if (Number.isNaN(value) && match[4] !== 'NaN') {
      throw new Error(`bad value in: ${line}`);
    }
    samples.push({ name: match[1], labels, value });
  }
  return { samples, types, text };
}

export async function scrape(registry: Registry): Promise<Exposition> {
  return parseExposition(await registry.metrics());
}

/** Sum of matching samples. */
export function total(exposition: Exposition, name: string, match: Record<string, string> = {}): number {
  return exposition.samples
    .filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

export interface CatalogEntry {
  name: string;
  type: string;
  labels: string[];
  source: string;
  status: string;
  exposed_series: string[];
  buckets?: unknown;
}

export const catalog: CatalogEntry[] = JSON.parse(
  readFileSync(resolve(__dirname, '../../metrics/catalog.json'), 'utf8')
) as CatalogEntry[];

export function catalogEntry(name: string): CatalogEntry {
  const entry = catalog.find((e) => e.name === name);
  if (!entry) {
    throw new Error(`${name} is not in the catalog`);
  }
  return entry;
}

/** Scrapes of the vLLM pods (of one role, if given), merged. */
export async function scrapePods(sim: Simulation, role?: 'prefill' | 'decode'): Promise<Exposition> {
  const variant = sim.scenario.workload.legacy ? 'legacy' : 'current';
  const targets = [...sim.podTargets.values()].filter((t) => role === undefined || t.pod.role === role);
  const parts = await Promise.all(targets.map((t) => t.registries[variant].metrics()));
  return parseExposition(parts.join('\n'));
}

/** Per-second rate of a summed counter between two scrapes taken `seconds` apart. */
export function rateBetween(a: Exposition, b: Exposition, seconds: number, name: string, match: Record<string, string> = {}): number {
  return (total(b, name, match) - total(a, name, match)) / seconds;
}
