/**
 * Is monitoring working: targets per job and role, how stale they are, which metric families exist under
 * which names, and what the per-expert DEBUG metric costs. Names come from the signal catalog, so the check
 * knows every name a signal has had.
 */
import { Signal, SIGNALS } from './signals/signals';
import { RoleMapping } from '../settings/rolePresets';
import {
  agg,
  anyOf,
  equals,
  Expr,
  labelReplace,
  maxOverTime,
  num,
  re,
  selector,
  sub,
  subquery,
  time,
  timestamp,
} from './promql';
import { aggByRole, ROLE_LABEL } from './role';
import { anyOfLiterals } from './escapeRegex';

/** The label the presence query copies each series' metric name into (Grafana drops `__name__` in places). */
export const METRIC_LABEL = 'metric';

/** Every name of every signal: the families the app can use. */
export function catalogNames(signals: Signal[] = Object.values(SIGNALS)): string[] {
  const names = signals.flatMap((s) =>
    s.names.map((n) => (s.type === 'histogram' || s.type === 'summary' ? `${n.name}_count` : n.name))
  );
  return [...new Set(names)];
}

/** Series per metric name, for the given names: `label_replace(count by (__name__) ({__name__=~"..."}), "metric", ...)`. */
export function seriesPerName(names: string[]): Expr {
  const counted = agg('count', ['__name__'], selector('', [re('__name__', anyOfLiterals(names))]));
  return labelReplace(counted, METRIC_LABEL, '$1', '__name__', '(.+)');
}

/** Targets up and in total per job and P/D role (the role is empty for jobs that are not engines). */
export function targetsByJobAndRole(role: RoleMapping, op: 'sum' | 'count'): Expr {
  return aggByRole(op, ['job', ROLE_LABEL], selector('up'), role);
}

/** Targets Prometheus cannot scrape right now. */
export function downTargets(): Expr {
  return equals(selector('up'), num(0));
}

/**
 * Seconds since each target's last successful scrape, looking back `lookback` (targets down for longer drop
 * out of this panel and stay in the down list).
 */
export function secondsSinceLastScrape(lookback: string, step: string): Expr {
  const lastGood = maxOverTime(subquery(timestamp(equals(selector('up'), num(1))), lookback, step));
  return sub(time(), agg('max', ['job', 'instance'], lastGood));
}

/** Series the per-expert DEBUG metric holds right now, per pod. */
export function expertDebugSeries(by: string[] = []): Expr {
  return agg('count', by, anyOf(SIGNALS.expertLoad.names.map((n) => selector(n.name))));
}
