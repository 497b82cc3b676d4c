/**
 * Recording rules for expressions that read many series: latency quantiles per role, prompt-token source
 * shares, EPLB balancedness aggregates, per-rank throughput and its imbalance. Named `level:metric:operations`
 * (Prometheus' convention) so pages can read the precomputed series where the rules are loaded.
 */
import * as pb from '@grafana/promql-builder';
import { Signal, SIGNALS } from '../signals';
import { QueryContext } from '../../queries/context';
import { agg, eq, histogramQuantile, print, ratio, ratioGroupLeft, sumBy } from '../../queries/promql';
import { withRole } from '../../queries/role';
import { gauge, rateOf } from '../../queries/select';
import { promptTokensRate } from '../../queries/pd/promptTokens';
import { byRole, MODEL_KEY, ROLE_KEY } from './exprs';
import { generationPerEngine } from './wideEp';
import { RecordingRuleSpec } from './types';

const QUANTILES: Array<[string, number]> = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
];

/** The metric part of a recorded name: the first candidate without the `vllm:` prefix. */
const metricPart = (signal: Signal) => signal.names[0].name.replace(/^vllm:/, 'vllm_');

export function recordingRules(ctx: QueryContext): RecordingRuleSpec[] {
  const w = ctx.window;
  const quantiles = [SIGNALS.ttft, SIGNALS.itl, SIGNALS.e2eLatency].flatMap((signal) =>
    QUANTILES.map(([name, q]) => ({
      record: `model_role:${metricPart(signal)}:${name}_rate${w}`,
      expr: print(histogramQuantile(q, sumBy(['le', ...ROLE_KEY], withRole(rateOf(ctx, signal, [], '_bucket'), ctx.role)))),
      help: `${name} of ${signal.help.toLowerCase()} per role`,
    }))
  );
  const perEngine = generationPerEngine(ctx);
  return [
    ...quantiles,
    {
      record: `model_role_source:vllm_prompt_tokens_by_source:share_rate${w}`,
      expr: print(ratioGroupLeft(byRole(ctx, 'sum', [...MODEL_KEY, 'source'], promptTokensRate(ctx)), byRole(ctx, 'sum', MODEL_KEY, promptTokensRate(ctx)), ROLE_KEY)),
      help: 'Share of each role\'s prompt tokens by source (local_compute, local_cache_hit, external_kv_transfer)',
    },
    {
      record: `model_role:vllm_eplb_balancedness_ratio:min`,
      expr: print(byRole(ctx, 'min', MODEL_KEY, gauge(ctx, SIGNALS.eplbBalancedness))),
      help: 'Worst EPLB balancedness over layers, per role',
    },
    {
      record: `model_role:vllm_eplb_balancedness_ratio:avg`,
      expr: print(byRole(ctx, 'avg', MODEL_KEY, gauge(ctx, SIGNALS.eplbBalancedness))),
      help: 'Mean EPLB balancedness over layers, per role',
    },
    {
      record: `model_role_layer:vllm_eplb_balancedness_ratio:avg`,
      expr: print(byRole(ctx, 'avg', [...MODEL_KEY, 'layer'], gauge(ctx, SIGNALS.eplbBalancedness))),
      help: 'EPLB balancedness per layer and role (every rank of a group reports the same value)',
    },
    {
      record: `engine:vllm_generation_tokens:rate${w}`,
      expr: print(perEngine),
      help: 'Generated tokens per second per DP rank, with its role',
    },
    {
      record: `model_role:vllm_generation_tokens_per_engine:max_over_avg_rate${w}`,
      expr: print(ratio(agg('max', ROLE_KEY, perEngine), agg('avg', ROLE_KEY, perEngine))),
      help: 'Rank imbalance: busiest rank / mean rank generated tokens per second, per role (1 is even)',
    },
    {
      record: `model_role:vllm_generation_tokens_per_engine:min_over_avg_rate${w}`,
      expr: print(ratio(agg('min', ROLE_KEY, perEngine), agg('avg', ROLE_KEY, perEngine))),
      help: 'Straggler statistic: slowest rank / mean rank generated tokens per second, per role (1 is even)',
    },
    {
      record: `model_role:vllm_generation_tokens_per_engine:cv_rate${w}`,
      expr: print(ratio(agg('stddev', ROLE_KEY, perEngine), agg('avg', ROLE_KEY, perEngine))),
      help: 'Coefficient of variation of generated tokens per second across ranks, per role',
    },
    {
      record: `model:vllm_nixl_failed_transfers:ratio_rate${w}`,
      expr: print(
        ratio(
          sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.nixlFailedTransfers)),
          pb.add(sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.nixlFailedTransfers)), sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.nixlXferTime, [], '_count')))
        )
      ),
      help: 'Share of NIXL KV transfers that failed',
    },
    {
      record: `model_reason:vllm_dbo_fallout:share_rate${w}`,
      expr: print(
        ratioGroupLeft(
          sumBy([...MODEL_KEY, 'reason'], rateOf(ctx, SIGNALS.dboFallout)),
          pb.add(
            sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.dboFallout)),
            sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.ubatchTokens, [eq('ubatch_index', 'second')], '_count'))
          ),
          MODEL_KEY
        )
      ),
      help: 'Share of engine steps that fell out of dual-batch overlap, by reason',
    },
  ];
}

