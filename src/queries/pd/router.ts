/**
 * The llm-d router's P/D decisions and how load sits between the two pools.
 */
import { SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { add, agg, anyOf, Expr, rate, ratio, selector, sumBy } from '../promql';
import { gauge } from '../select';
import { onRole, Role } from './scope';

export const DECISION_LABEL = 'decision_type';

/**
 * Router decisions per second by decision type (`prefill-decode`, `decode-only`, ...). Each candidate name
 * is summed before the `or`, so a router exporting both the current and an older name is counted once.
 */
export function pdDecisionsPerSecond(ctx: QueryContext): Expr {
  return anyOf(
      SIGNALS.pdDecisions.names.map((n) => sumBy([DECISION_LABEL], rate(selector(n.name, ctx.router, ctx.window))))
    );
}

/** Mean requests in flight (running + waiting) per engine of one role. */
function inFlightPerEngine(ctx: QueryContext, role: Role): Expr {
  const scoped = onRole(ctx, role);
  return agg('avg', [], add(gauge(scoped, SIGNALS.requestsRunning), gauge(scoped, SIGNALS.requestsWaiting)));
}

/** Requests in flight per prefill engine divided by the same per decode engine. */
export function prefillDecodeLoadRatio(ctx: QueryContext): Expr {
  return ratio(inFlightPerEngine(ctx, 'prefill'), inFlightPerEngine(ctx, 'decode'));
}
