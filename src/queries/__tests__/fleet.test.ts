/** Exact PromQL of the Overview, GPUs and Scrape health builders. */
import { print } from '../promql';
import { SIGNALS } from '../signals/signals';
import { ruleContext } from '../context';
import { findPreset } from '../../settings/rolePresets';
import { acrossGpus, framebufferUsedShare, gpuCounterRate, gpuWithRole, perGpu } from '../gpu';
import { infinibandBytes, nodeCpuBusy, nodeMemoryUsed } from '../nodes';
import { enginesPerModel, specAcceptanceRate, sloLine, ttftQuantilePerModel, unreachableTargets } from '../overview';
import {
  catalogNames,
  downTargets,
  expertDebugSeries,
  secondsSinceLastScrape,
  seriesPerName,
  targetsByJobAndRole,
} from '../scrapeHealth';

const role = findPreset('llm-d-label')!.mapping;
const ctx = ruleContext(role, '5m');
const normalized = (inner: string) =>
  `label_replace(label_replace(label_replace(label_replace(${inner}, "pod", "$1", "exported_pod", "(.+)"), "namespace", "$1", "exported_namespace", "(.+)"), "host", "$1", "Hostname", "(.+)"), "host", "$1", "hostname", "(.+)")`;
const onNodes = (m: string) => `(${m}{Hostname=~"$hostname"}) or (${m}{hostname=~"$hostname"})`;

describe('GPU builders', () => {
  it('matches the node filter under both host label spellings and normalizes pod, namespace and host', () => {
    expect(print(perGpu(SIGNALS.gpuPower))).toBe(
      `avg by(host, gpu, pod) (${normalized(onNodes('DCGM_FI_DEV_POWER_USAGE'))})`
    );
  });

  it('aggregates every GPU without a node filter for pages that have none', () => {
    expect(print(acrossGpus(SIGNALS.gpuUtil, 'avg'))).toBe(`avg(${normalized('DCGM_FI_DEV_GPU_UTIL')})`);
  });

  it('rates dcgm counters per GPU', () => {
    expect(print(gpuCounterRate(SIGNALS.gpuNvlinkBandwidth, '5m'))).toBe(
      'sum by(host, gpu) (label_replace(label_replace((rate(DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL{Hostname=~"$hostname"}[5m])) or (rate(DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL{hostname=~"$hostname"}[5m])), "host", "$1", "Hostname", "(.+)"), "host", "$1", "hostname", "(.+)"))'
    );
  });

  it('divides used framebuffer by used plus free, guarding the denominator-free sum', () => {
    const used = `sum by(host, gpu) (${normalized('DCGM_FI_DEV_FB_USED')})`;
    const free = `sum by(host, gpu) (${normalized('DCGM_FI_DEV_FB_FREE')})`;
    expect(print(framebufferUsedShare())).toBe(`(${used}) / ((${used}) + (${free}))`);
  });

  it('joins each GPU to the role of its pod and keeps GPUs without one', () => {
    const gpu = `max by(host, gpu, pod, namespace, modelName) (${normalized(onNodes('DCGM_FI_DEV_GPU_UTIL'))})`;
    const roles =
      'group by(namespace, pod, role) (label_replace(label_replace(vllm:num_requests_running, "role", "prefill", "llm_d_ai_role", "prefill"), "role", "decode", "llm_d_ai_role", "decode"))';
    expect(print(gpuWithRole(ctx, SIGNALS.gpuUtil))).toBe(
      `((${gpu}) * on(namespace, pod) group_left(role) (${roles})) or on(host, gpu) (${gpu})`
    );
  });
});

describe('node builders', () => {
  it('reads CPU busy as one minus the idle share', () => {
    expect(print(nodeCpuBusy('5m'))).toBe('(1) - (avg by(instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])))');
  });
  it('reads memory used as one minus available over total', () => {
    expect(print(nodeMemoryUsed())).toBe(
      '(1) - ((sum by(instance) (node_memory_MemAvailable_bytes)) / ((sum by(instance) (node_memory_MemTotal_bytes)) > (0)))'
    );
  });
  it('rates InfiniBand bytes per port', () => {
    expect(print(infinibandBytes(SIGNALS.nodeIbRx, '5m'))).toBe(
      'sum by(instance, device, port) (rate(node_infiniband_port_data_received_bytes_total[5m]))'
    );
  });
});

describe('overview builders', () => {
  it('draws an SLO as a flat vector of its variable while the latency histogram has series', () => {
    expect(print(sloLine('slo_ttft', ctx, SIGNALS.ttft))).toBe(
      '(vector($slo_ttft)) and on() (count(rate(vllm:time_to_first_token_seconds_count[5m])))'
    );
  });
  it('counts unreachable targets and reads 0 when none are', () => {
    expect(print(unreachableTargets())).toBe('(count((up) == (0))) or (vector(0))');
  });
  it('divides accepted by draft tokens over the window', () => {
    expect(print(specAcceptanceRate(ctx, ['model_name']))).toBe(
      '(sum by(model_name) (rate(vllm:spec_decode_num_accepted_tokens_total[5m]))) / ((sum by(model_name) (rate(vllm:spec_decode_num_draft_tokens_total[5m]))) > (0))'
    );
  });
  it('summarizes per model', () => {
    expect(print(enginesPerModel(ctx))).toBe('count by(model_name) (vllm:num_requests_running)');
    expect(print(ttftQuantilePerModel(ctx, 0.99))).toBe(
      'histogram_quantile(0.99, sum by(le, model_name) (rate(vllm:time_to_first_token_seconds_bucket[5m])))'
    );
  });
});

describe('scrape health builders', () => {
  it('escapes regex metacharacters so names match exactly', () => {
    expect(print(seriesPerName(['vllm:a.b', 'x+y']))).toContain('__name__=~"vllm:a\\\\.b|x\\\\+y"');
  });
  it('counts series per name into a metric label', () => {
    expect(print(seriesPerName(['vllm:a', 'DCGM_X']))).toBe(
      'label_replace(count by(__name__) ({__name__=~"vllm:a|DCGM_X"}), "metric", "$1", "__name__", "(.+)")'
    );
  });
  it('lists every catalog name once, histograms by their _count', () => {
    const names = catalogNames();
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('vllm:time_to_first_token_seconds_count');
    expect(names).toContain('vllm:gpu_cache_usage_perc');
    expect(names).not.toContain('vllm:time_to_first_token_seconds');
  });
  it('counts targets per job and role', () => {
    expect(print(targetsByJobAndRole(role, 'count'))).toBe(
      'count by(job, role) (label_replace(label_replace(up, "role", "prefill", "llm_d_ai_role", "prefill"), "role", "decode", "llm_d_ai_role", "decode"))'
    );
  });
  it('lists down targets and the age of the last good scrape', () => {
    expect(print(downTargets())).toBe('(up) == (0)');
    expect(print(secondsSinceLastScrape('15m', '15s'))).toBe(
      '(time()) - (max by(job, instance) (max_over_time((timestamp((up) == (1)))[15m:15s])))'
    );
  });
  it('counts the per-expert DEBUG series', () => {
    expect(print(expertDebugSeries(['pod']))).toBe('count by(pod) (vllm:expert_load_per_expert_tokens_DEBUG)');
  });
});
