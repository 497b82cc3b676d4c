/**
 * The real test stack: the simulator and a real Prometheus (Debian's binary) scraping it every second on
 * loopback, with an optional set of rule files and an optional real node_exporter (Debian's binary) for the node panels. Queries are sent exactly as a panel would send them, after
 * substituting dashboard variables with "All" values.
 * With `backend: 'victoria'` (or STACK_BACKEND=victoria) VictoriaMetrics runs beside Prometheus, fed by sharded
 * vmagents scraping the same targets (tests/support/victoria.ts), and queries, `api` and `promUrl` go to it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { interpolate } from '../../src/testing/promqlGrammar';
import { freePort, Managed, sleep, start, waitForHttp } from './processes';
import { startVictoria, Victoria } from './victoria';

export const ROOT = resolve(__dirname, '../..');
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
export const NODE_EXPORTER_BIN = process.env.NODE_EXPORTER_BIN ?? '/usr/bin/prometheus-node-exporter';
export const RATE_WINDOW = '20s';

/**
 * Variable values equivalent to "All" everywhere, and a rate window that fits the 1 s scrape interval, for
 * the app's page queries. Saved dashboards are tested with their own variables only (dashboards.test.ts).
 */
export const ALL_VALUES: Record<string, string> = {
  __rate_interval: RATE_WINDOW,
  __interval: '5s',
  __range: '5m',
  datasource: 'prometheus',
  model: '.*',
  namespace: '.*',
  pod: '.*',
  engine: '.*',
  layer: '.*',
  hostname: '.*',
  host: '.*',
  role_label: 'llm_d_ai_role',
  role_affix: '(?:)',
  role: '.*',
  slo_ttft: '2',
  slo_itl: '0.1',
  'role:pipe': '.*',
  // The recorded-mode gate with no rules loaded (src/queries/recorded.ts): the raw side answers.
  recorded: '',
};

export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export type BackendName = 'prometheus' | 'victoria';

/** The backend a stack answers from unless its options say otherwise: STACK_BACKEND, else Prometheus. */
export function defaultBackend(): BackendName {
  const env = process.env.STACK_BACKEND ?? 'prometheus';
  if (env !== 'prometheus' && env !== 'victoria') {
    throw new Error(`STACK_BACKEND must be prometheus or victoria, not ${env}`);
  }
  return env;
}

/** One store's Prometheus-compatible HTTP API. */
export interface Backend {
  name: BackendName;
  url: string;
  /** Instant query after variable substitution; at `time` (unix seconds) when given, else now. */
  query(expr: string, vars?: Record<string, string>, time?: number): Promise<Sample[]>;
  /** Raw API GET (path like `/api/v1/alerts`), returning `data`. */
  api<T = unknown>(path: string): Promise<T>;
}

export interface StackOptions {
  scenario: string;
  seed?: number;
  /** Extra simulator flags (topology, --expert-debug, --eplb-step-interval ...). */
  simArgs?: string[];
  /** Rule files (absolute paths) for Prometheus to load. */
  ruleFiles?: string[];
  scrapeInterval?: string;
  /** Also run node_exporter on loopback and scrape it as job node-exporter. */
  nodeExporter?: boolean;
  /** Which store `query`, `api` and `promUrl` answer from; default defaultBackend(). */
  backend?: BackendName;
  /** Run VictoriaMetrics beside Prometheus even when Prometheus answers (for comparisons). */
  withVictoria?: boolean;
  /** vmagent shards feeding VictoriaMetrics (default 2). */
  vmagentShards?: number;
}

export interface Stack {
  /** The answering store's URL (Prometheus unless the stack answers from VictoriaMetrics). */
  promUrl: string;
  simUrl: string;
  backend: BackendName;
  /** Every store that runs: Prometheus always, VictoriaMetrics when asked for. */
  backends: Partial<Record<BackendName, Backend>> & { prometheus: Backend };
  /** The vmagent shards' own URLs, when VictoriaMetrics runs. */
  vmagentUrls: string[];
  query(expr: string, vars?: Record<string, string>, time?: number): Promise<Sample[]>;
  /** Raw API GET (path like `/api/v1/alerts`) on the answering store (vmalert for rules and alerts), returning `data`. */
  api<T = unknown>(path: string): Promise<T>;
  truth(): Promise<any>;
  setScenario(name: string): Promise<void>;
  /** Waits until Prometheus holds `seconds` of data scraped after now. */
  waitForRange(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

type PromConfigFn = (opts: {
  simulator: string;
  nodeExporter?: string;
  scrapeInterval: string;
  evaluationInterval: string;
  ruleFiles: string[];
}) => object;

export async function startStack(opts: StackOptions): Promise<Stack> {
  // Loaded lazily so a missing simulator fails the suite with its own message rather than at import.
  const { prometheusConfig } = require(join(ROOT, 'simulator/src/promConfig')) as { prometheusConfig: PromConfigFn };
  const dir = mkdtempSync(join(tmpdir(), 'llmd-stack-'));
  const simPort = await freePort();
  const promPort = await freePort();
  const nodePort = opts.nodeExporter ? await freePort() : undefined;
  const simUrl = `http://127.0.0.1:${simPort}`;
  const promUrl = `http://127.0.0.1:${promPort}`;
  const processes: Managed[] = [];
  const backend = opts.backend ?? defaultBackend();
  let victoria: Victoria | undefined;
  const stopAll = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await victoria?.close();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const sim = start('simulator', process.execPath, [
      '--import',
      'tsx',
      join(ROOT, 'simulator/src/cli.ts'),
      '--port',
      String(simPort),
      '--host',
      '127.0.0.1',
      '--scenario',
      opts.scenario,
      '--seed',
      String(opts.seed ?? 1),
      '--load-wave',
      '0',
      ...(opts.simArgs ?? []),
    ], ROOT);
    processes.push(sim);
    await waitForHttp(`${simUrl}/healthz`, sim);

    if (nodePort) {
      const node = start('node_exporter', NODE_EXPORTER_BIN, [`--web.listen-address=127.0.0.1:${nodePort}`]);
      processes.push(node);
      await waitForHttp(`http://127.0.0.1:${nodePort}/metrics`, node);
    }

    const interval = opts.scrapeInterval ?? '1s';
    const config = prometheusConfig({
      simulator: `127.0.0.1:${simPort}`,
      nodeExporter: nodePort ? `127.0.0.1:${nodePort}` : undefined,
      scrapeInterval: interval,
      evaluationInterval: interval,
      ruleFiles: opts.ruleFiles ?? [],
    });
    writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
    const prom = start('prometheus', PROMETHEUS_BIN, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--log.level=warn',
    ]);
    processes.push(prom);
    await waitForHttp(`${promUrl}/-/ready`, prom);

    if (backend === 'victoria' || opts.withVictoria) {
      victoria = await startVictoria(
        {
          dir,
          scrapeConfig: config,
          shards: opts.vmagentShards ?? 2,
          ruleFiles: opts.ruleFiles ?? [],
          evaluationInterval: interval,
        },
        processes
      );
    }
  } catch (err) {
    await stopAll();
    throw err;
  }

  const backends: Stack['backends'] = { prometheus: httpBackend('prometheus', promUrl) };
  if (victoria) {
    backends.victoria = httpBackend('victoria', victoria.url, victoria.vmalertUrl);
  }
  const answering = backends[backend]!;
  const { api } = answering;

  return {
    promUrl: answering.url,
    simUrl,
    backend,
    backends,
    vmagentUrls: victoria?.vmagentUrls ?? [],
    api,
    query: answering.query,
    async truth() {
      const res = await fetch(`${simUrl}/truth`);
      return res.json();
    },
    async setScenario(name) {
      const res = await fetch(`${simUrl}/scenario`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scenario: name }),
      });
      if (!res.ok) {
        throw new Error(`switching to ${name}: ${res.status} ${await res.text()}`);
      }
    },
    async waitForRange(seconds) {
      await sleep(seconds * 1000);
      // At least one scrape must have landed; otherwise the wait proves nothing.
      const up = await api<{ result: unknown[] }>(`/api/v1/query?query=${encodeURIComponent('count(up == 1)')}`);
      if (up.result.length === 0) {
        throw new Error(`${backend} has no healthy targets after ${seconds} s`);
      }
    },
    stop: stopAll,
  };
}

/**
 * A store's HTTP API. Rule and alert paths go to `rulesUrl` when it is given: VictoriaMetrics evaluates no rules,
 * vmalert does and serves them.
 */
export function httpBackend(name: BackendName, url: string, rulesUrl?: string): Backend {
  const api = async <T>(path: string): Promise<T> => {
    const base = rulesUrl && /^\/api\/v1\/(rules|alerts)\b/.test(path) ? rulesUrl : url;
    const res = await fetch(`${base}${path}`);
    const text = await res.text();
    let body: { status: string; data: T; error?: string };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`${name} ${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
    }
    if (body.status !== 'success') {
      throw new Error(`${name} ${path}: ${body.error}`);
    }
    return body.data;
  };
  return {
    name,
    url,
    api,
    async query(expr, vars = {}, time) {
      const text = interpolate(expr, { ...ALL_VALUES, ...vars });
      const at = time === undefined ? '' : `&time=${time}`;
      const data = await api<{
        resultType: string;
        result: Array<{ metric: Record<string, string>; value: [number, string] }>;
      }>(`/api/v1/query?query=${encodeURIComponent(text)}${at}`);
      if (data.resultType === 'scalar') {
        const [, v] = data.result as unknown as [number, string];
        return [{ metric: {}, value: Number(v) }];
      }
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
  };
}
