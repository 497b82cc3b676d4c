/**
 * Recording rules for expressions that read many series: latency quantiles per role, prompt-token source
 * shares, NIXL failures, DBO fallout, the straggler statistic, and the heavy page queries of recorded mode
 * (src/queries/recorded.ts), each recorded from the panel's own builder. Named `level:metric:operations`
 * (Prometheus' convention). The info series `llmd:recording_rules:info` says they are loaded, for which window
 * and role mapping: the pages' and dashboards' `$recorded` gate reads it.
 */
import * as pb from '@grafana/promql-builder';
import { Signal, SIGNALS } from '../../queries/signals/signals';
import { QueryContext } from '../../queries/context';
import { agg, eq, ratio, ratioGroupLeft, scalarVector, sumBy } from '../../queries/promql';
import { rateOf } from '../../queries/select';
import { promptTokensRate } from '../../queries/pd/promptTokens';
import { byRole, MODEL_KEY, ROLE_KEY } from './exprs';
import { generationPerEngine } from './wideEp';
import { RecordedQuery, recordedMetric, rulesInfoLabels, RULES_INFO_METRIC } from '../../queries/recorded';
import {
  BALANCEDNESS_MEAN_RECORDED,
  BALANCEDNESS_PER_LAYER,
  BALANCEDNESS_WORST_RECORDED,
  DBO_ENGAGED_SHARE,
  DBO_FALLOUT_BY_REASON,
  EXPERT_LOAD_MATRIX,
  expertShareOfLayer,
  GENERATION_PER_RANK,
  RANK_CV,
  RANK_MAX_OVER_MEAN,
  UBATCH_QUANTILES,
} from '../../queries/wideep';
import { FLEET_ERROR_RATIO, FLEET_REQUESTS, fleetDistribution, fleetQuantile, quantileByRole } from '../../queries/serving';
import { BATCH_RECORDED, NIXL_DISTRIBUTIONS, PROMPT_TOKENS_RECORDED, TTFT_DECOMPOSITION } from '../../queries/pd';

/** The fleet-wide latency quantiles the Overview and P/D pages draw. */
const FLEET_QUANTILES: Array<[Signal, number[]]> = [
  [SIGNALS.ttft, [0.5, 0.9, 0.99]],
  [SIGNALS.itl, [0.5, 0.9, 0.99]],
  [SIGNALS.e2eLatency, [0.5, 0.9, 0.99]],
  [SIGNALS.nixlXferTime, [0.5, 0.95, 0.99]],
  [SIGNALS.nixlPostTime, [0.5, 0.99]],
];

/** The page queries recorded mode serves from recording rules, each with the builder its panel uses. */
export const RECORDED_QUERIES: RecordedQuery[] = [
  BALANCEDNESS_WORST_RECORDED,
  BALANCEDNESS_MEAN_RECORDED,
  BALANCEDNESS_PER_LAYER,
  EXPERT_LOAD_MATRIX,
  expertShareOfLayer(10),
  DBO_ENGAGED_SHARE,
  GENERATION_PER_RANK,
  RANK_MAX_OVER_MEAN,
  RANK_CV,
  ...FLEET_QUANTILES.flatMap(([signal, qs]) => qs.map((q) => fleetQuantile(signal, q))),
  fleetDistribution(SIGNALS.ttft),
  ...UBATCH_QUANTILES,
  ...NIXL_DISTRIBUTIONS,
  ...TTFT_DECOMPOSITION,
  DBO_FALLOUT_BY_REASON,
  FLEET_ERROR_RATIO,
  FLEET_REQUESTS,
  ...BATCH_RECORDED,
  ...PROMPT_TOKENS_RECORDED,
];

/** The recording rule of a page query: the panel's builder over every series, in the rules' window. */
export function pageRecordingRule(ctx: QueryContext, q: RecordedQuery): RecordingRuleSpec {
  return { record: q.record, expr: q.build(ctx, false), help: q.help };
}

/** `llmd:recording_rules:info{gate, window, roles} 1`: what the `$recorded` gate variable finds. */
export function rulesInfoRule(ctx: QueryContext): RecordingRuleSpec {
  return {
    record: RULES_INFO_METRIC,
    expr: scalarVector(1),
    labels: rulesInfoLabels(ctx.role, ctx.window),
    help: 'Present while these recording rules are loaded: their rate window and role mapping (label|prefill|decode)',
  };
}
import { RecordingRuleSpec } from './types';

const QUANTILES: Array<[string, number]> = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
];

/** The metric part of a recorded name: the first candidate without the `vllm:` prefix. */

export function recordingRules(ctx: QueryContext): RecordingRuleSpec[] {
  const w = ctx.window;
  const quantiles = [SIGNALS.ttft, SIGNALS.itl, SIGNALS.e2eLatency].flatMap((signal) =>
    QUANTILES.map(([name, q]) => ({
      record: `model_role:${recordedMetric(signal)}:${name}_rate${w}`,
      expr: quantileByRole(ctx, signal, q, MODEL_KEY),
      help: `${name} of ${signal.help.toLowerCase()} per role`,
    }))
  );
  const perEngine = generationPerEngine(ctx);
  return [
    rulesInfoRule(ctx),
    ...RECORDED_QUERIES.map((q) => pageRecordingRule(ctx, q)),
    ...quantiles,
    {
      record: `model_role_source:vllm_prompt_tokens_by_source:share_rate${w}`,
      expr: ratioGroupLeft(byRole(ctx, 'sum', [...MODEL_KEY, 'source'], promptTokensRate(ctx)), byRole(ctx, 'sum', MODEL_KEY, promptTokensRate(ctx)), ROLE_KEY),
      help: 'Share of each role\'s prompt tokens by source (local_compute, local_cache_hit, external_kv_transfer)',
    },
    {
      record: `model_role:vllm_generation_tokens_per_engine:min_over_avg_rate${w}`,
      expr: ratio(agg('min', ROLE_KEY, perEngine), agg('avg', ROLE_KEY, perEngine)),
      help: 'Straggler statistic: slowest rank / mean rank generated tokens per second, per role (1 is even)',
    },
    {
      record: `model:vllm_nixl_failed_transfers:ratio_rate${w}`,
      expr: ratio(
        sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.nixlFailedTransfers)),
        pb.add(sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.nixlFailedTransfers)), sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.nixlXferTime, [], '_count')))
      ),
      help: 'Share of NIXL KV transfers that failed',
    },
    {
      record: `model_reason:vllm_dbo_fallout:share_rate${w}`,
      expr: ratioGroupLeft(
        sumBy([...MODEL_KEY, 'reason'], rateOf(ctx, SIGNALS.dboFallout)),
        pb.add(
          sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.dboFallout)),
          sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.ubatchTokens, [eq('ubatch_index', 'second')], '_count'))
        ),
        MODEL_KEY
      ),
      help: 'Share of engine steps that fell out of dual-batch overlap, by reason',
    },
  ];
}

