/**
 * The VictoriaMetrics side of the test stack (Debian's `victoria-metrics` 1.79, which ships vmagent and vmalert):
 * one single-node store, N vmagent shards that split the same scrape config between them
 * (-promscrape.cluster.membersCount / memberNum) and remote-write into it, and, with rule files, vmalert evaluating
 * them against the store and writing recorded series and ALERTS back into it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { basename, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort, Managed, start, waitForHttp } from './processes';

export const VICTORIA_BIN = process.env.VICTORIA_METRICS_BIN ?? '/usr/bin/victoria-metrics';
export const VMAGENT_BIN = process.env.VMAGENT_BIN ?? '/usr/bin/vmagent';
export const VMALERT_BIN = process.env.VMALERT_BIN ?? '/usr/bin/vmalert';

export interface VictoriaOptions {
  /** Working directory for data and configs (the stack removes it). */
  dir: string;
  /** The Prometheus scrape config object the Prometheus side uses; vmagent reads the same file. */
  scrapeConfig: object;
  /** vmagent shards; each scrapes roughly 1/N of the targets. */
  shards: number;
  ruleFiles: string[];
  evaluationInterval: string;
}

export interface Victoria {
  /** The store's Prometheus-compatible API (`/api/v1/query` ...). */
  url: string;
  /** vmalert's API (`/api/v1/rules`, `/api/v1/alerts`), when rule files were given. */
  vmalertUrl?: string;
  /** Each vmagent shard's own API (`/api/v1/targets` lists the targets it scrapes). */
  vmagentUrls: string[];
  /** Alert notifications vmalert sent (the bodies it POSTed), newest last. */
  notifications: unknown[];
  /** Closes the in-process notification sink (the processes stop with the stack's). */
  close(): Promise<void>;
}

/**
 * vmalert 1.79 refuses to start alerting rules without -notifier.url and has no blackhole notifier: a loopback
 * sink in the test process stands in for Alertmanager and keeps what it receives.
 */
async function notificationSink(): Promise<{ server: Server; url: string; received: unknown[] }> {
  const received: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        received.push(JSON.parse(body));
      } catch {
        received.push(body);
      }
      received.splice(0, Math.max(0, received.length - 200));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}`, received };
}

/** Flags that make VM answer an instant query at `time` from the same samples Prometheus holds then. */
export function victoriaFlags(dir: string, port: number, vmalertUrl?: string): string[] {
  return [
    // Grafana's Prometheus data source (and the Alerts page) read rules and alerts from the store's
    // /api/v1/rules and /api/v1/alerts; VictoriaMetrics answers them by proxying to vmalert.
    ...(vmalertUrl ? [`-vmalert.proxyURL=${vmalertUrl}`] : []),
    `-storageDataPath=${join(dir, 'vm-data')}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    // By default VM hides the last 30 s from queries (samples may still be arriving); Prometheus does not.
    '-search.latencyOffset=0s',
    // The response cache would keep answers computed before the newest samples landed.
    '-search.disableCache',
    '-retentionPeriod=1d',
    '-loggerLevel=ERROR',
  ];
}

export function vmagentFlags(
  dir: string,
  configPath: string,
  storeUrl: string,
  shards: number,
  member: number,
  port: number
) {
  return [
    `-promscrape.config=${configPath}`,
    // The shared scrape config sets http_sd refresh_interval, which vmagent 1.79 refuses under strict parsing;
    // the check interval takes its place.
    '-promscrape.config.strictParse=false',
    '-promscrape.httpSDCheckInterval=5s',
    `-promscrape.cluster.membersCount=${shards}`,
    `-promscrape.cluster.memberNum=${member}`,
    `-remoteWrite.url=${storeUrl}/api/v1/write`,
    `-remoteWrite.tmpDataPath=${join(dir, `vmagent-${member}`)}`,
    '-remoteWrite.flushInterval=200ms',
    `-httpListenAddr=127.0.0.1:${port}`,
    '-loggerLevel=ERROR',
  ];
}

/**
 * Copies of the rule files that vmalert 1.79 can load: without `keep_firing_for`. Its rule config rejects any
 * field it does not know ("unknown fields in rule", VictoriaMetrics/VictoriaMetrics app/vmalert/config/config.go
 * checkOverflow @00430f702a5cd7a22cd5af52aad24e631e28e306), and `keep_firing_for` came after 1.79. The setting
 * only holds an alert after its condition clears, so the comparison of what fires is unaffected; docs/scale.md
 * says how to generate rules for such a vmalert.
 */
export function rulesForVmalert(ruleFiles: string[], dir: string): string[] {
  const out = join(dir, 'vmalert-rules');
  mkdirSync(out, { recursive: true });
  return ruleFiles.map((file, i) => {
    const doc = parse(readFileSync(file, 'utf8')) as { groups?: Array<{ rules?: Array<Record<string, unknown>> }> };
    for (const group of doc.groups ?? []) {
      for (const rule of group.rules ?? []) {
        delete rule.keep_firing_for;
      }
    }
    const copy = join(out, `${i}-${basename(file)}`);
    writeFileSync(copy, stringify(doc));
    return copy;
  });
}

export function vmalertFlags(
  storeUrl: string,
  notifierUrl: string,
  ruleFiles: string[],
  evaluationInterval: string,
  port: number
): string[] {
  return [
    `-datasource.url=${storeUrl}`,
    `-notifier.url=${notifierUrl}`,
    `-remoteWrite.url=${storeUrl}`,
    '-remoteWrite.flushInterval=200ms',
    ...ruleFiles.map((f) => `-rule=${f}`),
    `-evaluationInterval=${evaluationInterval}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    '-loggerLevel=ERROR',
  ];
}

/** Starts the store, the shards and vmalert; pushes each started process to `processes` as soon as it runs. */
export async function startVictoria(opts: VictoriaOptions, processes: Managed[]): Promise<Victoria> {
  const vmPort = await freePort();
  const url = `http://127.0.0.1:${vmPort}`;
  const vmalertPort = opts.ruleFiles.length > 0 ? await freePort() : undefined;
  const vmalertUrl = vmalertPort ? `http://127.0.0.1:${vmalertPort}` : undefined;
  const vm = start('victoria-metrics', VICTORIA_BIN, victoriaFlags(opts.dir, vmPort, vmalertUrl));
  processes.push(vm);
  await waitForHttp(`${url}/health`, vm);

  const configPath = join(opts.dir, 'vmagent.yml');
  const { rule_files: _rules, ...scrapeOnly } = opts.scrapeConfig as Record<string, unknown>;
  writeFileSync(configPath, stringify(scrapeOnly));
  const vmagentUrls: string[] = [];
  for (let member = 0; member < opts.shards; member++) {
    const port = await freePort();
    vmagentUrls.push(`http://127.0.0.1:${port}`);
    const agent = start(
      `vmagent ${member}/${opts.shards}`,
      VMAGENT_BIN,
      vmagentFlags(opts.dir, configPath, url, opts.shards, member, port)
    );
    processes.push(agent);
    await waitForHttp(`http://127.0.0.1:${port}/health`, agent);
  }

  let sink: Awaited<ReturnType<typeof notificationSink>> | undefined;
  if (vmalertUrl) {
    sink = await notificationSink();
    const flags = vmalertFlags(url, sink.url, rulesForVmalert(opts.ruleFiles, opts.dir), opts.evaluationInterval, vmalertPort!);
    const vmalert = start('vmalert', VMALERT_BIN, flags);
    processes.push(vmalert);
    try {
      await waitForHttp(`${vmalertUrl}/health`, vmalert);
    } catch (err) {
      sink.server.close();
      throw err;
    }
  }
  return {
    url,
    vmalertUrl,
    vmagentUrls,
    notifications: sink?.received ?? [],
    close: () => new Promise<void>((resolve) => (sink ? sink.server.close(() => resolve()) : resolve())),
  };
}
