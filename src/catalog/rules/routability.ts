/**
 * `llmd:engine_routable`: one series per engine (namespace, model_name, pod, engine), 1 when a router may send
 * it requests, 0 with a `reason` when it should not. Reasons, first match wins:
 *   down            the engine reported in the last 5 minutes and no longer answers scrapes
 *   rebalancing     its EP group is rearranging experts (vllm:eplb_rebalancing = 1)
 *   kv_not_arriving over 5 % of its NIXL KV transfers failed in the last minute (prompts get recomputed)
 *   kv_exhausted    its KV cache is over 90 % full (new requests would preempt running ones)
 *   straggler       it generates under 70 % of its role's mean tokens per second over the last minute
 * Windows are one minute, not the catalog's five: a router must stop sending within a minute. See docs/causes.md.
 */
import * as pb from '@grafana/promql-builder';
import { SIGNALS } from '../../queries/signals/signals';
import { QueryContext } from '../../queries/context';
import { add, agg, anyOf, Expr, gt, lastOverTime, lt, mul, num, ratio, sumBy } from '../../queries/promql';
import { ROLE_LABEL } from '../../queries/role';
import { gauge, rangeOf, rateOf } from '../../queries/select';
import { byRole, ENGINE_KEY, MODEL_KEY, tag, withWindow } from './exprs';
import { counter, engineLabels, gauge as gaugeSeries, Labels, series } from './fixtures';
import { InputSeries, RecordingRule, RecordingRuleSpec } from './types';
import { RoleMapping } from '../../settings/rolePresets';
import { ROUTABLE_RECORD, RoutableReason } from '../../queries/routability';

/** How far back an engine that stopped answering still counts as one of ours (then it is `down`). */
const REMEMBER = '5m';
const WINDOW = '1m';
const KV_FULL = 0.9;
const FAILED_SHARE = 0.05;
const STRAGGLER_RATIO = 0.7;

const groupByEngine = (e: Expr) => agg('group', ENGINE_KEY, e);
const notRoutable = (e: Expr, reason: RoutableReason) => tag(mul(groupByEngine(e), num(0)), 'reason', reason);

function straggling(ctx: QueryContext): Expr {
  const roleKey = [...MODEL_KEY, ROLE_LABEL];
  const perEngine = byRole(ctx, 'sum', ENGINE_KEY, rateOf(ctx, SIGNALS.generationTokens));
  const mean = agg('avg', roleKey, perEngine);
  // A rank at under 70 % of its role's mean, where the role makes at least 1 token/s (idle is not slow).
  return pb
    .and(lt(pb.div(perEngine, mean).on(roleKey).groupLeft([]), num(STRAGGLER_RATIO)), gt(mean, num(1)))
    .on(roleKey);
}

export function routableExpr(ruleCtx: QueryContext): Expr {
  const ctx = withWindow(ruleCtx, WINDOW);
  const seen = groupByEngine(anyOf(rangeOf(withWindow(ctx, REMEMBER), SIGNALS.kvCacheUsage).map(lastOverTime)));
  const now = groupByEngine(gauge(ctx, SIGNALS.kvCacheUsage));
  const failed = sumBy(ENGINE_KEY, rateOf(ctx, SIGNALS.nixlFailedTransfers));
  const transfers = sumBy(ENGINE_KEY, rateOf(ctx, SIGNALS.nixlXferTime, [], '_count'));
  const reasons: Expr[] = [
    notRoutable(pb.unless(seen, now).on(ENGINE_KEY), 'down'),
    notRoutable(gt(gauge(ctx, SIGNALS.eplbRebalancing), num(0)), 'rebalancing'),
    notRoutable(gt(ratio(failed, add(failed, transfers)), num(FAILED_SHARE)), 'kv_not_arriving'),
    notRoutable(gt(gauge(ctx, SIGNALS.kvCacheUsage), num(KV_FULL)), 'kv_exhausted'),
    notRoutable(straggling(ctx), 'straggler'),
    now,
  ];
  // `or on(engine key)`: each engine keeps the first reason that holds; the healthy ones fall through to 1.
  return reasons.reduce((acc, e) => pb.or(acc, e).on(ENGINE_KEY));
}

export const ENGINE_ROUTABLE: RecordingRule = (ctx) => ({
  record: ROUTABLE_RECORD,
  expr: routableExpr(ctx),
  help: 'Per engine: 1 when a router may send it requests, 0 with reason (down, rebalancing, kv_not_arriving, kv_exhausted, straggler) when not',
});

export function routabilityRules(ctx: QueryContext): RecordingRuleSpec[] {
  return [ENGINE_ROUTABLE].map((rule) => rule(ctx));
}

/** Series of one engine, shaped like the simulator's: a steady engine unless told otherwise. */
function engine(
  mapping: RoleMapping,
  n: number,
  o: { kv?: number; rebalancing?: number; tokensPerMin?: number; failedPerMin?: number; downAfter?: number } = {}
): InputSeries[] {
  const labels: Labels = engineLabels(mapping, 'decode', n);
  const kv = o.kv ?? 0.55;
  const samples = 30;
  const kvValues =
    o.downAfter === undefined
      ? `${kv}x${samples}`
      : `${kv}x${o.downAfter} ${'stale '.repeat(samples - o.downAfter).trim()}`;
  return [
    series(SIGNALS.kvCacheUsage.names[0].name, labels, kvValues),
    gaugeSeries(SIGNALS.eplbRebalancing.names[0].name, labels, o.rebalancing ?? 0),
    counter(SIGNALS.generationTokens.names[0].name, labels, o.tokensPerMin ?? 6000),
    counter(SIGNALS.nixlFailedTransfers.names[0].name, labels, o.failedPerMin ?? 0),
    counter(`${SIGNALS.nixlXferTime.names[0].name}_count`, labels, 600),
  ];
}

/** promtool cases: each reason on one engine of three, and all three routable when steady. */
export function routabilityPromtoolTests(mapping: RoleMapping) {
  const expect = (values: Array<[number, RoutableReason | undefined]>) =>
    values.map(([n, reason]) => {
      const l = engineLabels(mapping, 'decode', n);
      const labels: Labels = { namespace: l.namespace, model_name: l.model_name, pod: l.pod, engine: l.engine };
      return {
        labels: `${ROUTABLE_RECORD}${printLabels(reason ? { ...labels, reason } : labels)}`,
        value: reason ? 0 : 1,
      };
    });
  const cases: Array<[string, Partial<Record<number, Parameters<typeof engine>[2]>>, RoutableReason | undefined]> = [
    ['every engine routable when steady', {}, undefined],
    ['an engine that stopped answering is down', { 2: { downAfter: 12 } }, 'down'],
    ['a rebalancing engine is not routable', { 2: { rebalancing: 1 } }, 'rebalancing'],
    ['an engine whose KV transfers fail is not routable', { 2: { failedPerMin: 60 } }, 'kv_not_arriving'],
    ['an engine with a full KV cache is not routable', { 2: { kv: 0.95 } }, 'kv_exhausted'],
    ['a straggling engine is not routable', { 2: { tokensPerMin: 2400 } }, 'straggler'],
  ];
  return {
    tests: cases.map(([name, overrides, reason]) => ({
      name: `${ROUTABLE_RECORD}: ${name}`,
      interval: '1m',
      input_series: [0, 1, 2].flatMap((n) => engine(mapping, n, overrides[n] ?? {})),
      promql_expr_test: [
        {
          expr: ROUTABLE_RECORD,
          eval_time: '15m',
          exp_samples: expect([
            [0, undefined],
            [1, undefined],
            [2, reason],
          ]),
        },
      ],
    })),
  };
}

function printLabels(labels: Labels): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ')}}`;
}
