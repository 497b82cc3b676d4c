/**
 * The scrape-shard benchmark: one simulated Wide EP fleet with the per-expert DEBUG gauge on, scraped every 5 s by
 * Prometheus and by 1, then 2, vmagent shards writing to VictoriaMetrics. For each component: the series it
 * scrapes or holds and the CPU it spends per second of wall time, read from its own /metrics after a warm-up.
 * Prints a table; asserts nothing about time.
 *   npx tsx bench/scrapeShards.ts          (BENCH_SHARD_ENGINES, default 8; BENCH_SHARD_SECONDS, default 40;
 *                                           BENCH_SHARD_SCRAPE, default 5 s; BENCH_SHARD_COUNTS, default 1,2)
 * At 256 engines the fleet exposes about 1 M series; a scrape of it takes the simulator several seconds on this
 * machine, so run that size with BENCH_SHARD_SCRAPE=30.
 */
import { startStack } from '../tests/support/stack';
import { redundantExperts } from './scale/fleet';

const ENGINES_PER_POD = 4;
const SCRAPE_SECONDS = Number(process.env.BENCH_SHARD_SCRAPE ?? 5);
const SHARD_COUNTS = (process.env.BENCH_SHARD_COUNTS ?? '1,2').split(',').map(Number);
const ENGINES = Number(process.env.BENCH_SHARD_ENGINES ?? 8);
const SECONDS = Number(process.env.BENCH_SHARD_SECONDS ?? 40);
const PODS_PER_ROLE = String(Math.max(1, Math.round(ENGINES / ENGINES_PER_POD / 2)));
const SIM_ARGS = [
  ...['--prefill-pods', PODS_PER_ROLE, '--decode-pods', PODS_PER_ROLE],
  ...['--engines-per-pod', String(ENGINES_PER_POD), '--layers', '61', '--experts', '256', '--expert-debug'],
  // The expert slots divide evenly over each role's EP group.
  ...['--redundant-experts', String(redundantExperts(Number(PODS_PER_ROLE) * ENGINES_PER_POD))],
];

/** One gauge or counter from a Prometheus text exposition (summed over its label sets). */
async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

interface Row {
  component: string;
  series: number;
  cpuPerSecond: number;
  /** Resident memory at the end of the measurement. */
  memoryBytes: number;
}

async function run(shards: number): Promise<{ rows: Row[]; targetsUp: string }> {
  const stack = await startStack({
    scenario: 'steady-wideep',
    simArgs: SIM_ARGS,
    scrapeInterval: `${SCRAPE_SECONDS}s`,
    withVictoria: true,
    vmagentShards: shards,
  });
  try {
    const targets = [stack.backends.prometheus.url, stack.backends.victoria!.url, ...stack.vmagentUrls];
    const sample = () =>
      Promise.all([
        Promise.all(targets.map((u) => metric(u, 'process_cpu_seconds_total'))),
        Promise.all(stack.vmagentUrls.map((u) => metric(u, 'vm_promscrape_scraped_samples_sum'))),
      ]);
    await stack.waitForRange(Math.max(10, 2 * SCRAPE_SECONDS));
    const [cpuBefore, samplesBefore] = await sample();
    const start = Date.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const [cpuAfter, samplesAfter] = await sample();
    const wall = (Date.now() - start) / 1000;
    const memory = await Promise.all(targets.map((u) => metric(u, 'process_resident_memory_bytes')));
    const cpu = (i: number) => (cpuAfter[i] - cpuBefore[i]) / wall;
    const [promSeries] = await stack.backends.prometheus.query('count({__name__=~".+"})');
    const [vmSeries] = await stack.backends.victoria!.query('count({__name__=~".+"})');
    // A simulator that cannot render every target within the scrape timeout shows here, not as a smaller fleet.
    const [up] = await stack.backends.prometheus.query('count(up == 1)');
    const [all] = await stack.backends.prometheus.query('count(up)');
    const rows = [
      { component: 'prometheus (scrape + store)', series: promSeries?.value ?? 0, cpuPerSecond: cpu(0), memoryBytes: memory[0] },
      { component: 'victoria-metrics (store)', series: vmSeries?.value ?? 0, cpuPerSecond: cpu(1), memoryBytes: memory[1] },
      ...stack.vmagentUrls.map((_, i) => ({
        component: `vmagent ${i}/${shards}`,
        // Samples scraped per second times the scrape interval: the series this shard carries.
        series: ((samplesAfter[i] - samplesBefore[i]) / wall) * SCRAPE_SECONDS,
        cpuPerSecond: cpu(2 + i),
        memoryBytes: memory[2 + i],
      })),
    ];
    return { rows, targetsUp: `Prometheus: ${up?.value ?? 0} of ${all?.value ?? 0} targets up at the end` };
  } finally {
    await stack.stop();
  }
}

async function main() {
  const engines = Number(PODS_PER_ROLE) * 2 * ENGINES_PER_POD;
  console.log(
    `scrape shards: ${engines} engines, 61 layers x 256 experts, DEBUG on, ${SCRAPE_SECONDS} s scrape, ${SECONDS} s measured`
  );
  for (const shards of SHARD_COUNTS) {
    const { rows, targetsUp } = await run(shards);
    console.log(`\n${shards} shard(s); ${targetsUp}`);
    console.log('component                      series      CPU s/s   RSS MiB');
    for (const r of rows) {
      console.log(
        `${r.component.padEnd(30)} ${String(Math.round(r.series)).padStart(9)} ${r.cpuPerSecond.toFixed(3).padStart(10)} ${(r.memoryBytes / 2 ** 20).toFixed(0).padStart(9)}`
      );
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
