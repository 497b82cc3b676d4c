/**
 * How long a scrape takes as the fleet grows: ~1k, ~10k and ~100k series (topology plus the per-expert
 * DEBUG gauge). Each row brings the simulation up to date and renders every target once, as one
 * Prometheus scrape round would, and also reports the largest single target.
 */
import { parseOptions } from '../src/options';
import { Simulation } from '../src/simulation';
import { Registry } from 'prom-client';

interface Case {
  label: string;
  args: string[];
}

const CASES: Case[] = [
  { label: '~1k series', args: ['--prefill-pods', '0', '--decode-pods', '1', '--engines-per-pod', '1', '--layers', '4', '--experts', '8', '--redundant-experts', '0'] },
  { label: '~10k series', args: ['--prefill-pods', '2', '--decode-pods', '2', '--engines-per-pod', '4', '--layers', '16', '--experts', '64', '--redundant-experts', '0', '--gpus-per-node', '8'] },
  {
    label: '~100k series',
    args: ['--prefill-pods', '16', '--decode-pods', '16', '--engines-per-pod', '4', '--gpus-per-node', '8', '--layers', '61', '--experts', '256', '--redundant-experts', '64', '--expert-debug'],
  },
];

async function main() {
  const rows: string[] = [];
  for (const c of CASES) {
    let now = 1_800_000_000;
    const sim = new Simulation(parseOptions(c.args), () => now);
    const registries: Registry[] = [
      ...[...sim.podTargets.values()].map((t) => t.registries.current),
      ...[...sim.dcgmTargets.values()].map((t) => t.registry),
      sim.epp.registry,
    ];
    let series = 0;
    let largest = { registry: registries[0], lines: 0 };
    for (const registry of registries) {
      const text = await registry.metrics();
      const lines = text.split('\n').filter((l) => l && !l.startsWith('#')).length;
      series += lines;
      if (lines > largest.lines) {
        largest = { registry, lines };
      }
    }
    const rounds = 5;
    let roundMs = 0;
    let largestMs = 0;
    for (let i = 0; i < rounds; i++) {
      now += 1;
      const start = performance.now();
      sim.update();
      for (const registry of registries) {
        await registry.metrics();
      }
      roundMs += performance.now() - start;
      now += 1;
      const one = performance.now();
      sim.update();
      await largest.registry.metrics();
      largestMs += performance.now() - one;
    }
    rows.push(
      `${c.label.padEnd(14)} ${String(series).padStart(7)} series in ${String(registries.length).padStart(3)} targets: ` +
        `${(roundMs / rounds).toFixed(1).padStart(7)} ms per scrape of every target, ` +
        `${(largestMs / rounds).toFixed(1).padStart(6)} ms for the largest target (${largest.lines} series)`
    );
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
