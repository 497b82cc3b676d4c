/** The HTTP front: service discovery, one /metrics per simulated target, ground truth and scenario control. */
import http from 'node:http';
import { Registry } from 'prom-client';
import { UsageError } from './options';
import { checkOrigin, readBody, RequestRefused, requireJsonPost } from './requestGuard';
import { SCENARIOS } from './scenarios';
import { TARGET_KINDS, TargetKind, serviceDiscovery } from './serviceDiscovery';
import { Simulation } from './simulation';
import { truth } from './truth';

/** How long a "down" pod holds a scrape before answering 503. */
const HANG_MS = 30_000;

export interface SimulatorServer {
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

export function startServer(sim: Simulation, host: string, port: number): Promise<SimulatorServer> {
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    handle(sim, req, res, hanging).catch((error: unknown) => {
      if (error instanceof RequestRefused && !res.headersSent) {
        // The rest of a refused body is not read: close the connection rather than parse it as a request.
        res.setHeader('Connection', 'close');
        sendJson(res, error.status, { error: error.message });
      } else if (!res.headersSent) {
        send(res, 500, 'text/plain', `${error instanceof Error ? error.message : String(error)}\n`);
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
      resolve({
        server,
        url,
        close: () =>
          new Promise<void>((done) => {
            for (const res of hanging) {
              res.destroy();
            }
            hanging.clear();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function handle(sim: Simulation, req: http.IncomingMessage, res: http.ServerResponse, hanging: Set<http.ServerResponse>) {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const path = url.pathname;
  checkOrigin(req);
  if (path === '/healthz') {
    return send(res, 200, 'text/plain', 'ok\n');
  }
  if (path === '/sd') {
    const kind = url.searchParams.get('kind') ?? 'all';
    if (kind !== 'all' && !TARGET_KINDS.includes(kind as TargetKind)) {
      return send(res, 400, 'text/plain', `unknown kind "${kind}"; use vllm, dcgm, epp or all\n`);
    }
    const address = sim.options.sdHost ?? req.headers.host ?? `127.0.0.1:${(req.socket.localPort ?? 0).toString()}`;
    const kinds = kind === 'all' ? TARGET_KINDS : [kind as TargetKind];
    return sendJson(res, 200, serviceDiscovery(sim, address, kinds));
  }
  if (path === '/truth') {
    return sendJson(res, 200, truth(sim));
  }
  if (path === '/scenario') {
    return scenarioRoute(sim, req, res, url);
  }
  if (path === '/epp/metrics') {
    sim.update();
    return sendMetrics(res, sim.epp.registry);
  }
  const pod = /^\/pods\/([^/]+)\/metrics$/.exec(path);
  if (pod) {
    const target = sim.podTargets.get(decodeURIComponent(pod[1]));
    if (!target) {
      return send(res, 404, 'text/plain', 'no such pod\n');
    }
    if (sim.isDown(target.pod.name)) {
      // A pod that stopped answering: hold the scrape until Prometheus gives up.
      hanging.add(res);
      const timer = setTimeout(() => {
        hanging.delete(res);
        send(res, 503, 'text/plain', 'pod not ready\n');
      }, HANG_MS);
      res.on('close', () => {
        clearTimeout(timer);
        hanging.delete(res);
      });
      return;
    }
    sim.update();
    return sendMetrics(res, target.registries[sim.scenario.workload.legacy ? 'legacy' : 'current']);
  }
  const node = /^\/nodes\/([^/]+)\/dcgm\/metrics$/.exec(path);
  if (node) {
    const target = sim.dcgmTargets.get(decodeURIComponent(node[1]));
    if (!target) {
      return send(res, 404, 'text/plain', 'no such node\n');
    }
    sim.update();
    return sendMetrics(res, target.registry);
  }
  return send(res, 404, 'text/plain', 'not found\n');
}

async function scenarioRoute(sim: Simulation, req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
  let requested: string | undefined;
  if (req.method !== 'GET' || url.searchParams.has('set')) {
    requireJsonPost(req);
    try {
      const parsed = JSON.parse((await readBody(req)) || '{}') as { scenario?: unknown };
      if (typeof parsed.scenario !== 'string') {
        return sendJson(res, 400, { error: 'body must be {"scenario": "<name>"}' });
      }
      requested = parsed.scenario;
    } catch (error) {
      if (error instanceof RequestRefused) {
        throw error;
      }
      return sendJson(res, 400, { error: 'body is not JSON' });
    }
  }
  if (requested !== undefined) {
    try {
      sim.setScenario(requested);
    } catch (error) {
      if (error instanceof UsageError) {
        return sendJson(res, 400, { error: error.message });
      }
      throw error;
    }
  }
  return sendJson(res, 200, {
    scenario: sim.scenario.name,
    since: sim.scenarioStart,
    scenarios: SCENARIOS.map((s) => ({ name: s.name, summary: s.summary })),
  });
}

async function sendMetrics(res: http.ServerResponse, registry: Registry) {
  const text = await registry.metrics();
  send(res, 200, registry.contentType, text);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  send(res, status, 'application/json', `${JSON.stringify(body)}\n`);
}

function send(res: http.ServerResponse, status: number, contentType: string, body: string) {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
