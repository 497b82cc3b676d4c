import { SIGNALS } from '../signals/signals';
import { print } from '../promql';
import { DEFAULT, POD_NAME } from '../../testing/fixtures';
import { ruleContext, variableContext } from '../context';
import {
  computedPromptTokensPerSecond,
  errorRatio,
  gaugeBy,
  histogramMean,
  latencyDistribution,
  latencyQuantile,
  latencyQuantileByRole,
  observedLatencyQuantile,
  perSecond,
  prefixCacheHitRate,
} from '../serving';

const page = variableContext(DEFAULT, ['model', 'namespace']);
const rules = ruleContext(DEFAULT);
const F = 'model_name=~"$model",namespace=~"$namespace"';

describe('serving queries', () => {
  it('takes a quantile of buckets summed by le, following the legacy ITL name', () => {
    expect(print(latencyQuantile({ ...page, recorded: false }, SIGNALS.itl, 0.99))).toBe(
      `histogram_quantile(0.99, sum by(le) ((rate(vllm:inter_token_latency_seconds_bucket{${F}}[$__rate_interval])) or (rate(vllm:time_per_output_token_seconds_bucket{${F}}[$__rate_interval]))))`
    );
  });

  it('reads the fleet-wide quantile from its record in recorded mode, every filter left to the gate', () => {
    const G = `${F},llmd_recorded=~"$recorded"`;
    expect(print(latencyQuantile(page, SIGNALS.itl, 0.99))).toBe(
      `(sum(fleet:vllm_inter_token_latency_seconds:p99_rate5m{llmd_recorded!~"$recorded"})) or (histogram_quantile(0.99, sum by(le) ((rate(vllm:inter_token_latency_seconds_bucket{${G}}[$__rate_interval])) or (rate(vllm:time_per_output_token_seconds_bucket{${G}}[$__rate_interval])))))`
    );
  });

  it('sums every bucket rate per le for the heatmap, from its record where recorded', () => {
    expect(print(latencyDistribution({ ...page, recorded: false }, SIGNALS.ttft))).toBe(
      `sum by(le) (rate(vllm:time_to_first_token_seconds_bucket{${F}}[$__rate_interval]))`
    );
    expect(print(latencyDistribution(page, SIGNALS.ttft))).toBe(
      '(sum by(le) (fleet_le:vllm_time_to_first_token_seconds_bucket:rate5m{llmd_recorded!~"$recorded"})) or ' +
        `(sum by(le) (rate(vllm:time_to_first_token_seconds_bucket{${F},llmd_recorded=~"$recorded"}[$__rate_interval])))`
    );
  });

  it('drops the NaN an idle window gives, so a stat panel shows its no-data text rather than "NaN"', () => {
    expect(print(observedLatencyQuantile({ ...page, recorded: false }, SIGNALS.ttft, 0.99))).toBe(
      `(histogram_quantile(0.99, sum by(le) (rate(vllm:time_to_first_token_seconds_bucket{${F}}[$__rate_interval])))) >= (0)`
    );
    // Recorded mode: the fleet quantile's record, with the same guard on either side.
    expect(print(observedLatencyQuantile(page, SIGNALS.ttft, 0.99))).toBe(
      '((sum(fleet:vllm_time_to_first_token_seconds:p99_rate5m{llmd_recorded!~"$recorded"})) >= (0)) or ' +
        `((histogram_quantile(0.99, sum by(le) (rate(vllm:time_to_first_token_seconds_bucket{${F},llmd_recorded=~"$recorded"}[$__rate_interval])))) >= (0))`
    );
  });

  it('projects the role before summing by le and role', () => {
    expect(print(latencyQuantileByRole(rules, SIGNALS.ttft, 0.5))).toBe(
      'histogram_quantile(0.5, sum by(le, role) (label_replace(label_replace(rate(vllm:time_to_first_token_seconds_bucket[5m]), "role", "prefill", "llm_d_ai_role", "prefill"), "role", "decode", "llm_d_ai_role", "decode")))'
    );
  });

  it('derives the role from pod names when configured so', () => {
    const ctx = ruleContext(POD_NAME);
    expect(print(latencyQuantileByRole(ctx, SIGNALS.ttft, 0.5))).toContain('"role", "prefill", "pod", ".*-prefill-.*"');
  });

  it('computes a histogram mean as rate(sum) / rate(count) with a guard', () => {
    expect(print(histogramMean(rules, SIGNALS.nixlXferTime))).toBe(
      '(sum(rate(vllm:nixl_xfer_time_seconds_sum[5m]))) / ((sum(rate(vllm:nixl_xfer_time_seconds_count[5m]))) > (0))'
    );
  });

  it('counts only locally computed prompt tokens as compute', () => {
    expect(print(computedPromptTokensPerSecond(rules, ['model_name']))).toBe(
      'sum by(model_name) (rate(vllm:prompt_tokens_by_source_total{source="local_compute"}[5m]))'
    );
  });

  it('rates a counter', () => {
    expect(print(perSecond(page, SIGNALS.generationTokens))).toBe(
      `sum(rate(vllm:generation_tokens_total{${F}}[$__rate_interval]))`
    );
  });

  it('divides failed by all finished requests over the window', () => {
    expect(print(errorRatio(rules))).toBe(
      '(sum(rate(vllm:request_success_total{finished_reason=~"abort|error"}[5m]))) / ((sum(rate(vllm:request_success_total[5m]))) > (0))'
    );
  });

  it('follows the renamed KV cache gauge', () => {
    expect(print(gaugeBy(rules, SIGNALS.kvCacheUsage, 'max', ['pod']))).toBe(
      'max by(pod) ((vllm:kv_cache_usage_perc) or (vllm:gpu_cache_usage_perc))'
    );
  });

  it('computes the prefix cache hit rate from windowed rates, on both names', () => {
    const q = print(prefixCacheHitRate(rules));
    expect(q).toBe(
      '(sum((rate(vllm:prefix_cache_hits_total[5m])) or (rate(vllm:gpu_prefix_cache_hits_total[5m])))) / ((sum((rate(vllm:prefix_cache_queries_total[5m])) or (rate(vllm:gpu_prefix_cache_queries_total[5m])))) > (0))'
    );
  });
});
