/**
 * A saved dashboard's queries and variables, and the variable selections a user can make, for tests that send
 * every query as Grafana would: variables come only from the dashboard's own JSON (a variable the dashboard
 * does not define stays `$name`, which Prometheus rejects, as it would in Grafana).
 */
import {
  ALL_VALUE,
  applyVariableRegex,
  customOptions,
  defaultSelection,
  EscapeMode,
  interpolateGrafana,
  ResolvedVariable,
  SavedVariable,
} from './grafanaInterpolation';

export interface SavedTarget {
  expr?: string;
}

export interface SavedPanel {
  title?: string;
  targets?: SavedTarget[];
  panels?: SavedPanel[];
}

export interface SavedDashboard {
  title: string;
  templating: { list: SavedVariable[] };
  panels: SavedPanel[];
  annotations?: { list: Array<{ name?: string; expr?: string }> };
}

export interface DashboardQuery {
  /** Where it sits, for messages: panel title or annotation name. */
  where: string;
  expr: string;
}

/** Every PromQL expression of the panels (collapsed rows included) and annotations. */
export function dashboardQueries(d: SavedDashboard): DashboardQuery[] {
  const panels = d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  const out: DashboardQuery[] = [];
  for (const p of panels) {
    for (const t of p.targets ?? []) {
      if (t.expr) {
        out.push({ where: `panel "${p.title}"`, expr: t.expr });
      }
    }
  }
  for (const a of d.annotations?.list ?? []) {
    if (a.expr) {
      out.push({ where: `annotation "${a.name}"`, expr: a.expr });
    }
  }
  return out;
}

/** The text of a query variable's query (saved as a string or as `{ query }`). */
export function variableQueryText(v: SavedVariable): string {
  if (typeof v.query === 'string') {
    return v.query;
  }
  const q = v.query as { query?: string } | undefined;
  return q?.query ?? '';
}

/** The macros the Prometheus data source supplies, at values that suit a 1 s scrape interval. */
export const TEST_MACROS: Record<string, string> = {
  __rate_interval: '20s',
  __interval: '5s',
  __interval_ms: '5000',
  __range: '5m',
  __range_s: '300',
  __range_ms: '300000',
};

/** Label values built to break a query that does not escape them. */
export const HOSTILE_VALUES = [
  'deepseek-ai/DeepSeek-V3.1',
  "it's",
  'back\\slash',
  'decode-\\d+',
  'quote"inside',
  'a,b : c',
  '(x|y)',
  '.*',
  '$model',
  '${role}',
  '}',
  '{a="b"}',
  '[0-9]+',
  'line\nbreak',
  '`tick`',
];

/** How a test answers a query variable: the option texts its query returns. */
export type OptionSource = (v: SavedVariable, interpolatedQuery: string) => Promise<string[]>;

/** How a scenario picks a variable's selection from its options. */
export type Pick = (v: SavedVariable, options: string[]) => string | string[];

export const pickDefaults: Pick = defaultSelection;

/** Every variable that offers All at All, the rest at their defaults. */
export const pickAll: Pick = (v, options) => (v.includeAll ? (v.multi ? [ALL_VALUE] : ALL_VALUE) : defaultSelection(v, options));

/** Every multi-value variable at all its options selected one by one (not as All), the rest at their defaults. */
export const pickEveryOption: Pick = (v, options) => (v.multi && options.length > 0 ? options : defaultSelection(v, options));

/**
 * One variable at one value, the rest at their defaults. Only an option can be selected (the dashboards
 * allow no custom values), so a value the variable's regex dropped leaves the default, as in Grafana.
 */
export const pickOne =
  (name: string, value: string): Pick =>
  (v, options) =>
    v.name === name && options.includes(value) ? (v.multi ? [value] : value) : defaultSelection(v, options);

/** Every query variable at one value (where it is an option), the rest at their defaults. */
export const pickEverywhere =
  (value: string): Pick =>
  (v, options) =>
    v.type === 'query' && options.includes(value) ? (v.multi ? [value] : value) : defaultSelection(v, options);

/** Hostile label values as a query variable's query returns them (query_result: one sample per value). */
export const hostileOptions: OptionSource = async (_, query) => {
  const parsed = parseVariableQuery(query);
  if (parsed?.kind === 'query_result') {
    const label = /\(?\s*\w+\s*\(\s*(\w+)/.exec(parsed.expr)?.[1] ?? 'value';
    return HOSTILE_VALUES.map((h) => queryResultText({ [label]: h }, '1', 0));
  }
  return HOSTILE_VALUES;
};

/**
 * Resolves the dashboard's variables in order, as Grafana does: each variable's query is interpolated with
 * the variables before it, its options pass its regex, and `pick` chooses the selection. A custom variable's
 * options are its own list; a text box or constant holds its saved text.
 */
export async function resolveVariables(
  d: SavedDashboard,
  optionsOf: OptionSource,
  pick: Pick,
  mode: EscapeMode,
  macros: Record<string, string> = TEST_MACROS
): Promise<Record<string, ResolvedVariable>> {
  const resolved: Record<string, ResolvedVariable> = {};
  for (const v of d.templating.list) {
    let options: string[];
    switch (v.type) {
      case 'custom':
        options = customOptions(String(v.query ?? '')).map((o) => o.value);
        break;
      case 'query': {
        const q = interpolateGrafana(variableQueryText(v), resolved, macros, mode);
        if (q.unknown.length > 0) {
          throw new Error(`variable ${v.name}: its query names undefined ${q.unknown.join(', ')}`);
        }
        options = applyVariableRegex(v.regex, await optionsOf(v, q.text));
        break;
      }
      case 'datasource':
        options = ['prometheus'];
        break;
      default: {
        const text = String(v.current?.value ?? v.query ?? '');
        options = [text];
      }
    }
    resolved[v.name] = {
      name: v.name,
      type: v.type,
      multi: Boolean(v.multi),
      includeAll: Boolean(v.includeAll),
      allValue: v.allValue || undefined,
      options,
      value: pick(v, options),
    };
  }
  return resolved;
}

/**
 * A query variable's definition as the Prometheus data source runs it: `label_values(selector, label)` asks for
 * the series of the selector, `query_result(expr)` runs the expression. Null for any other form.
 */
export function parseVariableQuery(text: string): { kind: 'label_values'; selector: string; label: string } | { kind: 'query_result'; expr: string } | null {
  const lv = /^\s*label_values\(\s*(.*),\s*(\w+)\s*\)\s*$/s.exec(text);
  if (lv) {
    return { kind: 'label_values', selector: lv[1], label: lv[2] };
  }
  const qr = /^\s*query_result\(\s*(.*)\s*\)\s*$/s.exec(text);
  return qr ? { kind: 'query_result', expr: qr[1] } : null;
}

/** Grafana's text for one query_result sample: `name{a="x", b="y"} value timestamp_ms`. */
export function queryResultText(metric: Record<string, string>, value: string, timestampSeconds: number): string {
  const { __name__: name = '', ...labels } = metric;
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return `${name}{${pairs.join(', ')}} ${value} ${timestampSeconds * 1000}`;
}
