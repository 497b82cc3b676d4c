import { DEFAULT, POD_NAME } from '../../testing/fixtures';
import { Expr, print } from '../promql';
import { interpolate, promqlSyntaxErrors } from '../../testing/promqlGrammar';
import { ruleContext, variableContext } from '../context';
import * as w from '../wideep';

const rules = ruleContext(DEFAULT);

/** The llm-d role projection, spelled out once. */
const R = (inner: string) =>
  `label_replace(label_replace(${inner}, "role", "prefill", "llm_d_ai_role", "prefill"), "role", "decode", "llm_d_ai_role", "decode")`;
const guard = (num: string, den: string) => `(${num}) / ((${den}) > (0))`;
/** The reduction by the role-carrying label that runs before the role projection. */
const P = (op: string, inner: string, by = '') => `${op} by(model_name, llm_d_ai_role${by}) (${inner})`;
const BAL = 'vllm:eplb_balancedness_ratio';
const BAL_LAYER = 'vllm:eplb_balancedness_ratio{layer=~"$layer"}';
/** vLLM #49956's counter first, then the seeds' proposal, then the llm-d plan's name. */
const REARR = (fn: string, w: string) =>
  `(${fn}(vllm:eplb_rebalance_events_total[${w}])) or ((${fn}(vllm:eplb_rearrangements_total[${w}])) or (${fn}(vllm:expert_rebalances_total[${w}])))`;
/** vLLM #43715's rank-load histogram (load / mean): balancedness is 1 / the busiest rank's load. */
const RL = (q: number) =>
  `(1) / (histogram_quantile(${q}, sum by(model_name, role, le) (${R(P('sum', 'rate(vllm:eplb_balancedness_bucket[5m])', ', le'))})))`;
/** SGLang's Summary: the window's mean per group and forward mode, the role from engine_type. */
const SG_BY = 'sum by(model_name, engine_type, llm_d_ai_role, forward_mode)';
const SG_MODE = `min by(model_name, role, forward_mode) (label_replace(${R(
  guard(`${SG_BY} (rate(sglang:eplb_balancedness_sum[5m]))`, `${SG_BY} (rate(sglang:eplb_balancedness_count[5m]))`)
)}, "role", "$1", "engine_type", "(prefill|decode)"))`;
const MAX_T = `max by(model_name, role, layer) (${R(P('max', 'vllm:eplb_max_tokens_per_rank{layer=~"$layer"}', ', layer'))})`;
const AVG_T = `max by(model_name, role, layer) (${R(P('max', 'vllm:eplb_avg_tokens_per_rank{layer=~"$layer"}', ', layer'))})`;
const GEN_PER_ENGINE = `sum by(model_name, role, engine) (${R('rate(vllm:generation_tokens_total[5m])')})`;
const DEBUG = 'vllm:expert_load_per_expert_tokens_DEBUG{layer=~"$layer"}';

describe('Wide EP queries: balancedness', () => {
  it('takes each layer of each EP group under the layer variable', () => {
    expect(print(w.balancednessPerLayer(rules))).toBe(
      `min by(model_name, role, layer) (${R(P('min', BAL_LAYER, ', layer'))})`
    );
  });

  it('reads SGLang balancedness as the Summary mean per forward mode, its role from engine_type', () => {
    expect(print(w.balancednessByForwardMode(rules))).toBe(SG_MODE);
  });

  it('takes the worst per group from vLLM #43715, else the proposed per-layer gauge, else the closed proposal\'s minimum (SGLang has no worst layer)', () => {
    expect(print(w.balancednessMin(rules))).toBe(
      `(${RL(0.99)}) or ((min by(model_name, role) (min by(model_name, role, layer) (${R(P('min', BAL, ', layer'))}))) or (min by(model_name, role) (${R(P('min', 'vllm:eplb_balancedness_min'))})))`
    );
  });

  it('averages over forward modes (SGLang) or over layers after collapsing engines (proposed gauge)', () => {
    expect(print(w.balancednessMean(rules))).toBe(
      `(avg by(model_name, role) (${SG_MODE})) or (avg by(model_name, role) (min by(model_name, role, layer) (${R(P('min', BAL, ', layer'))})))`
    );
  });

  it('reads SGLang tokens per GPU rank as bucket rates by le, without the model filter its family cannot carry', () => {
    expect(print(w.sglangTokensPerRank(rules))).toBe('sum by(le) (rate(sglang:eplb_gpu_physical_count_bucket{layer=~"$layer"}[5m]))');
    const page = print(w.sglangTokensPerRank(variableContext(DEFAULT, ['namespace', 'model', 'role', 'pod', 'engine'])));
    expect(page).not.toContain('model_name');
    expect(page).not.toContain('engine=');
    expect(page).toContain('namespace=~"$namespace"');
  });

  it('gives the heatmap one row per layer, every layer whatever the layer control holds', () => {
    // The worst group per layer of the per-layer record's expression: the minimum over every engine.
    expect(print(w.balancednessHeatmap(rules))).toBe(`min by(layer) (min by(model_name, role, layer) (${R(P('min', BAL, ', layer'))}))`);
  });

  it('compares max and mean tokens per rank per layer', () => {
    expect(print(w.maxTokensPerLayer(rules))).toBe(MAX_T);
    expect(print(w.avgTokensPerLayer(rules))).toBe(AVG_T);
    expect(print(w.excessTokens(rules))).toBe(`topk by(model_name, role) (5, (${MAX_T}) - (${AVG_T}))`);
    expect(print(w.maxOverAvgTokens(rules, 3))).toBe(`topk by(model_name, role) (3, ${guard(MAX_T, AVG_T)})`);
  });
});

describe('Wide EP queries: rebalances', () => {
  it('reads the rebalancing gauge per pod and per engine', () => {
    expect(print(w.rebalancingPerPod(rules))).toBe('max by(model_name, pod) (vllm:eplb_rebalancing)');
    expect(print(w.rebalancingPerEngine(rules))).toBe('max by(model_name, pod, engine) (vllm:eplb_rebalancing)');
  });

  it('counts rearrangements once per group, following the alternate names', () => {
    expect(print(w.rearrangementsTotal(rules))).toBe(
      `max by(model_name, role) (${R(P('max', '(vllm:eplb_rebalance_events_total) or ((vllm:eplb_rearrangements_total) or (vllm:expert_rebalances_total))'))})`
    );
    expect(print(w.rearrangementsInRange(rules))).toBe(
      `max by(model_name, role) (${R(P('max', REARR('increase', '$__range')))})`
    );
  });

  it('takes duration quantiles (absent, not NaN, in a range without rearrangements) and the mean from increases over the range', () => {
    const H = 'vllm:eplb_rearrangement_duration_seconds';
    expect(print(w.rearrangementDurationQuantile(rules, 0.95))).toBe(
      `(histogram_quantile(0.95, sum by(model_name, role, le) (${R(P('sum', `increase(${H}_bucket[$__range])`, ', le'))}))) >= (0)`
    );
    expect(print(w.rearrangementDurationMean(rules, '1h'))).toBe(
      guard(
        `sum by(model_name, role) (${R(P('sum', `increase(${H}_sum[1h])`))})`,
        `sum by(model_name, role) (${R(P('sum', `increase(${H}_count[1h])`))})`
      )
    );
  });

  it('measures the time since the last change of the counter', () => {
    const EV = `(max by(model_name, role) (${R(P('max', REARR('increase', '1m')))})) > (0)`;
    expect(print(w.secondsSinceRearrangement(rules))).toBe(
      `(time()) - (max by(model_name, role) ((timestamp(${EV})) or (max_over_time((timestamp(${EV}))[$__range:30s]))))`
    );
  });

  it('marks rearrangements per model for the annotation', () => {
    expect(print(w.rearrangementEvents(rules))).toBe(`(max by(model_name) (${REARR('increase', '45s')})) > (0)`);
  });
});

describe('Wide EP queries: experts', () => {
  it('reads the matrix for the selected layers only', () => {
    expect(print(w.expertLoadMatrix(rules))).toBe(`sum by(model_name, layer, expert_id) (${DEBUG})`);
  });

  it('ranks experts by their share of the layer', () => {
    expect(print(w.hotExperts(rules, 5))).toBe(
      `topk(5, (sum by(model_name, layer, expert_id) (${DEBUG})) / on(model_name, layer) group_left() ((sum by(model_name, layer) (${DEBUG})) > (0)))`
    );
  });

  it('counts the exported per-expert series, those of the selected layers, and lists the configuration', () => {
    expect(print(w.expertSeriesCount(rules))).toBe('count by(model_name) (vllm:expert_load_per_expert_tokens_DEBUG)');
    expect(print(w.expertSeriesShown(rules))).toBe(`count by(model_name) (${DEBUG})`);
    expect(print(w.expertConfig(rules))).toBe(
      'max by(model_name, pod, engine, total_experts, redundant_experts, window_size, step_interval) (vllm:expert_config_info)'
    );
  });
});

describe('Wide EP queries: dual-batch overlap', () => {
  const SECOND = 'sum by(model_name) (rate(vllm:ubatch_token_count_count{ubatch_index="second"}[5m]))';
  const FALLOUT = 'sum by(model_name) (rate(vllm:dbo_fallout_total[5m]))';

  it('divides second micro-batches by all steps', () => {
    expect(print(w.dboEngagedShare(rules))).toBe(guard(SECOND, `(${SECOND}) + (${FALLOUT})`));
  });

  it('shows activity by phase, fallouts by reason and micro-batch quantiles', () => {
    expect(print(w.dboActiveByPhase(rules))).toBe('avg by(model_name, phase) (vllm:dbo_active)');
    expect(print(w.dboFalloutByReason(rules))).toBe('sum by(model_name, reason) (rate(vllm:dbo_fallout_total[5m]))');
    expect(print(w.ubatchTokensQuantile(rules, 0.5))).toBe(
      'histogram_quantile(0.5, sum by(le, model_name, ubatch_index) (rate(vllm:ubatch_token_count_bucket[5m])))'
    );
  });
});

describe('Wide EP queries: ranks and variance', () => {
  it('sums throughput and queues per rank', () => {
    expect(print(w.generationPerRank(rules))).toBe(
      'sum by(model_name, engine) (rate(vllm:generation_tokens_total[5m]))'
    );
    expect(print(w.localComputePromptPerRank(rules))).toBe(
      'sum by(model_name, engine) (rate(vllm:prompt_tokens_by_source_total{source="local_compute"}[5m]))'
    );
    expect(print(w.requestsPerRank(rules, 'waiting'))).toBe('sum by(model_name, engine) (vllm:num_requests_waiting)');
  });

  it('computes max / mean, the coefficient of variation and the slowest rank per group', () => {
    const avg = `avg by(model_name, role) (${GEN_PER_ENGINE})`;
    expect(print(w.rankMaxOverMean(rules))).toBe(guard(`max by(model_name, role) (${GEN_PER_ENGINE})`, avg));
    expect(print(w.rankCoefficientOfVariation(rules))).toBe(
      guard(`stddev by(model_name, role) (${GEN_PER_ENGINE})`, avg)
    );
    expect(print(w.slowestRank(rules))).toBe(`bottomk by(model_name, role) (1, ${GEN_PER_ENGINE})`);
  });

  it('takes the standard deviation of group throughput over a short subquery', () => {
    const T = `sum by(model_name, role) (${R('rate(vllm:generation_tokens_total[5m])')})`;
    expect(print(w.throughputStddev(rules))).toBe(`stddev_over_time((${T})[5m:15s])`);
    expect(print(w.throughputRelativeStddev(rules, '2m'))).toBe(
      guard(`stddev_over_time((${T})[2m:15s])`, `avg_over_time((${T})[2m:15s])`)
    );
  });
});

describe('Wide EP queries under page variables', () => {
  const ctx = variableContext(DEFAULT, ['model', 'namespace', 'engine']);
  const all = Object.entries(w)
    .filter(([name, f]) => typeof f === 'function' && !['byGroup', 'rangeFn', 'onLayer', 'expertShareOfLayer', 'ubatchTokensQuantileRecorded'].includes(name))
    .map(([name, f]) => [
      name,
      print((f as (c: typeof ctx, x?: unknown) => Expr)(ctx, name === 'requestsPerRank' ? 'running' : 0.5)),
    ]);

  it.each(all)('%s parses', (_name, expr) => {
    expect(promqlSyntaxErrors(interpolate(expr))).toEqual([]);
  });

  it('carries the filters into every selector', () => {
    expect(print(w.generationPerRank(ctx))).toContain(
      'vllm:generation_tokens_total{model_name=~"$model",namespace=~"$namespace",engine=~"$engine",llmd_recorded=~"$recorded"}[$__rate_interval]'
    );
    expect(print(w.expertLoadMatrix(ctx))).toContain(
      '{model_name=~"$model",namespace=~"$namespace",engine=~"$engine",llmd_recorded=~"$recorded",layer=~"$layer"}'
    );
  });

  it('follows a role mapping by pod name, reducing by pod before projecting the role', () => {
    expect(print(w.rankMaxOverMean(variableContext(POD_NAME, ['model'])))).toContain(
      '"role", "decode", "pod", ".*-decode-.*"'
    );
    expect(print(w.balancednessPerLayer(variableContext(POD_NAME, ['model'])))).toContain(
      'label_replace(min by(model_name, pod, layer) ('
    );
  });
});
