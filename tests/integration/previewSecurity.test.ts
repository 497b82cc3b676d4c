/**
 * What a web page can make the preview host do. A real Prometheus runs behind it with --web.enable-lifecycle
 * on purpose (the demo and compose no longer enable it, but a developer's own Prometheus may), so a proxied
 * POST /-/quit would really stop it; the test asserts it is still up afterwards.
 */
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, Managed, start, waitForHttp } from '../support/processes';
import { PROMETHEUS_BIN, ROOT } from '../support/stack';
import { sendFile } from '../../preview/sendFile';

const DS = '/api/datasources/proxy/uid/prometheus';
const PLUGIN_SETTINGS = '/api/plugins/llmd-fleet-app/settings';

let dir: string;
let prometheus: Managed;
let preview: Managed;
let promUrl: string;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'preview-security-'));
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 15s\n');
  const promPort = await freePort();
  promUrl = `http://127.0.0.1:${promPort}`;
  prometheus = start('prometheus', PROMETHEUS_BIN, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
    '--web.enable-lifecycle',
    '--web.enable-admin-api',
    '--log.level=warn',
  ]);
  await waitForHttp(`${promUrl}/-/ready`, prometheus);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  preview = start('preview', '/usr/bin/env', [`PREVIEW_PORT=${port}`, `PROM_URL=${promUrl}`, process.execPath, '--import', 'tsx', join(ROOT, 'preview/server.ts')], ROOT);
  await waitForHttp(`${url}/api/health`, preview);
});

afterAll(async () => {
  await Promise.all([preview?.stop(), prometheus?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const prometheusUp = async () => (await fetch(`${promUrl}/-/healthy`)).ok;

function raw(path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('preview host against hostile requests', () => {
  it('forwards a query by GET and by form POST, as the data source sends them', async () => {
    const got = await fetch(`${url}${DS}/api/v1/query?query=vector(1)`);
    expect(got.status).toBe(200);
    expect(((await got.json()) as any).data.result[0].value[1]).toBe('1');
    const posted = await fetch(`${url}${DS}/api/v1/query_range`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: 'vector(2)', start: '0', end: '60', step: '30' }),
    });
    expect(posted.status).toBe(200);
    expect(((await fetch(`${url}${DS}/api/v1/label/__name__/values`)).status)).toBe(200);
  });

  it.each([
    ['POST', '/-/quit'],
    ['PUT', '/-/reload'],
    ['POST', '/api/v1/admin/tsdb/delete_series?match[]=up'],
    ['POST', '/api/v1/admin/tsdb/snapshot'],
    ['GET', '/api/v1/status/config'],
    ['GET', '/api/v1/query/../../-/quit'],
  ])('does not forward %s %s', async (method, path) => {
    const res = await fetch(`${url}${DS}${path}`, { method });
    expect([403, 404]).toContain(res.status);
    if (res.status === 403) {
      expect(((await res.json()) as any).error).toMatch(/only Prometheus' read API/);
    }
    expect(await prometheusUp()).toBe(true);
  });

  it('refuses another method on a read path', async () => {
    const res = await fetch(`${url}${DS}/api/v1/query?query=1`, { method: 'DELETE' });
    expect(res.status).toBe(405);
  });

  it('refuses a cross-site page: its Origin, and a rebound DNS name in Host', async () => {
    const cross = await fetch(`${url}${DS}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
      body: 'query=up',
    });
    expect(cross.status).toBe(403);
    const rebound = await raw(`${DS}/api/v1/query?query=up`, { Host: 'evil.example:3001' });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/not this machine/);
    expect((await raw('/api/health', { Host: 'localhost:3001' })).status).toBe(200);
  });

  it('changes settings only by a same-site JSON POST', async () => {
    const before = await (await fetch(`${url}${PLUGIN_SETTINGS}`)).json();
    const form = await fetch(`${url}${PLUGIN_SETTINGS}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ jsonData: { sloTtftSeconds: 9 } }),
    });
    expect(form.status).toBe(415);
    const cross = await fetch(`${url}${PLUGIN_SETTINGS}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ jsonData: { sloTtftSeconds: 9 } }),
    });
    expect(cross.status).toBe(403);
    expect(await (await fetch(`${url}${PLUGIN_SETTINGS}`)).json()).toEqual(before);
  });

  it('refuses an oversized body and keeps serving', async () => {
    const res = await fetch(`${url}${PLUGIN_SETTINGS}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonData: { pad: 'x'.repeat(100_000) } }),
    });
    expect(res.status).toBe(413);
    const query = await fetch(`${url}${DS}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${'x'.repeat(2 << 20)}`,
    }).catch((e: Error) => e);
    // Node's fetch may see the connection close before the 413 arrives; either way nothing is forwarded.
    if (!(query instanceof Error)) {
      expect(query.status).toBe(413);
    }
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });
});

describe('sendFile', () => {
  it('answers 404 with a message when the file vanished after the existence check, and the server lives on', async () => {
    const server = http.createServer((_req, res) => sendFile(res, join(dir, 'removed-by-a-rebuild.js'), 'text/javascript'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const first = await fetch(`http://127.0.0.1:${port}/`);
      expect(first.status).toBe(404);
      expect(((await first.json()) as any).message).toMatch(/removed-by-a-rebuild\.js is not readable \(ENOENT\)/);
      writeFileSync(join(dir, 'removed-by-a-rebuild.js'), 'ok');
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    } finally {
      server.close();
    }
  });
});
