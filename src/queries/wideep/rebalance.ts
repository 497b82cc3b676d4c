/**
 * EPLB rebalances: whether a group is rearranging experts now, how often it did, how long it took, and the
 * events themselves for page annotations. All engines of a group rearrange together, so counts are taken
 * as the maximum over the group's engines rather than their sum.
 */
import { SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import {
  agg,
  Expr,
  gt,
  increase,
  maxOverTime,
  num,
  observedQuantile,
  or,
  ratio,
  sub,
  subquery,
  time,
  timestamp,
} from '../promql';
import { gauge } from '../select';
import { byGroup, GROUP, rangeFn } from './scope';

export const RANGE = '$__range';

/** 1 while a pod's engines rearrange experts, per pod (what a load balancer routes to). */
export function rebalancingPerPod(ctx: QueryContext): Expr {
  return agg('max', ['model_name', 'pod'], gauge(ctx, SIGNALS.eplbRebalancing));
}

/** 1 while an engine rearranges experts, per pod and engine: the state timeline's rows. */
export function rebalancingPerEngine(ctx: QueryContext): Expr {
  return agg('max', ['model_name', 'pod', 'engine'], gauge(ctx, SIGNALS.eplbRebalancing));
}

/** Completed rearrangements per group since the engines started (the counter itself). */
export function rearrangementsTotal(ctx: QueryContext): Expr {
  return byGroup(ctx, 'max', gauge(ctx, SIGNALS.eplbRearrangements));
}

/** Rearrangements per group within the dashboard's time range. */
export function rearrangementsInRange(ctx: QueryContext, range = RANGE): Expr {
  return byGroup(ctx, 'max', rangeFn(ctx, SIGNALS.eplbRearrangements, increase, range));
}

const durationPart = (ctx: QueryContext, part: string, range: string): Expr =>
  rangeFn(ctx, SIGNALS.eplbRearrangementDuration, increase, range, part);

/** Quantile of the rearrangement duration over the range, per group (q = 1 reads the largest bucket bound). */
export function rearrangementDurationQuantile(ctx: QueryContext, q: number, range = RANGE): Expr {
  return observedQuantile(q, byGroup(ctx, 'sum', durationPart(ctx, '_bucket', range), ['le']));
}

/** Mean rearrangement duration over the range, per group. */
export function rearrangementDurationMean(ctx: QueryContext, range = RANGE): Expr {
  return ratio(
    byGroup(ctx, 'sum', durationPart(ctx, '_sum', range)),
    byGroup(ctx, 'sum', durationPart(ctx, '_count', range))
  );
}

/**
 * Seconds since the group last completed a rearrangement within the range, to a minute's precision: the
 * counter's increase over a minute, sampled every 30 s (the overlap keeps a change between two windows).
 * increase(), not changes(): an engine restart drops the counter to 0, which changes() would count as a
 * rearrangement (tests/rules/rebalanceRestart.test.ts).
 */
export function secondsSinceRearrangement(ctx: QueryContext, range = RANGE): Expr {
  const events = gt(byGroup(ctx, 'max', rangeFn(ctx, SIGNALS.eplbRearrangements, increase, '1m')), num(0));
  // The subquery's grid ends up to a step before now: a change since then is read at the instant itself.
  const last = or(timestamp(events), maxOverTime(subquery(timestamp(events), range, '30s')));
  return sub(time(), agg('max', GROUP, last));
}

/**
 * Non-zero where a model's engines completed a rearrangement: the page annotation. The window is 1.5 steps
 * so that a change between two scrapes on either side of a step boundary is still seen. An engine restart
 * (the counter back to 0) is not an event.
 */
export function rearrangementEvents(ctx: QueryContext, window = '45s'): Expr {
  return gt(agg('max', ['model_name'], rangeFn(ctx, SIGNALS.eplbRearrangements, increase, window)), num(0));
}

/** Step of the rearrangement annotation, two thirds of its window. */
export const REARRANGEMENT_EVENT_STEP = '30s';
