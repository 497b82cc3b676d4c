/**
 * Two stores, one answer: every query a page sends and every query an included dashboard sends, and how to tell
 * whether two stores answered one of them alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { print } from '../../src/queries/promql';
import { join } from 'node:path';
import { everyPanel } from '../../src/catalog/pages';
import { variableContext } from '../../src/queries/context';
import { ROLE } from './pageQueries';
import { Backend, ROOT, Sample } from './stack';

export interface NamedQuery {
  /** Where the query comes from: `page overview / panel-id [legend]` or `dashboard overview.json / title (A)`. */
  source: string;
  expr: string;
}

/** Every query of every spec page, as the page sends it with the default role mapping. */
export function pageQueries(): NamedQuery[] {
  return everyPanel().flatMap(({ page, panel }) =>
    panel
      .queries(variableContext(ROLE, page.filters))
      .map((q, i) => ({ source: `page ${page.id} / ${panel.id} [${q.legend ?? i}]`, expr: print(q.expr) }))
  );
}

interface DashboardPanel {
  title?: string;
  targets?: Array<{ expr?: string; refId?: string }>;
  panels?: DashboardPanel[];
}

/** Every query of every dashboard JSON in src/dashboards, rows' nested panels included. */
export function dashboardQueries(root = ROOT): NamedQuery[] {
  const dir = join(root, 'src/dashboards');
  const walk = (file: string, panels: DashboardPanel[] = []): NamedQuery[] =>
    panels.flatMap((p) => [
      ...(p.targets ?? [])
        .filter((t) => t.expr)
        .map((t) => ({ source: `dashboard ${file} / ${p.title ?? '?'} (${t.refId ?? '?'})`, expr: t.expr! })),
      ...walk(file, p.panels),
    ]);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .flatMap((file) => walk(file, JSON.parse(readFileSync(join(dir, file), 'utf8')).panels));
}

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };
const seconds = (n: string, unit: string) => Number(n) * SECONDS[unit];

/**
 * Shrinks every window longer than `range` (`[5m]`, `[45s]`, subqueries `[5m:15s]`) to what a test stack's short
 * history covers; run it after variable substitution so `$__range` is fitted too. Over a window longer than a
 * series' history the two engines differ by design (knownDifferences.ts, "young series"): a stack a minute old
 * would otherwise compare only that.
 */
export function fitWindows(expr: string, range = '20s', subquery = '15s:5s'): string {
  const limit = seconds(range.slice(0, -1), range.slice(-1));
  return expr
    .replace(/\[(\d+)([smh]):\d+[smh]\]/g, (whole, n, unit) => (seconds(n, unit) > limit ? `[${subquery}]` : whole))
    .replace(/\[(\d+)([smh])\]/g, (whole, n, unit) => (seconds(n, unit) > limit ? `[${range}]` : whole));
}

export type Outcome =
  | { kind: 'same'; series: number; worst: number }
  | { kind: 'both-empty' }
  | { kind: 'both-fail'; error: string }
  | { kind: 'differs'; detail: string };

/**
 * A series' identity for comparison. __name__ is left out (the stores differ on when a function keeps it), and so
 * are empty labels: in the Prometheus data model an empty label is an absent one, but VictoriaMetrics 1.79 prints
 * `role=""` where `sum by (job, role)` meets series without `role`.
 */
const key = (metric: Record<string, string>) =>
  JSON.stringify(
    Object.entries(metric)
      .filter(([name, value]) => name !== '__name__' && value !== '')
      .sort(([a], [b]) => a.localeCompare(b))
  );

/** Relative difference, with an absolute floor so values near zero compare by `zero`. */
export function relativeDifference(a: number, b: number, zero = 1e-3): number {
  if (Number.isNaN(a) && Number.isNaN(b)) {
    return 0;
  }
  if (a === b) {
    return 0;
  }
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale < zero ? 0 : Math.abs(a - b) / scale;
}

/**
 * How close two answers must be. `relative`: per series. `absolute`: differences up to this are accepted whatever
 * the relative size (for spreads of near-equal numbers). `ties`: for topk/bottomk, the chosen series may differ
 * where their values tie within the tolerance; the values are then compared in order.
 */
export interface Tolerance {
  relative: number;
  absolute?: number;
  ties?: boolean;
}

/** Same label sets (see `key`) and every non-NaN value within the tolerance. */
export function compareSamples(first: Sample[], second: Sample[], tolerance: Tolerance | number): Outcome {
  const tol = typeof tolerance === 'number' ? { relative: tolerance } : tolerance;
  // MetricsQL drops NaN samples from every answer (VictoriaMetrics docs/MetricsQL.md, commit
  // d83c68ca03a341e272d1a86e69d02c2852f550fc: "MetricsQL removes all the NaN values from the output"); Prometheus
  // returns them, and Grafana draws neither.
  const a = first.filter((s) => !Number.isNaN(s.value));
  const b = second.filter((s) => !Number.isNaN(s.value));
  if (a.length === 0 && b.length === 0) {
    return { kind: 'both-empty' };
  }
  const bByKey = new Map(b.map((s) => [key(s.metric), s.value]));
  const aKeys = new Set(a.map((s) => key(s.metric)));
  const onlyA = a.filter((s) => !bByKey.has(key(s.metric))).map((s) => key(s.metric));
  const onlyB = b.filter((s) => !aKeys.has(key(s.metric))).map((s) => key(s.metric));
  let pairs: Array<[string, number, number]>;
  if (onlyA.length || onlyB.length || a.length !== b.length) {
    if (!tol.ties || a.length !== b.length) {
      return {
        kind: 'differs',
        detail: `series: ${a.length} vs ${b.length}; only in first: ${onlyA.slice(0, 3).join(' ')}; only in second: ${onlyB.slice(0, 3).join(' ')}`,
      };
    }
    const sortedB = b.map((s) => s.value).sort((x, y) => x - y);
    pairs = a
      .map((s) => s.value)
      .sort((x, y) => x - y)
      .map((v, i) => [`rank ${i} (tie: ${onlyA.join(' ')} / ${onlyB.join(' ')})`, v, sortedB[i]]);
  } else {
    pairs = a.map((s) => [key(s.metric), s.value, bByKey.get(key(s.metric))!]);
  }
  let worst = 0;
  let worstAt = '';
  for (const [at, va, vb] of pairs) {
    const d = Math.abs(va - vb) <= (tol.absolute ?? 0) ? 0 : relativeDifference(va, vb);
    if (d > worst) {
      worst = d;
      worstAt = `${at}: ${va} vs ${vb}`;
    }
  }
  return worst <= tol.relative
    ? { kind: 'same', series: a.length, worst }
    : { kind: 'differs', detail: `worst relative difference ${worst.toFixed(4)} at ${worstAt}` };
}

/** Runs one query on both stores at `time` and compares the answers. */
export async function compareQuery(
  first: Backend,
  second: Backend,
  expr: string,
  time: number,
  tolerance: Tolerance | number
): Promise<Outcome> {
  const [ra, rb] = await Promise.allSettled([first.query(expr, {}, time), second.query(expr, {}, time)]);
  // compareQuery sends expressions as given: callers fit the windows (fitWindows) when the history is short.
  if (ra.status === 'rejected' && rb.status === 'rejected') {
    return { kind: 'both-fail', error: String(ra.reason).slice(0, 200) };
  }
  if (ra.status === 'rejected' || rb.status === 'rejected') {
    const failed = ra.status === 'rejected' ? first.name : second.name;
    const reason = ra.status === 'rejected' ? ra.reason : (rb as PromiseRejectedResult).reason;
    return { kind: 'differs', detail: `only ${failed} fails: ${String(reason).slice(0, 300)}` };
  }
  return compareSamples(ra.value, rb.value, tolerance);
}
