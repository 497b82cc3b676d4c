/** The HTTP contract: /sd, per-target /metrics, /truth, /scenario, /healthz, and a pod that stops answering. */
import http from 'node:http';
import { parseOptions } from '../src/options';
import { SimulatorServer, startServer } from '../src/server';
import { Simulation } from '../src/simulation';
import { parseExposition } from './helpers';

let server: SimulatorServer;
let sim: Simulation;

beforeAll(async () => {
  sim = new Simulation(parseOptions(['--load-wave', '0', '--scenario', 'steady-pd']));
  server = await startServer(sim, '127.0.0.1', 0);
});

afterAll(async () => {
  await server.close();
});

const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
const setScenario = (name: string, headers: Record<string, string> = {}) =>
  get('/scenario', { method: 'POST', body: JSON.stringify({ scenario: name }), headers: { 'Content-Type': 'application/json', ...headers } });

/** fetch() fixes the Host header; a rebound page's requests carry its own name, sent here by hand. */
function rawGet(path: string, host: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.get({ hostname, port, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('server', () => {
  it('answers /healthz', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });

  it('serves http_sd JSON with one target per pod, on its own address', async () => {
    const res = await get('/sd?kind=vllm');
    expect(res.headers.get('content-type')).toBe('application/json');
    const groups = (await res.json()) as Array<{ targets: string[]; labels: Record<string, string> }>;
    expect(groups).toHaveLength(4);
    const host = new URL(server.url).host;
    for (const group of groups) {
      expect(group.targets).toEqual([host]);
      expect(group.labels.__metrics_path__).toBe(`/pods/${group.labels.__meta_kubernetes_pod_name}/metrics`);
      expect(group.labels.__meta_kubernetes_pod_name).toMatch(/^deepseek-v3-(prefill|decode)-[a-z0-9]{10}-\d$/);
      expect(group.labels.__meta_kubernetes_pod_label_llm_d_ai_role).toBe(group.labels.__meta_kubernetes_pod_name.includes('-prefill-') ? 'prefill' : 'decode');
      expect(group.labels.__meta_kubernetes_namespace).toBe('llm-d');
      expect(group.labels.__meta_kubernetes_pod_label_llm_d_ai_model).toBe('deepseek-v3');
      expect(group.labels.__meta_kubernetes_pod_container_name).toBe('vllm');
      expect(group.labels.__meta_kubernetes_pod_node_name).toMatch(/^gpu-node-\d+$/);
    }
    const all = (await (await get('/sd')).json()) as unknown[];
    const dcgm = (await (await get('/sd?kind=dcgm')).json()) as Array<{ labels: Record<string, string> }>;
    const epp = (await (await get('/sd?kind=epp')).json()) as Array<{ labels: Record<string, string> }>;
    expect(all).toHaveLength(4 + dcgm.length + epp.length);
    expect(dcgm.map((g) => g.labels.__metrics_path__)).toEqual(['/nodes/gpu-node-0/dcgm/metrics', '/nodes/gpu-node-1/dcgm/metrics']);
    expect(epp[0].labels.__metrics_path__).toBe('/epp/metrics');
    expect((await get('/sd?kind=nope')).status).toBe(400);
  });

  it('writes --sd-host into targets when given', async () => {
    const named = new Simulation(parseOptions(['--sd-host', 'simulator:9400']));
    const other = await startServer(named, '127.0.0.1', 0);
    try {
      const groups = (await (await fetch(`${other.url}/sd?kind=all`)).json()) as Array<{ targets: string[] }>;
      expect(new Set(groups.flatMap((g) => g.targets))).toEqual(new Set(['simulator:9400']));
    } finally {
      await other.close();
    }
  });

  it('serves every target it lists as text exposition', async () => {
    const groups = (await (await get('/sd')).json()) as Array<{ labels: Record<string, string> }>;
    for (const group of groups) {
      const res = await get(group.labels.__metrics_path__);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(parseExposition(await res.text()).samples.length).toBeGreaterThan(10);
    }
    expect((await get('/pods/nope/metrics')).status).toBe(404);
    expect((await get('/nodes/nope/dcgm/metrics')).status).toBe(404);
  });

  it('serves /truth in the documented shape', async () => {
    const t = (await (await get('/truth')).json()) as any;
    expect(t.scenario).toBe('steady-pd');
    expect(t.seed).toBe(1);
    expect(typeof t.time).toBe('number');
    const m = t.models['deepseek-ai/DeepSeek-V3'];
    for (const role of ['prefill', 'decode']) {
      expect(Object.keys(m.roles[role])).toEqual(
        expect.arrayContaining(['promptTokensPerSec', 'sourceShares', 'kvTransferShare', 'prefixCacheHitRate', 'externalPrefixCacheHitRate', 'requestsPerSec', 'generationTokensPerSec', 'batchShares', 'interleavedShare'])
      );
    }
    // Decode only: in steady-pd each transferred prompt computes just its last token, the expected baseline.
    expect(m.roles.decode.localComputeTokensPerDecodeRequest).toBeCloseTo(1, 9);
    expect(m.roles.decode.expectedLocalComputeTokensPerDecodeRequest).toBeCloseTo(1, 9);
    expect(m.roles.prefill.localComputeTokensPerDecodeRequest).toBeUndefined();
    expect(t.profile.name).toBe('proposed');
    expect(Object.keys(m.nixl).sort()).toEqual(
      ['bytesPerSec', 'bytesPerToken', 'expiredRequestsPerSec', 'failedNotificationsPerSec', 'failedTransfersPerSec', 'failureRate', 'meanBandwidthBytesPerSec', 'tokensPerSec', 'transfersPerSec', 'senderTransfersPerSec', 'senderLatencyMsMean'].sort()
    );
    expect(Object.keys(m.eplb.layers)).toHaveLength(8);
    expect(Object.keys(m.eplb)).toEqual(expect.arrayContaining(['minBalancedness', 'meanBalancedness', 'rebalancing', 'rearrangements', 'rearrangementDurationMean']));
    expect(Object.keys(m.dbo.falloutPerSec).sort()).toEqual(['coordination_failure', 'empty_second_ubatch', 'other']);
    expect(Object.keys(m.ranks)).toHaveLength(8);
    expect(Object.keys(m.imbalance)).toEqual(expect.arrayContaining(['maxOverMean', 'cv', 'worstEngine']));
    expect(Array.isArray(m.hotExperts)).toBe(true);
    expect(Object.keys(m.router).sort()).toEqual(['decodeOnlyPerSec', 'prefillDecodePerSec']);
    expect(t.targets.filter((x: any) => x.job === 'vllm')).toHaveLength(4);
  });

  it('shows the scenario and switches it by a JSON POST, rejecting unknown names', async () => {
    const listed = (await (await get('/scenario')).json()) as any;
    expect(listed.scenario).toBe('steady-pd');
    expect(listed.scenarios.map((s: any) => s.name)).toContain('expert-hotspot');
    expect(((await (await setScenario('kv-pressure')).json()) as any).scenario).toBe('kv-pressure');
    const bad = await setScenario('nope');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error).toMatch(/unknown scenario "nope"/);
    expect((await get('/scenario', { method: 'POST', body: 'x', headers: { 'Content-Type': 'application/json' } })).status).toBe(400);
    expect(((await (await get('/truth')).json()) as any).scenario).toBe('kv-pressure');
  });

  describe('what a web page can send', () => {
    const current = async () => ((await (await get('/scenario')).json()) as any).scenario;

    it('cannot switch the scenario with a GET (an <img> or a link)', async () => {
      const before = await current();
      const res = await get('/scenario?set=pod-down');
      expect(res.status).toBe(405);
      expect(((await res.json()) as any).error).toMatch(/POST with Content-Type: application\/json/);
      expect(await current()).toBe(before);
    });

    it('cannot switch it with a cross-site form (text/plain or urlencoded POST)', async () => {
      const before = await current();
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const res = await get('/scenario', { method: 'POST', body: '{"scenario":"pod-down"}', headers: { 'Content-Type': type } });
        expect(res.status).toBe(415);
      }
      expect(await current()).toBe(before);
    });

    it('refuses another site\'s Origin and a DNS name in Host (rebinding), on reads too', async () => {
      const before = await current();
      const cross = await setScenario('pod-down', { Origin: 'http://evil.example' });
      expect(cross.status).toBe(403);
      expect(((await cross.json()) as any).error).toMatch(/evil\.example/);
      expect((await setScenario('pod-down', { Origin: 'null' })).status).toBe(403);
      expect(await current()).toBe(before);
      const rebound = await rawGet('/truth', 'attacker.example:9400');
      expect(rebound.status).toBe(403);
      expect(rebound.body).toMatch(/not this machine/);
      expect((await rawGet('/healthz', 'simulator:9400')).status).toBe(200);
      expect((await rawGet('/healthz', 'localhost:9400')).status).toBe(200);
      const own = new URL(server.url).host;
      expect((await setScenario(before, { Origin: `http://${own}` })).status).toBe(200);
    });

    it('refuses a body over the limit without reading it all', async () => {
      const res = await get('/scenario', { method: 'POST', body: JSON.stringify({ scenario: 'x'.repeat(10_000) }), headers: { 'Content-Type': 'application/json' } });
      expect(res.status).toBe(413);
      expect(((await res.json()) as any).error).toMatch(/at most 4096/);
    });
  });

  it('holds the scrape of a down pod instead of answering', async () => {
    await setScenario('pod-down');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 700);
    await expect(get(`/pods/${sim.downPodName}/metrics`, { signal: controller.signal })).rejects.toThrow();
    clearTimeout(timer);
    const other = sim.pods.find((p) => p.name !== sim.downPodName)!;
    expect((await get(`/pods/${other.name}/metrics`)).status).toBe(200);
    await setScenario('steady-pd');
    expect((await get(`/pods/${sim.downPodName}/metrics`)).status).toBe(200);
  });
});
