/**
 * The scrape of a ~1 M-series fleet across vmagent shards. The live simulator cannot serve that fleet here (at
 * 1,024 engines one pod's scrape takes ~16 s: it brings the whole fleet up to the present per request), so this
 * bench renders every target's exposition once, at one instant, and serves those texts from memory on loopback
 * with the simulator's own service discovery. The vmagent shards scrape, parse, relabel and remote-write every
 * series every interval as they would against the fleet; the values do not move between scrapes, which flatters
 * the store's compression but not the scrape. Prints, per shard count, each vmagent's series, CPU s/s and memory,
 * and the store's. Asserts nothing.
 *   npx tsx bench/scale/scrapeMillion.ts      (BENCH_ENGINES, default 1024; BENCH_SHARD_COUNTS, default 2,4;
 *                                              BENCH_SCRAPE_SECONDS, default 15; BENCH_SECONDS, default 60)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, Managed, sleep } from '../../tests/support/processes';
import { startVictoria } from '../../tests/support/victoria';
import { simArgs } from './fleet';
import { parseOptions, prometheusConfig, registryAt, serviceDiscovery, Simulation, TargetKind } from './history';

const ENGINES = Number(process.env.BENCH_ENGINES ?? 1024);
const SHARD_COUNTS = (process.env.BENCH_SHARD_COUNTS ?? '2,4').split(',').map(Number);
const SCRAPE_SECONDS = Number(process.env.BENCH_SCRAPE_SECONDS ?? 15);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

/** Every target's exposition at one instant, and the service discovery that lists them. */
async function renderFleet(): Promise<{
  texts: Map<string, string>;
  sd: (host: string, kind: string) => unknown;
  series: number;
}> {
  const sim: Simulation = new Simulation(parseOptions(['--load-wave', '0', ...simArgs(ENGINES)]), () => 1_800_000_000);
  sim.update();
  const texts = new Map<string, string>();
  let series = 0;
  for (const group of serviceDiscovery(sim, 'x', ['vllm', 'dcgm', 'epp'])) {
    const path = group.labels.__metrics_path__;
    const text = await registryAt(sim, path)().metrics();
    series += text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    texts.set(path, text);
  }
  const sd = (host: string, kind: string) =>
    serviceDiscovery(sim, host, kind === 'all' ? ['vllm', 'dcgm', 'epp'] : [kind as TargetKind]);
  return { texts, sd, series };
}

async function main() {
  let t = Date.now();
  const fleet = await renderFleet();
  console.log(
    `${ENGINES} engines: ${fleet.series.toLocaleString('en-US')} series over ${fleet.texts.size} targets, rendered in ${((Date.now() - t) / 1000).toFixed(0)} s`
  );
  const port = await freePort();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/sd') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(fleet.sd(`127.0.0.1:${port}`, url.searchParams.get('kind') ?? 'all')));
      return;
    }
    const text = fleet.texts.get(url.pathname);
    res
      .writeHead(text === undefined ? 404 : 200, { 'content-type': 'text/plain; version=0.0.4' })
      .end(text ?? 'not found\n');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const interval = `${SCRAPE_SECONDS}s`;
  const scrapeConfig = prometheusConfig({
    simulator: `127.0.0.1:${port}`,
    scrapeInterval: interval,
    evaluationInterval: interval,
    ruleFiles: [],
  });
  try {
    for (const shards of SHARD_COUNTS) {
      const dir = mkdtempSync(join(tmpdir(), 'llmd-million-'));
      const processes: Managed[] = [];
      try {
        t = Date.now();
        const vm = await startVictoria(
          { dir, scrapeConfig, shards, ruleFiles: [], evaluationInterval: interval },
          processes
        );
        const urls = [vm.url, ...vm.vmagentUrls];
        // Two scrape intervals after discovery, so every shard has scraped each of its targets.
        await sleep((10 + 2 * SCRAPE_SECONDS) * 1000);
        const cpu0 = await Promise.all(urls.map((u) => metric(u, 'process_cpu_seconds_total')));
        const samples0 = await Promise.all(vm.vmagentUrls.map((u) => metric(u, 'vm_promscrape_scraped_samples_sum')));
        const start = Date.now();
        await sleep(SECONDS * 1000);
        const wall = (Date.now() - start) / 1000;
        const cpu1 = await Promise.all(urls.map((u) => metric(u, 'process_cpu_seconds_total')));
        const samples1 = await Promise.all(vm.vmagentUrls.map((u) => metric(u, 'vm_promscrape_scraped_samples_sum')));
        const rss = await Promise.all(urls.map((u) => metric(u, 'process_resident_memory_bytes')));
        const up = await Promise.all(vm.vmagentUrls.map((u) => metric(u, 'vm_promscrape_targets')));
        console.log(`\n${shards} shard(s), ${SCRAPE_SECONDS} s scrape, ${SECONDS} s measured`);
        console.log('component                  series/scrape    CPU s/s   RSS MiB');
        const row = (name: string, series: string, i: number) =>
          console.log(
            `${name.padEnd(26)} ${series.padStart(13)} ${((cpu1[i] - cpu0[i]) / wall).toFixed(3).padStart(10)} ${(rss[i] / 2 ** 20).toFixed(0).padStart(9)}`
          );
        row('victoria-metrics (store)', '-', 0);
        vm.vmagentUrls.forEach((_, i) =>
          row(
            `vmagent ${i}/${shards} (${up[i]} targets)`,
            Math.round(((samples1[i] - samples0[i]) / wall) * SCRAPE_SECONDS).toLocaleString('en-US'),
            i + 1
          )
        );
      } finally {
        await Promise.all(processes.map((p) => p.stop()));
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    server.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
