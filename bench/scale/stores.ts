/**
 * The two stores, filled with the rendered history and then with the shipped recording rules evaluated over it.
 * - Prometheus (Debian's 2.42): `promtool tsdb create-blocks-from openmetrics` writes blocks, Prometheus starts on
 *   them; `promtool tsdb create-blocks-from rules` evaluates the recording rules over the range against that
 *   Prometheus, and Prometheus restarts with those blocks added.
 * - VictoriaMetrics (Debian's 1.79): the same samples through `/api/v1/import/prometheus` (timestamps in ms);
 *   the recording rules through vmalert's replay mode (`-replay.timeFrom/-replay.timeTo`), written back with
 *   remote write.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort, Managed, start, waitForHttp } from '../../tests/support/processes';
import { PROMETHEUS_BIN } from '../../tests/support/stack';
import { rulesForVmalert, VICTORIA_BIN, VMALERT_BIN } from '../../tests/support/victoria';

export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';

export interface Store {
  url: string;
  stop(): Promise<void>;
}

/** Milliseconds since `since`, in seconds. */
const took = (since: number) => ((Date.now() - since) / 1000).toFixed(0);

async function startPrometheus(dir: string, port: number): Promise<Managed> {
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 15s\n');
  const prom = start('prometheus', PROMETHEUS_BIN, [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=30d',
    '--query.max-samples=500000000',
    '--log.level=warn',
  ]);
  await waitForHttp(`http://127.0.0.1:${port}/-/ready`, prom, 600_000);
  return prom;
}

export async function prometheusFrom(
  history: string,
  dir: string,
  log: (s: string) => void
): Promise<Store & { addRules(files: string[], start: number, end: number, evalSeconds: number): Promise<void> }> {
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  let t = Date.now();
  execFileSync(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', history, data], { stdio: 'ignore' });
  log(`prometheus: blocks from openmetrics in ${took(t)} s`);
  const port = await freePort();
  let prom = await startPrometheus(dir, port);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    stop: () => prom.stop(),
    async addRules(files, startTs, endTs, evalSeconds) {
      t = Date.now();
      const out = join(dir, 'rule-blocks');
      execFileSync(
        PROMTOOL_BIN,
        [
          'tsdb',
          'create-blocks-from',
          'rules',
          `--start=${startTs}`,
          `--end=${endTs}`,
          `--url=${url}`,
          `--output-dir=${out}`,
          `--eval-interval=${evalSeconds}s`,
          ...files,
        ],
        { stdio: 'ignore' }
      );
      await prom.stop();
      for (const block of readdirSync(out)) {
        renameSync(join(out, block), join(data, block));
      }
      prom = await startPrometheus(dir, port);
      log(`prometheus: recording rules backfilled in ${took(t)} s`);
    },
  };
}

/** Posts the OpenMetrics history to VictoriaMetrics' Prometheus-text import, in batches, timestamps in ms. */
async function importHistory(url: string, history: string): Promise<number> {
  const lines = createInterface({ input: createReadStream(history), crlfDelay: Infinity });
  let batch: string[] = [];
  let sent = 0;
  const flush = async () => {
    if (batch.length === 0) {
      return;
    }
    const res = await fetch(`${url}/api/v1/import/prometheus`, { method: 'POST', body: batch.join('\n') + '\n' });
    if (!res.ok) {
      throw new Error(`victoria-metrics import: HTTP ${res.status} ${await res.text()}`);
    }
    sent += batch.length;
    batch = [];
  };
  for await (const line of lines) {
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const space = line.lastIndexOf(' ');
    batch.push(`${line.slice(0, space)} ${Number(line.slice(space + 1)) * 1000}`);
    if (batch.length >= 200_000) {
      await flush();
    }
  }
  await flush();
  return sent;
}

export async function victoriaFrom(
  history: string,
  dir: string,
  log: (s: string) => void
): Promise<Store & { addRules(files: string[], start: number, end: number, evalSeconds: number): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const vm = start('victoria-metrics', VICTORIA_BIN, [
    `-storageDataPath=${join(dir, 'vm-data')}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    '-search.latencyOffset=0s',
    // Each query is measured cold: the rollup cache would answer a repeated query from memory.
    '-search.disableCache',
    '-retentionPeriod=30d',
    '-search.maxPointsPerTimeseries=100000',
    '-loggerLevel=ERROR',
  ]);
  await waitForHttp(`${url}/health`, vm);
  let t = Date.now();
  const samples = await importHistory(url, history);
  await fetch(`${url}/internal/force_flush`);
  log(`victoria-metrics: imported ${samples.toLocaleString('en-US')} samples in ${took(t)} s`);
  return {
    url,
    stop: () => vm.stop(),
    async addRules(files, startTs, endTs, evalSeconds) {
      t = Date.now();
      const iso = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
      const args = [
        ...rulesForVmalert(files, dir).map((f) => `-rule=${f}`),
        `-datasource.url=${url}`,
        `-remoteWrite.url=${url}`,
        `-replay.timeFrom=${iso(startTs)}`,
        `-replay.timeTo=${iso(endTs)}`,
        `-evaluationInterval=${evalSeconds}s`,
        '-replay.disableProgressBar',
        '-loggerLevel=ERROR',
      ];
      try {
        execFileSync(VMALERT_BIN, args, { stdio: 'pipe', maxBuffer: 64 << 20 });
      } catch (err) {
        const e = err as { stderr?: Buffer; message: string };
        throw new Error(`vmalert replay failed: ${e.stderr?.toString().slice(-500) ?? e.message}`);
      }
      await fetch(`${url}/internal/force_flush`);
      log(`victoria-metrics: recording rules replayed by vmalert in ${took(t)} s`);
    },
  };
}
