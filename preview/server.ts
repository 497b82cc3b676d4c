/**
 * The preview server: serves the preview bundle, stores the app's settings (Grafana's plugin settings API),
 * and proxies Grafana-style data source requests to Prometheus. Alerting provisioning does not exist here and
 * answers 404 with a message saying so.
 *
 *   PREVIEW_PORT=3001 PROM_URL=http://127.0.0.1:9090 tsx preview/server.ts
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { checkOrigin, readBody as readLimitedBody, RequestRefused, requireJsonPost } from '../simulator/src/requestGuard';
import { refuseProxy } from './readApi';
import { sendFile } from './sendFile';

const DIST = join(__dirname, 'dist');
// The built plugin, served where Grafana serves an installed plugin's files.
const PLUGIN_DIST = join(__dirname, '..', 'dist');
const DOCS = join(__dirname, '..', 'docs');
const PORT = Number(process.env.PREVIEW_PORT ?? 3001);
const HOST = process.env.PREVIEW_HOST ?? '127.0.0.1';
const PROM_URL = (process.env.PROM_URL ?? 'http://127.0.0.1:9090').replace(/\/+$/, '');
const PLUGIN_ID = JSON.parse(readFileSync(join(__dirname, '../src/plugin.json'), 'utf8')).id as string;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

let settings: { enabled: boolean; jsonData: Record<string, unknown> } = { enabled: true, jsonData: {} };

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A long query with many matchers fits; a settings object is far smaller. */
const MAX_QUERY_BODY = 1 << 20;
const MAX_SETTINGS_BODY = 64 << 10;

async function proxyToPrometheus(req: IncomingMessage, res: ServerResponse, path: string, search: string) {
  const refused = refuseProxy(req.method, path);
  if (refused) {
    return json(res, refused.status, { status: 'error', errorType: 'forbidden', error: refused.message });
  }
  path = `${path}${search}`;
  const body = req.method === 'GET' ? undefined : Buffer.from(await readLimitedBody(req, MAX_QUERY_BODY));
  try {
    const upstream = await fetch(`${PROM_URL}${path}`, {
      method: req.method,
      headers: req.headers['content-type'] ? { 'content-type': String(req.headers['content-type']) } : undefined,
      body: body && new Uint8Array(body),
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  } catch (err) {
    json(res, 502, {
      status: 'error',
      errorType: 'unavailable',
      error: `Prometheus at ${PROM_URL} is unreachable (${(err as Error).message})`,
    });
  }
}

/** The file of the built plugin that `urlPath` names under /public/plugins/<id>/, if there is one. */
function builtPluginFile(urlPath: string): string | undefined {
  const prefix = `/public/plugins/${PLUGIN_ID}/`;
  if (!urlPath.startsWith(prefix)) {
    return undefined;
  }
  const file = normalize(join(PLUGIN_DIST, urlPath.slice(prefix.length)));
  return file.startsWith(PLUGIN_DIST + '/') && existsSync(file) && statSync(file).isFile() ? file : undefined;
}

function serveStatic(res: ServerResponse, urlPath: string) {
  const built = builtPluginFile(urlPath);
  if (built) {
    sendFile(res, built, TYPES[extname(built)] ?? 'application/octet-stream');
    return;
  }
  const file = normalize(join(DIST, urlPath));
  if (file.startsWith(DIST) && existsSync(file) && statSync(file).isFile()) {
    sendFile(res, file, TYPES[extname(file)] ?? 'application/octet-stream');
    return;
  }
  const doc = new RegExp(`^/public/plugins/${PLUGIN_ID}/docs/([\\w.-]+\\.md)$`).exec(urlPath);
  if (doc && existsSync(join(DOCS, doc[1]))) {
    // The plugin ships docs/*.md in dist/docs; the preview serves them from the repository.
    sendFile(res, join(DOCS, doc[1]), 'text/markdown; charset=utf-8');
    return;
  }
  if (urlPath.startsWith('/public/build/img/icons/') && urlPath.endsWith('.svg')) {
    // Grafana serves the whole icon set; @grafana/ui's package ships only part of it. Missing icons draw blank.
    res.writeHead(200, { 'content-type': TYPES['.svg'] });
    res.end('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"></svg>');
    return;
  }
  if (urlPath.startsWith('/public/')) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
    return;
  }
  // Client-side routes all load the single page.
  sendFile(res, join(DIST, 'index.html'), TYPES['.html']);
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  checkOrigin(req);
  const url = new URL(req.url ?? '/', 'http://preview');
  const proxy = /^\/api\/datasources\/proxy\/uid\/[^/]+(\/.*)$/.exec(url.pathname);
  if (proxy) {
    return proxyToPrometheus(req, res, proxy[1], url.search);
  }
  if (url.pathname === `/api/plugins/${PLUGIN_ID}/settings`) {
    if (req.method !== 'GET') {
      requireJsonPost(req);
      const text = await readLimitedBody(req, MAX_SETTINGS_BODY);
      try {
        const next = JSON.parse(text || '{}');
        if (
          typeof next !== 'object' ||
          next === null ||
          (next.jsonData !== undefined && typeof next.jsonData !== 'object')
        ) {
          return json(res, 400, { message: 'jsonData must be an object' });
        }
        settings = { enabled: next.enabled ?? settings.enabled, jsonData: next.jsonData ?? settings.jsonData };
        return json(res, 200, { message: 'Plugin settings updated' });
      } catch {
        return json(res, 400, { message: 'The request body is not JSON' });
      }
    }
    return json(res, 200, { id: PLUGIN_ID, type: 'app', ...settings });
  }
  if (url.pathname === '/api/health') {
    return json(res, 200, { database: 'ok', version: 'preview' });
  }
  if (url.pathname.startsWith('/api/')) {
    return json(res, 404, {
      message: `The preview host has no Grafana API ${url.pathname}; run the app in Grafana for this.`,
    });
  }
  if (!existsSync(join(DIST, 'index.html'))) {
    return json(res, 503, { message: 'The preview bundle is not built: run `npm run preview:build`.' });
  }
  return serveStatic(res, url.pathname);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    if (res.headersSent) {
      res.destroy();
    } else if (err instanceof RequestRefused) {
      // A refused body is left unread: close the connection rather than parse the rest as a request.
      res.setHeader('Connection', 'close');
      json(res, err.status, { message: err.message });
    } else {
      json(res, 500, { message: (err as Error).message });
    }
  });
});
server.listen(PORT, HOST, () => {
  console.log(`preview host on http://${HOST}:${PORT}/a/${PLUGIN_ID}/overview (Prometheus ${PROM_URL})`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
