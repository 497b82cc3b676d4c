/**
 * Wide expert parallelism: EPLB balance and rearrangements, dual-batch overlap fallout, DP rank stragglers and
 * the per-expert DEBUG gauge. The metrics are proposed (not upstream); where a deployment does not export them
 * these rules stay silent.
 */
import { SIGNALS } from '../../queries/signals/signals';
import { QueryContext } from '../../queries/context';
import { add, agg, anyOf, eq, maxOverTime, ratio, ratioGroupLeft, sumBy } from '../../queries/promql';

import { rangeOf, rateOf, gauge } from '../../queries/select';
import { above, andOn, below, byRole, MODEL_KEY, ROLE_KEY, withWindow } from './exprs';
import {
  counter,
  engineLabels,
  FIXTURE_MODEL,
  FIXTURE_NAMESPACE,
  gauge as gaugeSeries,
  histogramAcrossTest,
  histogramAt,
  over,
  perMinute,
  under,
} from './fixtures';
import { AlertRule, AlertRuleSpec } from './types';
import { AlertValues } from './values';

/** Per-rank generated tokens per second: the straggler statistic's input. */
export function generationPerEngine(ctx: QueryContext) {
  return byRole(ctx, 'sum', [...MODEL_KEY, 'engine'], rateOf(ctx, SIGNALS.generationTokens));
}

const decode = (ctx: QueryContext) => engineLabels(ctx.role, 'decode');
const decode1 = (ctx: QueryContext) => engineLabels(ctx.role, 'decode', 1);
const decode2 = (ctx: QueryContext) => engineLabels(ctx.role, 'decode', 2);
const roleLabels = { namespace: FIXTURE_NAMESPACE, model_name: FIXTURE_MODEL, role: 'decode' };
const modelLabels = { namespace: FIXTURE_NAMESPACE, model_name: FIXTURE_MODEL };
const long = (ctx: QueryContext) => withWindow(ctx, '15m');
const bestBalance = (ctx: QueryContext) =>
  byRole(ctx, 'min', MODEL_KEY, anyOf(rangeOf(long(ctx), SIGNALS.eplbBalancedness).map(maxOverTime)));
const rearrangementRate = (ctx: QueryContext) =>
  byRole(ctx, 'max', MODEL_KEY, rateOf(long(ctx), SIGNALS.eplbRearrangements));
const durationMean = (ctx: QueryContext) =>
  ratio(
    sumBy(MODEL_KEY, rateOf(long(ctx), SIGNALS.eplbRearrangementDuration, [], '_sum')),
    sumBy(MODEL_KEY, rateOf(long(ctx), SIGNALS.eplbRearrangementDuration, [], '_count'))
  );
const fallout = (ctx: QueryContext) => sumBy([...MODEL_KEY, 'reason'], rateOf(ctx, SIGNALS.dboFallout));
const steps = (ctx: QueryContext) =>
  add(
    sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.dboFallout)),
    sumBy(MODEL_KEY, rateOf(ctx, SIGNALS.ubatchTokens, [eq('ubatch_index', 'second')], '_count'))
  );
const straggler = (ctx: QueryContext, v: Record<string, AlertValues>) =>
  andOn(
    below(
      ratio(agg('min', ROLE_KEY, generationPerEngine(ctx)), agg('avg', ROLE_KEY, generationPerEngine(ctx))),
      v.DpRankStraggler.threshold
    ),
    above(agg('avg', ROLE_KEY, generationPerEngine(ctx)), v.DpRankStraggler.minVolume),
    ROLE_KEY
  );
/** DBO steps at `total` per minute: `share` of them fall out as empty_second_ubatch, plus a few "other". */
const dboSteps = (ctx: QueryContext, share: number, total: number) => [
  counter(fallouts, { ...decode(ctx), reason: 'empty_second_ubatch' }, total * share),
  counter(fallouts, { ...decode(ctx), reason: 'other' }, total * Math.min(share, 1 - share) * 0.1),
  ...histogramAt(`${ubatch}`, { ...decode(ctx), ubatch_index: 'second' }, [64, 256], 100, total * (1 - share) * 0.9),
];
/** Three ranks, the last at `share` of the others' rate: the mean is well above (or, `low`, below) the floor. */
const ranks = (ctx: QueryContext, v: Record<string, AlertValues>, share: number, low = false) => {
  const rate = perMinute(Math.max(v.DpRankStraggler.minVolume, 0.01) * (low ? 0.1 : 50));
  return [counter(gen, decode(ctx), rate), counter(gen, decode1(ctx), rate), counter(gen, decode2(ctx), rate * share)];
};
const dboVolume = (v: Record<string, AlertValues>, low = false) =>
  perMinute(Math.max(v.DboFalloutHigh.minVolume, 0.01) * (low ? 0.1 : 3));
const balancedness = SIGNALS.eplbBalancedness.names[0].name;
const fallouts = SIGNALS.dboFallout.names[0].name;
const ubatch = SIGNALS.ubatchTokens.names[0].name;
const gen = SIGNALS.generationTokens.names[0].name;

export const EPLB_BALANCEDNESS_LOW: AlertRule = (ctx, v) => ({
  name: 'EplbBalancednessLow',
  severity: 'warning',
  expr: below(bestBalance(ctx), v.EplbBalancednessLow.threshold),
  for: v.EplbBalancednessLow.for,
  summary: `EPLB balancedness of {{ $labels.role }} pods of {{ $labels.model_name }} stays below ${v.EplbBalancednessLow.threshold}`,
  description:
    'Some MoE layer sends twice the mean load to its busiest EP rank and rebalancing does not fix it. Check EPLB is enabled, its window and step interval, and add redundant experts for hot experts.',
  runbook: {
    meaning: `The best balancedness (mean / max tokens per EP rank) any layer reached over 15 minutes stayed below ${v.EplbBalancednessLow.threshold}, for another ${v.EplbBalancednessLow.for}: the imbalance survives rebalances.`,
    confirm:
      'Wide EP page: balancedness per layer, expert load heatmap (DEBUG metric, turn on briefly), rearrangements.',
    action:
      'Enable EPLB or shorten its step interval; raise num_redundant_experts; if one expert dominates, consider the workload (one language / domain).',
  },
  test: {
    firing: [
      gaugeSeries(balancedness, { ...decode(ctx), layer: '3' }, under(v.EplbBalancednessLow.threshold)),
      gaugeSeries(balancedness, { ...decode(ctx), layer: '4' }, over(v.EplbBalancednessLow.threshold, true)),
    ],
    silent: [
      gaugeSeries(balancedness, { ...decode(ctx), layer: '3' }, over(v.EplbBalancednessLow.threshold, true)),
      gaugeSeries(balancedness, { ...decode(ctx), layer: '4' }, over(v.EplbBalancednessLow.threshold, true)),
    ],
    labels: roleLabels,
  },
});

export const EPLB_REBALANCE_STUCK: AlertRule = (ctx, v) => ({
  name: 'EplbRebalanceStuck',
  severity: 'critical',
  expr: above(byRole(ctx, 'max', MODEL_KEY, gauge(ctx, SIGNALS.eplbRebalancing)), 0),
  for: v.EplbRebalanceStuck.for,
  summary: 'EPLB rearrangement on {{ $labels.role }} pods of {{ $labels.model_name }} has not finished for 10 minutes',
  description:
    "An expert rearrangement normally takes seconds; this one is stuck and the EP group may be blocked. Check the engines' logs for a hung collective and restart the EP group if it does not recover.",
  runbook: {
    meaning: 'vllm:eplb_rebalancing stayed 1 on some engine for 10 minutes.',
    confirm: 'Wide EP page: rebalancing flag and rearrangement duration; engine logs (NCCL / all-to-all timeouts).',
    action: 'Restart the stuck EP group (all its ranks together); report the hang with the logs.',
  },
  test: {
    firing: [gaugeSeries(SIGNALS.eplbRebalancing.names[0].name, decode(ctx), 1)],
    silent: [gaugeSeries(SIGNALS.eplbRebalancing.names[0].name, decode(ctx), 0)],
    labels: roleLabels,
  },
});

export const EPLB_REARRANGEMENTS_TOO_FREQUENT: AlertRule = (ctx, v) => ({
  name: 'EplbRearrangementsTooFrequent',
  severity: 'warning',
  expr: above(rearrangementRate(ctx), v.EplbRearrangementsTooFrequent.threshold),
  for: v.EplbRearrangementsTooFrequent.for,
  summary: `EPLB rearranges experts of {{ $labels.model_name }} more than ${+(v.EplbRearrangementsTooFrequent.threshold * 60).toFixed(2)} times a minute`,
  description:
    'Each rearrangement moves expert weights and stalls the EP group briefly; this often costs more than the balance gains. Lengthen the EPLB step interval or window.',
  runbook: {
    meaning: `Completed rearrangements per engine above ${+v.EplbRearrangementsTooFrequent.threshold.toFixed(4)}/s, over 15 minutes, for ${v.EplbRearrangementsTooFrequent.for}. rate() ignores the counter's reset when an engine restarts, so a restart is not counted as a rearrangement.`,
    confirm: 'Wide EP page: rearrangements over time next to balancedness.',
    action: 'Raise eplb step_interval / window_size in the EPLB config.',
  },
  test: {
    firing: [
      counter(
        SIGNALS.eplbRearrangements.names[0].name,
        decode(ctx),
        perMinute(over(v.EplbRearrangementsTooFrequent.threshold))
      ),
    ],
    silent: [
      counter(
        SIGNALS.eplbRearrangements.names[0].name,
        decode(ctx),
        perMinute(under(v.EplbRearrangementsTooFrequent.threshold))
      ),
    ],
    labels: roleLabels,
  },
});

export const EPLB_REARRANGEMENT_SLOW: AlertRule = (ctx, v) => ({
  name: 'EplbRearrangementSlow',
  severity: 'warning',
  expr: above(durationMean(ctx), v.EplbRearrangementSlow.threshold),
  for: v.EplbRearrangementSlow.for,
  summary: `EPLB rearrangements of {{ $labels.model_name }} take over ${v.EplbRearrangementSlow.threshold} s on average`,
  description:
    'Moving experts takes long, stalling serving each time. Check the interconnect between EP ranks (NVLink / RDMA) and the number of experts moved per step.',
  runbook: {
    meaning: `Mean vllm:eplb_rearrangement_duration_seconds of the rearrangements completed in the last 15 minutes above ${v.EplbRearrangementSlow.threshold} s.`,
    confirm: 'Wide EP page: rearrangement duration; GPU page: NVLink traffic.',
    action: 'Check NVLink / network health; limit experts moved per step; rearrange less often.',
  },
  test: histogramAcrossTest(
    SIGNALS.eplbRearrangementDuration.names[0].name,
    decode(ctx),
    v.EplbRearrangementSlow.threshold,
    modelLabels,
    1
  ),
});

export const DBO_FALLOUT_HIGH: AlertRule = (ctx, v) => {
  const dbo = v.DboFalloutHigh;
  return {
    name: 'DboFalloutHigh',
    severity: 'warning',
    expr: andOn(
      above(ratioGroupLeft(fallout(ctx), steps(ctx), MODEL_KEY), dbo.threshold),
      above(steps(ctx), dbo.minVolume),
      MODEL_KEY
    ),
    for: dbo.for,
    summary: `Dual-batch overlap falls out in over ${dbo.threshold * 100} % of steps of {{ $labels.model_name }} ({{ $labels.reason }})`,
    description:
      'Steps run as one batch instead of two overlapped micro-batches, losing the communication overlap. empty_second_ubatch means batches are too small (light load or a too-high DBO token threshold); coordination_failure points at DP ranks out of step.',
    runbook: {
      meaning: `Fallouts of one reason divided by all steps (fallouts + steps with a second micro-batch) above ${dbo.threshold} for ${dbo.for}, with more than ${dbo.minVolume} steps/s.`,
      confirm: 'Wide EP page: DBO engaged share and fallout by reason; decode batch sizes.',
      action:
        'empty_second_ubatch: lower the DBO decode token threshold, or accept it at low load. coordination_failure: look for a straggling rank (DpRankStraggler).',
    },
    test: {
      firing: dboSteps(ctx, over(dbo.threshold, true), dboVolume(v)),
      silent: dboSteps(ctx, under(dbo.threshold), dboVolume(v)),
      lowVolume: dboSteps(ctx, over(dbo.threshold, true), dboVolume(v, true)),
      labels: { ...modelLabels, reason: 'empty_second_ubatch' },
    },
  };
};

export const DP_RANK_STRAGGLER: AlertRule = (ctx, v) => ({
  name: 'DpRankStraggler',
  severity: 'warning',
  expr: straggler(ctx, v),
  for: v.DpRankStraggler.for,
  summary: `A {{ $labels.role }} DP rank of {{ $labels.model_name }} runs under ${v.DpRankStraggler.threshold * 100} % of the mean`,
  description:
    'One data-parallel rank generates far fewer tokens than the others and holds back its EP group. Find it on the Wide EP page and check its GPU (clocks, temperature, XID).',
  runbook: {
    meaning: `Slowest rank / mean rank generated tokens per second, per role, below ${v.DpRankStraggler.threshold} for ${v.DpRankStraggler.for} (with at least ${v.DpRankStraggler.minVolume} token/s per rank).`,
    confirm: "Wide EP page: per-rank throughput; GPUs page: SM clock and temperature of that rank's GPU.",
    action:
      'Drain and replace the GPU or node if it throttles or reports XIDs; check for a noisy neighbour on the node.',
  },
  test: {
    firing: ranks(ctx, v, under(v.DpRankStraggler.threshold)),
    silent: ranks(ctx, v, over(v.DpRankStraggler.threshold, true)),
    lowVolume: ranks(ctx, v, under(v.DpRankStraggler.threshold), true),
    labels: roleLabels,
  },
});

export const EXPERT_DEBUG_METRICS_ENABLED: AlertRule = (ctx, v) => ({
  name: 'ExpertDebugMetricsEnabled',
  severity: 'warning',
  expr: above(agg('count', MODEL_KEY, gauge(ctx, SIGNALS.expertLoad)), 0),
  for: v.ExpertDebugMetricsEnabled.for,
  summary: 'Per-expert DEBUG metrics of {{ $labels.model_name }} have been on for an hour',
  description:
    'vllm:expert_load_per_expert_tokens_DEBUG adds layers x experts series per engine (about 15,000 for a DeepSeek-class model). Turn it off once the investigation is done.',
  runbook: {
    meaning: 'The per-expert DEBUG gauge has been exported for an hour.',
    confirm: 'Scrape health page: series count per target.',
    action:
      "Restart the engines without the expert DEBUG metrics flag, or drop the series in the PodMonitor's metricRelabelings.",
  },
  test: {
    firing: [gaugeSeries(SIGNALS.expertLoad.names[0].name, { ...decode(ctx), layer: '0', expert_id: '7' }, 120)],
    silent: [gaugeSeries(gen, decode(ctx), 1)],
    labels: modelLabels,
  },
});

export function wideEpAlerts(ctx: QueryContext, v: Record<string, AlertValues>): AlertRuleSpec[] {
  return [
    EPLB_BALANCEDNESS_LOW,
    EPLB_REBALANCE_STUCK,
    EPLB_REARRANGEMENTS_TOO_FREQUENT,
    EPLB_REARRANGEMENT_SLOW,
    DBO_FALLOUT_HIGH,
    DP_RANK_STRAGGLER,
    EXPERT_DEBUG_METRICS_ENABLED,
  ].map((rule) => rule(ctx, v));
}
