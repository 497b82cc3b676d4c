/**
 * The test stack itself: Prometheus discovers every simulated target through http_sd, relabels it the way a
 * PodMonitor would, and scrapes it; the simulator's ground truth is reachable. Every other integration test
 * stands on this.
 */
import { Stack, startStack } from './stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ scenario: 'steady-pd' });
  await stack.waitForRange(25);
});

afterAll(() => stack?.stop());

describe('test stack (real Prometheus scraping the simulator)', () => {
  it('every discovered target is up, per job', async () => {
    const truth = await stack.truth();
    const up = await stack.query('up');
    const expected = (truth.targets as Array<{ job: string; pod: string; up: boolean }>).filter((t) => t.up);
    expect(up.length).toBeGreaterThanOrEqual(expected.length);
    expect(up.filter((s) => s.value !== 1)).toEqual([]);
    expect(new Set(up.map((s) => s.metric.job))).toEqual(new Set(['vllm', 'dcgm-exporter', 'llm-d-epp']));
  });

  it('vLLM series carry pod, namespace and the llm-d role label, as a PodMonitor would attach them', async () => {
    const series = await stack.query('count by (namespace, pod, llm_d_ai_role) (vllm:num_requests_running)');
    expect(series.length).toBeGreaterThanOrEqual(4);
    for (const s of series) {
      expect(s.metric.namespace).toBeTruthy();
      expect(s.metric.pod).toBeTruthy();
      expect(['prefill', 'decode']).toContain(s.metric.llm_d_ai_role);
    }
  });

  it('dcgm-exporter series keep the GPU-to-pod mapping as exported_pod', async () => {
    const series = await stack.query('count by (exported_pod) (DCGM_FI_DEV_GPU_UTIL)');
    expect(series.filter((s) => s.metric.exported_pod).length).toBeGreaterThan(0);
  });

  it('prompt tokens by source add up to prompt tokens, through Prometheus', async () => {
    const [bySource] = await stack.query('sum(rate(vllm:prompt_tokens_by_source_total[20s]))');
    const [total] = await stack.query('sum(rate(vllm:prompt_tokens_total[20s]))');
    expect(total.value).toBeGreaterThan(0);
    expect(Math.abs(bySource.value - total.value) / total.value).toBeLessThan(0.01);
  });
});
