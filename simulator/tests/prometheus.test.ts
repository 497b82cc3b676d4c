/**
 * Optional end-to-end check with a real Prometheus (Debian's /usr/bin/prometheus): every target comes up
 * through http_sd and relabeling, and ratios of rate()s equal /truth within 1 %, in the default profile and in
 * the `vllm` and `sglang` profiles. Skipped without the binary.
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

/** A simulator with these flags, scraped every second by a real Prometheus for the tests of one describe block. */
function withPrometheus(args: string[]) {
  const ctx = {} as {
    server: SimulatorServer;
    sim: Simulation;
    prometheus: ChildProcess;
    dir: string;
    promUrl: string;
    query: (expr: string) => Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
    waitUntilUp: () => Promise<number>;
  };
  ctx.query = async (expr: string) => {
    const res = await fetch(`${ctx.promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    return body.data.result;
  };
  ctx.waitUntilUp = async () => {
    const expectedTargets = ctx.sim.pods.length + ctx.sim.topology.nodes.length + 1;
    let up: unknown[] = [];
    for (let i = 0; i < 60 && up.length < expectedTargets; i++) {
      await sleep(500);
      up = await ctx.query('up == 1').catch(() => []);
    }
    expect(up).toHaveLength(expectedTargets);
    return expectedTargets;
  };
  beforeAll(async () => {
    ctx.sim = new Simulation(parseOptions(['--load-wave', '0', ...args]));
    ctx.server = await startServer(ctx.sim, '127.0.0.1', 0);
    ctx.dir = mkdtempSync(join(tmpdir(), 'sim-prom-'));
    const port = await freePort();
    ctx.promUrl = `http://127.0.0.1:${port}`;
    const config = prometheusConfig({ simulator: new URL(ctx.server.url).host, scrapeInterval: '1s', evaluationInterval: '1s', ruleFiles: [] });
    writeFileSync(join(ctx.dir, 'prometheus.yml'), stringify(config));
    ctx.prometheus = spawn(PROMETHEUS, [
      `--config.file=${join(ctx.dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(ctx.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ], { stdio: 'ignore' });
  }, 30_000);
  afterAll(async () => {
    const prometheus = ctx.prometheus;
    prometheus?.kill('SIGTERM');
    await new Promise((r) => (prometheus?.exitCode !== null ? r(null) : prometheus.once('exit', r)));
    await ctx.server?.close();
    rmSync(ctx.dir, { recursive: true, force: true });
  });
  return ctx;
}

const MODEL = 'deepseek-ai/DeepSeek-V3';
const within1pc = (actual: number, expected: number) => expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(0.01);

maybe('with a real Prometheus, profile vllm: decode computes one prompt token per transferred request', () => {
  const ctx = withPrometheus(['--profile', 'vllm', '--scenario', 'steady-pd']);

  it('reads local compute per decode request as the 1-token baseline, with no proposed family scraped', async () => {
    await ctx.waitUntilUp();
    await sleep(8000);
    const perRequest = await ctx.query(
      'sum(rate(vllm:prompt_tokens_by_source_total{source="local_compute",llm_d_ai_role="decode"}[6s]))' +
        ' / sum(rate(vllm:request_success_total{llm_d_ai_role="decode"}[6s]))'
    );
    const t = (truth(ctx.sim).models[MODEL] as any).roles.decode;
    expect(t.expectedLocalComputeTokensPerDecodeRequest).toBeCloseTo(1, 9);
    within1pc(Number(perRequest[0].value[1]), t.localComputeTokensPerDecodeRequest);
    expect(await ctx.query('{__name__=~"vllm:(eplb|dbo|ubatch|expert|batch_executions|nixl_tokens).*"}')).toEqual([]);
  }, 60_000);
});

maybe('with a real Prometheus, profile sglang', () => {
  const ctx = withPrometheus(['--profile', 'sglang', '--scenario', 'expert-hotspot']);

  it('reads EPLB balancedness from the Summary and the KV transfer latency from the sender histogram', async () => {
    await ctx.waitUntilUp();
    await sleep(8000);
    const t = truth(ctx.sim).models[MODEL] as any;
    const bal = await ctx.query(
      'sum(rate(sglang:eplb_balancedness_sum{forward_mode="decode"}[6s])) / sum(rate(sglang:eplb_balancedness_count{forward_mode="decode"}[6s]))'
    );
    within1pc(Number(bal[0].value[1]), t.eplb.meanBalancedness);
    const latency = await ctx.query('sum(rate(sglang:kv_transfer_latency_ms_sum[6s])) / sum(rate(sglang:kv_transfer_latency_ms_count[6s]))');
    within1pc(Number(latency[0].value[1]), t.nixl.senderLatencyMsMean);
  }, 60_000);
});

maybe('with a real Prometheus', () => {
  const ctx = withPrometheus(['--scenario', 'decode-recompute']);

  it('scrapes every target and reproduces the decode local-compute share', async () => {
    await ctx.waitUntilUp();
    await sleep(8000);
    const result = await ctx.query(
      'sum by (llm_d_ai_role) (rate(vllm:prompt_tokens_by_source_total{source="local_compute",llm_d_ai_role="decode"}[6s]))' +
        ' / sum by (llm_d_ai_role) (rate(vllm:prompt_tokens_total{llm_d_ai_role="decode"}[6s]))'
    );
    expect(result).toHaveLength(1);
    within1pc(Number(result[0].value[1]), (truth(ctx.sim).models[MODEL] as any).roles.decode.sourceShares.local_compute);
    const pods = await ctx.query('count by (pod, namespace, llm_d_ai_role, llm_d_ai_model) (vllm:num_requests_running)');
    expect(pods).toHaveLength(ctx.sim.pods.length);
    expect(pods.every((p) => p.metric.namespace === 'llm-d' && p.metric.llm_d_ai_model === 'deepseek-v3')).toBe(true);
    const gpus = await ctx.query('count by (exported_pod) (DCGM_FI_DEV_GPU_UTIL)');
    expect(gpus).toHaveLength(ctx.sim.pods.length);
  }, 60_000);
});
