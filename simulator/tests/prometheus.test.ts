/**
 * Optional end-to-end check with a real Prometheus (Debian's /usr/bin/prometheus): every target comes up
 * through http_sd and relabeling, and a ratio of rate()s equals /truth within 1 %. Skipped without the binary.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseOptions } from '../src/options';
import { prometheusConfig } from '../src/promConfig';
import { SimulatorServer, startServer } from '../src/server';
import { Simulation } from '../src/simulation';
import { truth } from '../src/truth';

const PROMETHEUS = '/usr/bin/prometheus';
const available = existsSync(PROMETHEUS);
const maybe = available ? describe : describe.skip;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

maybe('with a real Prometheus', () => {
  let server: SimulatorServer;
  let sim: Simulation;
  let prometheus: ChildProcess;
  let dir: string;
  let promUrl: string;

  const query = async (expr: string) => {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    return body.data.result;
  };

  beforeAll(async () => {
    sim = new Simulation(parseOptions(['--load-wave', '0', '--scenario', 'decode-recompute']));
    server = await startServer(sim, '127.0.0.1', 0);
    dir = mkdtempSync(join(tmpdir(), 'sim-prom-'));
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    const config = prometheusConfig({ simulator: new URL(server.url).host, scrapeInterval: '1s', evaluationInterval: '1s', ruleFiles: [] });
    writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
    prometheus = spawn(PROMETHEUS, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ], { stdio: 'ignore' });
  }, 30_000);

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    await new Promise((r) => (prometheus?.exitCode !== null ? r(null) : prometheus.once('exit', r)));
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scrapes every target and reproduces the decode local-compute share', async () => {
    const expectedTargets = sim.pods.length + sim.topology.nodes.length + 1;
    let up: unknown[] = [];
    for (let i = 0; i < 60 && up.length < expectedTargets; i++) {
      await sleep(500);
      up = await query('up == 1').catch(() => []);
    }
    expect(up).toHaveLength(expectedTargets);
    await sleep(8000);
    const result = await query(
      'sum by (llm_d_ai_role) (rate(vllm:prompt_tokens_by_source_total{source="local_compute",llm_d_ai_role="decode"}[6s]))' +
        ' / sum by (llm_d_ai_role) (rate(vllm:prompt_tokens_total{llm_d_ai_role="decode"}[6s]))'
    );
    expect(result).toHaveLength(1);
    const expected = (truth(sim).models['deepseek-ai/DeepSeek-V3'] as any).roles.decode.sourceShares.local_compute;
    expect(Math.abs(Number(result[0].value[1]) - expected) / expected).toBeLessThan(0.01);
    const pods = await query('count by (pod, namespace, llm_d_ai_role, llm_d_ai_model) (vllm:num_requests_running)');
    expect(pods).toHaveLength(sim.pods.length);
    expect(pods.every((p) => p.metric.namespace === 'llm-d' && p.metric.llm_d_ai_model === 'deepseek-v3')).toBe(true);
    const gpus = await query('count by (exported_pod) (DCGM_FI_DEV_GPU_UTIL)');
    expect(gpus).toHaveLength(sim.pods.length);
  }, 60_000);
});
