import { SIGNALS } from '../signals/signals';
import { print } from '../promql';
import { DEFAULT, POD_NAME } from '../../testing/fixtures';
import { interpolate, promqlSyntaxErrors } from '../../testing/promqlGrammar';
import { ruleContext, variableContext } from '../context';
import * as pd from '../pd';

const rules = ruleContext(DEFAULT);

/** The llm-d role projection (tested on its own in serving.test.ts), spelled out once. */
const R = (inner: string) =>
  `label_replace(label_replace(${inner}, "role", "prefill", "llm_d_ai_role", "prefill"), "role", "decode", "llm_d_ai_role", "decode")`;
const byRole = (inner: string, extra = '') => `sum by(role${extra}) (${R(inner)})`;
const guard = (num: string, den: string) => `(${num}) / ((${den}) > (0))`;
const BY_SOURCE = 'vllm:prompt_tokens_by_source_total';
const BATCHES =
  '(label_replace(rate(vllm:batch_executions_prefill_total[5m]), "batch", "prefill", "", "")) or ((label_replace(rate(vllm:batch_executions_decode_total[5m]), "batch", "decode", "", "")) or (label_replace(rate(vllm:batch_executions_interleaved_total[5m]), "batch", "interleaved", "", "")))';
const mean = (h: string) => guard(byRole(`rate(${h}_sum[5m])`), byRole(`rate(${h}_count[5m])`));
const TRANSFER = guard(byRole('rate(vllm:nixl_xfer_time_seconds_sum[5m])'), byRole('rate(vllm:time_to_first_token_seconds_count[5m])'));
const TOKENS =
  '(sum(rate(vllm:prompt_tokens_by_source_total{source="external_kv_transfer"}[5m]))) or (sum(rate(vllm:nixl_tokens_transferred_total[5m])))';

describe('P/D queries: prompt tokens', () => {
  it('sums prompt tokens by role and source', () => {
    expect(print(pd.promptTokensBySourceByRole(rules))).toBe(byRole(`rate(${BY_SOURCE}[5m])`, ', source'));
  });

  it('takes a source share from windowed rates, guarded', () => {
    expect(print(pd.promptSourceShareByRole(rules, 'local_cache_hit'))).toBe(
      guard(byRole(`rate(${BY_SOURCE}{source="local_cache_hit"}[5m])`), byRole(`rate(${BY_SOURCE}[5m])`))
    );
  });

  it('narrows the KV-transfer share to decode pods through the role mapping', () => {
    expect(print(pd.decodeKvTransferShare(rules))).toBe(
      guard(
        byRole(`rate(${BY_SOURCE}{llm_d_ai_role=~"decode",source="external_kv_transfer"}[5m])`),
        byRole(`rate(${BY_SOURCE}{llm_d_ai_role=~"decode"}[5m])`)
      )
    );
  });

  it('divides decode local compute by decode requests, per pod and decode-wide', () => {
    expect(print(pd.decodeRecomputePerRequest(rules))).toBe(
      guard(
        `sum by(pod) (rate(${BY_SOURCE}{llm_d_ai_role=~"decode",source="local_compute"}[5m]))`,
        'sum by(pod) (rate(vllm:request_success_total{llm_d_ai_role=~"decode"}[5m]))'
      )
    );
    expect(print(pd.decodeRecomputePerRequest(rules, []))).toBe(
      guard(
        `sum(rate(${BY_SOURCE}{llm_d_ai_role=~"decode",source="local_compute"}[5m]))`,
        'sum(rate(vllm:request_success_total{llm_d_ai_role=~"decode"}[5m]))'
      )
    );
  });

  it('measures the excess over the one token decode recomputes per transferred request, and draws that baseline', () => {
    const perRequest = guard(
      `sum(rate(${BY_SOURCE}{llm_d_ai_role=~"decode",source="local_compute"}[5m]))`,
      'sum(rate(vllm:request_success_total{llm_d_ai_role=~"decode"}[5m]))'
    );
    expect(print(pd.decodeRecomputeExcess(rules, []))).toBe(`clamp_min((${perRequest}) - (1), 0)`);
    expect(print(pd.decodeComputedBaseline(rules))).toBe(
      `(vector(1)) and on() (count(rate(${BY_SOURCE}{llm_d_ai_role=~"decode",source="local_compute"}[5m])))`
    );
    expect(pd.DECODE_COMPUTED_BASELINE).toBe(1);
  });

  it('expects decode to interleave once per admitted request: finished requests over decode steps', () => {
    const step = (kind: string) =>
      `label_replace(rate(vllm:batch_executions_${kind}_total{llm_d_ai_role=~"decode"}[5m]), "batch", "${kind}", "", "")`;
    expect(print(pd.decodeInterleavedBaseline(rules))).toBe(
      guard(
        'sum(rate(vllm:request_success_total{llm_d_ai_role=~"decode"}[5m]))',
        `sum((${step('prefill')}) or ((${step('decode')}) or (${step('interleaved')})))`
      )
    );
  });

  it('finds decode pods by name when the role lives in the pod name, keeping the pod filter', () => {
    const q = print(pd.decodeRecomputePerRequest(variableContext(POD_NAME, ['pod'])));
    // The raw side of the gated pair (recorded mode) carries the gate between the page's filter and the role's.
    expect(q).toContain(`${BY_SOURCE}{pod=~"$pod",llmd_recorded=~"$recorded",pod=~".*-decode-.*",source="local_compute"}`);
  });

  it('counts only local compute as true prefill, every prompt token as naive', () => {
    expect(print(pd.truePrefillThroughputByRole(rules))).toBe(byRole(`rate(${BY_SOURCE}{source="local_compute"}[5m])`));
    expect(print(pd.naivePromptThroughputByRole(rules))).toBe(byRole('rate(vllm:prompt_tokens_total[5m])'));
  });
});

describe('P/D queries: KV transfer', () => {
  it('prefers the upstream transferred prompt tokens and falls back to the proposed tokens counter', () => {
    expect(print(pd.kvTokensPerSecond(rules))).toBe(TOKENS);
  });

  it('reads bytes from the histogram sum and divides them by tokens', () => {
    expect(print(pd.kvBytesPerSecond(rules))).toBe('sum(rate(vllm:nixl_bytes_transferred_sum[5m]))');
    expect(print(pd.kvBytesPerToken(rules))).toBe(guard('sum(rate(vllm:nixl_bytes_transferred_sum[5m]))', TOKENS));
  });

  it('counts transfers and computes bandwidth as bytes over transfer time', () => {
    expect(print(pd.nixlTransfersPerSecond(rules))).toBe('sum(rate(vllm:nixl_xfer_time_seconds_count[5m]))');
    expect(print(pd.nixlBandwidth(rules))).toBe(
      guard('sum(rate(vllm:nixl_bytes_transferred_sum[5m]))', 'sum(rate(vllm:nixl_xfer_time_seconds_sum[5m]))')
    );
  });

  it('rates histogram buckets by le for the distributions, and failure counters', () => {
    expect(print(pd.nixlBucketRates(rules, SIGNALS.nixlDescriptors))).toBe(
      'sum by(le) (rate(vllm:nixl_num_descriptors_bucket[5m]))'
    );
    expect(print(pd.nixlEventsPerSecond(rules, SIGNALS.nixlExpiredRequests))).toBe(
      'sum(rate(vllm:nixl_num_kv_expired_reqs_total[5m]))'
    );
  });
});

describe('P/D queries: caches and batches', () => {
  it('computes local hit rates per role on the current and pre-0.10 names', () => {
    expect(print(pd.localPrefixCacheHitRateByRole(rules))).toBe(
      guard(
        byRole('(rate(vllm:prefix_cache_hits_total[5m])) or (rate(vllm:gpu_prefix_cache_hits_total[5m]))'),
        byRole('(rate(vllm:prefix_cache_queries_total[5m])) or (rate(vllm:gpu_prefix_cache_queries_total[5m]))')
      )
    );
  });

  it('computes the connector hit rate per role', () => {
    expect(print(pd.externalPrefixCacheHitRateByRole(rules))).toBe(
      guard(
        byRole('rate(vllm:external_prefix_cache_hits_total[5m])'),
        byRole('rate(vllm:external_prefix_cache_queries_total[5m])')
      )
    );
  });

  it('labels each batch kind and divides by the role total with group_left', () => {
    expect(print(pd.batchSharesByRole(rules))).toBe(
      `(${byRole(BATCHES, ', batch')}) / on(role) group_left() ((${byRole(BATCHES)}) > (0))`
    );
  });

  it('divides interleaved steps by all steps per role', () => {
    expect(print(pd.interleavedShareByRole(rules))).toBe(
      guard(byRole('rate(vllm:batch_executions_interleaved_total[5m])'), byRole(BATCHES))
    );
  });
});

describe('P/D queries: queues, TTFT, router', () => {
  it('sums waiting requests by role and reason', () => {
    expect(print(pd.waitingByReasonByRole(rules))).toBe(byRole('vllm:num_requests_waiting_by_reason', ', reason'));
  });

  it('takes stage means as rate(sum) / rate(count) per role', () => {
    expect(print(pd.ttftStageMeanByRole(rules, 'queue'))).toBe(mean('vllm:request_queue_time_seconds'));
    expect(print(pd.ttftStageMeanByRole(rules, 'prefill'))).toBe(mean('vllm:request_prefill_time_seconds'));
    expect(print(pd.ttftTransferByRole(rules))).toBe(TRANSFER);
  });

  it('subtracts the stages from mean TTFT, and zero transfer where NIXL is absent', () => {
    const ttft = mean('vllm:time_to_first_token_seconds');
    expect(print(pd.ttftRemainderByRole(rules))).toBe(
      `(((${ttft}) - (${mean('vllm:request_queue_time_seconds')})) - (${mean('vllm:request_prefill_time_seconds')})) - ((${TRANSFER}) or ((0) * (${ttft})))`
    );
  });

  it('sums router decisions per name before following older names', () => {
    expect(print(pd.pdDecisionsPerSecond(rules))).toBe(
      '(sum by(decision_type) (rate(llm_d_epp_disagg_decision_total[5m]))) or ((sum by(decision_type) (rate(llm_d_inference_scheduler_disagg_decision_total[5m]))) or ((sum by(decision_type) (rate(llm_d_epp_pd_decision_total[5m]))) or (sum by(decision_type) (rate(llm_d_inference_scheduler_pd_decision_total[5m])))))'
    );
  });

  it('filters the router by model only', () => {
    const q = print(pd.pdDecisionsPerSecond(variableContext(DEFAULT, ['model', 'namespace', 'pod'])));
    expect(q).toContain('llm_d_epp_disagg_decision_total{model_name=~"$model"}[$__rate_interval]');
    expect(q).not.toContain('$pod');
  });

  it('divides in-flight requests per prefill engine by those per decode engine', () => {
    expect(print(pd.prefillDecodeLoadRatio(rules))).toBe(
      guard(
        'avg((vllm:num_requests_running{llm_d_ai_role=~"prefill"}) + (vllm:num_requests_waiting{llm_d_ai_role=~"prefill"}))',
        'avg((vllm:num_requests_running{llm_d_ai_role=~"decode"}) + (vllm:num_requests_waiting{llm_d_ai_role=~"decode"}))'
      )
    );
  });
});

describe('P/D queries parse', () => {
  const page = variableContext(DEFAULT, ['model', 'namespace', 'role', 'pod', 'engine']);
  const all = [
    pd.promptTokensBySourceByRole,
    pd.decodeKvTransferShare,
    (c: typeof page) => pd.decodeRecomputePerRequest(c),
    pd.truePrefillThroughputByRole,
    pd.naivePromptThroughputByRole,
    pd.kvTokensPerSecond,
    pd.kvBytesPerToken,
    pd.nixlBandwidth,
    pd.localPrefixCacheHitRateByRole,
    pd.batchSharesByRole,
    pd.interleavedShareByRole,
    pd.waitingByReasonByRole,
    pd.ttftRemainderByRole,
    pd.pdDecisionsPerSecond,
    pd.prefillDecodeLoadRatio,
  ];
  it.each(all.map((f, i) => [i, f] as const))('builder %i', (_i, f) => {
    const text = interpolate(print(f(page)));
    expect(promqlSyntaxErrors(text)).toEqual([]);
  });
});
