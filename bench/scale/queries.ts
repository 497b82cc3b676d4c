/**
 * The queries the scale benchmark sends, grouped by what a person opens: each app page (src/catalog/pages, default
 * role mapping, every filter at All, the Wide EP Layer control at its default), each included dashboard
 * (src/dashboards/*.json, its own variables resolved against the store at their defaults by Grafana's rules,
 * src/testing/grafanaInterpolation.ts, so a variable added later is resolved too), and the peers' dashboard.
 * Three styles: raw (the queries as shipped), recorded (the same with every part that a shipped recording rule
 * computes replaced by the recorded series) and peers' (vLLM's own example dashboard, transcribed below).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SPEC_PAGES } from '../../src/catalog/pages';
import { print } from '../../src/queries/promql';
import { pageVariables } from '../../src/catalog/variableSpecs';
import { variableContext } from '../../src/queries/context';
import { VAR_RECORDED } from '../../src/queries/recorded';
import { annotationModel } from '../../src/panels/annotations';
import { DEFAULT_ROLE_PRESET, findPreset } from '../../src/settings/rolePresets';
import {
  OptionSource,
  parseVariableQuery,
  pickDefaults,
  queryResultText,
  resolveVariables,
  SavedDashboard,
} from '../../src/testing/dashboardScenarios';
import { CLASSIC_ESCAPING, interpolateGrafana, SavedVariable } from '../../src/testing/grafanaInterpolation';
import { interpolate } from '../../src/testing/promqlGrammar';
import { ALL_VALUES, ROOT } from '../../tests/support/stack';

export type Style = 'raw' | 'recorded' | 'peers';

export interface BenchQuery {
  where: string;
  expr: string;
  instant: boolean;
  /** Seconds: the step Grafana computes from the query's (or annotation's) own interval, where it sets one. */
  step?: number;
}

/** Grafana's duration text (`30s`, `1m`, `5m`, `1h`) in seconds. */
export function durationSeconds(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) {
    throw new Error(`not a duration: ${text}`);
  }
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

export interface QueryGroup {
  /** "page Overview", "dashboard overview.json", "peers vLLM example dashboard". */
  name: string;
  style: Style;
  queries: BenchQuery[];
  /** The recorded-mode gate's resolved value, where the page or dashboard has one ("" opens the raw side). */
  gate?: string;
}

/** What Grafana's step depends on besides the query: the dashboard's range and the data source's scrape interval. */
export interface Timing {
  rangeSeconds: number;
  scrapeSeconds: number;
}

/** Grafana's default max data points: the panel's width in pixels, ~1,000 for a full-width panel. */
const MAX_DATA_POINTS = 1000;
/** Grafana's cap on points per series (`safeResolution`): the step is never below range / 11,000. */
const SAFE_RESOLUTION = 11_000;

/**
 * gtime.RoundInterval (grafana/grafana-plugin-sdk-go backend/gtime/gtime.go
 * @b5f0a9708defc51b631a6d316481707854375c15), from 1 s up to 1 d: [largest interval, rounded to], in seconds.
 * Not @grafana/data's rangeUtil.roundInterval: that is the browser's copy and compares with `<` where the Go
 * code, which computes the step of a Prometheus query since the data source runs in the backend, uses `<=`.
 */
const ROUND_INTERVAL: Array<[number, number]> = [
  [1.5, 1],
  [3.5, 2],
  [7.5, 5],
  [12.5, 10],
  [17.5, 15],
  [25, 20],
  [45, 30],
  [90, 60],
  [210, 120],
  [450, 300],
  [750, 600],
  [1050, 900],
  [1500, 1200],
  [2700, 1800],
  [5400, 3600],
  [9000, 7200],
  [16200, 10800],
  [32400, 21600],
  [86400, 43200],
];
const roundInterval = (seconds: number) => ROUND_INTERVAL.find(([upTo]) => seconds <= upTo)?.[1] ?? 86400;

/** What a panel sets that moves its step: the query's own minimum interval, the panel's max data points. */
export interface StepOptions {
  intervalSeconds?: number;
  maxDataPoints?: number;
}

/**
 * Grafana's step and macros for one query, as its Prometheus data source computes them (grafana/grafana
 * pkg/promlib/models/query.go @cbadecdd803ba69bf9d4da5b93b4eaf6ab4928aa, calculatePrometheusInterval, and
 * pkg/promlib/intervalv2/intervalv2.go @1e15b8001f5af462e1187516ea1c55f3ea9ef758, Calculate): the minimum
 * interval is the query's own `interval` where it sets one, else the data source's scrape interval
 * (gtime.GetIntervalFrom); range / max data points (the panel's, else its width, ~1,000 px) rounded by
 * RoundInterval, raised to that minimum; never below range / 11,000. For a 1 h panel without options of its own
 * the step is the scrape interval. $__rate_interval is max($__interval + min interval, 4 × min interval)
 * (calculateRateInterval, the query's interval standing for the scrape interval).
 */
export function grafanaMacros(
  rangeSeconds: number,
  scrapeSeconds: number,
  own: StepOptions = {}
): { step: number; macros: Record<string, string> } {
  const minInterval = own.intervalSeconds ?? scrapeSeconds;
  const calculated = rangeSeconds / (own.maxDataPoints ?? MAX_DATA_POINTS);
  const step = Math.max(
    calculated < minInterval ? minInterval : roundInterval(calculated),
    roundInterval(rangeSeconds / SAFE_RESOLUTION)
  );
  const rate = Math.max(step + minInterval, 4 * minInterval);
  return {
    step,
    macros: {
      __rate_interval: `${rate}s`,
      __interval: `${step}s`,
      __interval_ms: String(step * 1000),
      __range: `${rangeSeconds}s`,
      __range_s: String(rangeSeconds),
      __range_ms: String(rangeSeconds * 1000),
    },
  };
}

/** A query's step and macros: where the query or panel sets its own step options, the step Grafana derives. */
function queryTiming(
  timing: Timing,
  interval: string | undefined,
  maxDataPoints?: number
): { step?: number; macros: Record<string, string> } {
  const own = { intervalSeconds: interval ? durationSeconds(interval) : undefined, maxDataPoints };
  const { step, macros } = grafanaMacros(timing.rangeSeconds, timing.scrapeSeconds, own);
  return { step: own.intervalSeconds === undefined && maxDataPoints === undefined ? undefined : step, macros };
}

/** A page's hidden query variable as Grafana resolves it: the first capture of its regex over query_result's text. */
async function resolvePageVariable(
  storeUrl: string,
  at: number,
  query: string,
  regex: string | undefined,
  known: Record<string, string>
): Promise<string | undefined> {
  const parsed = parseVariableQuery(query);
  if (!parsed || parsed.kind !== 'query_result') {
    return undefined;
  }
  const expr = interpolate(parsed.expr, { ...ALL_VALUES, ...known });
  const body = (await (
    await fetch(`${storeUrl}/api/v1/query?${new URLSearchParams({ query: expr, time: String(at) })}`)
  ).json()) as { data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  const texts = (body.data?.result ?? []).map((r) => queryResultText(r.metric, r.value[1], r.value[0]));
  if (!regex) {
    return texts[0];
  }
  const re = new RegExp(regex.replace(/^\/(.*)\/$/s, '$1'));
  for (const t of texts) {
    const m = re.exec(t);
    if (m) {
      return m[1] ?? m[0];
    }
  }
  // No option: a single-value query variable takes the empty value (src/queries/recorded.ts).
  return '';
}

/**
 * Each page's hidden and defaulted controls as the page finds them, asked at the end of the benchmark range: the
 * Wide EP Layer control's first option (the worst-balanced layer) and the recorded-mode gate (`recorded` when the
 * backfilled rules' info series answers, empty otherwise).
 */
export async function pageDefaults(storeUrl: string, at: number): Promise<Record<string, Record<string, string>>> {
  const mapping = findPreset(DEFAULT_ROLE_PRESET)!.mapping;
  const out: Record<string, Record<string, string>> = {};
  for (const page of SPEC_PAGES) {
    const own: Record<string, string> = {};
    for (const spec of pageVariables(page, mapping)) {
      if (spec.kind !== 'query' || (spec.name !== 'layer' && spec.name !== VAR_RECORDED)) {
        continue;
      }
      const value =
        spec.name === 'layer'
          ? await resolvePageVariable(storeUrl, at, spec.query, '/layer="([^"]*)"/', own)
          : await resolvePageVariable(storeUrl, at, spec.query, spec.regex, own);
      if (spec.name === 'layer' && !value) {
        throw new Error(
          'the Wide EP Layer control lists no layer at the end of the range: is the per-layer gauge in the history?'
        );
      }
      own[spec.name] = value ?? '';
    }
    out[page.id] = own;
  }
  return out;
}

/** The app's pages as they query: defaults of the page controls (`layer`: the page's own default, looked up). */
export function pageGroups(timing: Timing, pageDefaults: Record<string, Record<string, string>>): QueryGroup[] {
  const mapping = findPreset(DEFAULT_ROLE_PRESET)!.mapping;
  return SPEC_PAGES.map((page) => {
    const ctx = variableContext(mapping, page.filters);
    const { macros } = queryTiming(timing, undefined);
    const values = { ...ALL_VALUES, ...macros, ...(pageDefaults[page.id] ?? {}) };
    const queries: BenchQuery[] = page.rows
      .flatMap((r) => r.panels)
      .flatMap((panel) =>
        panel.queries(ctx).map((q) => {
          const own = queryTiming(timing, q.interval);
          return {
            where: `${panel.id}${q.legend ? ` ${q.legend}` : ''}`,
            expr: interpolate(print(q.expr), { ...values, ...own.macros }),
            instant: q.instant === true,
            step: own.step,
          };
        })
      );
    // The page draws its annotations over every time series: one range query each, at the annotation's step.
    for (const a of page.annotations ?? []) {
      const model = annotationModel(a, ctx);
      queries.push({
        where: `annotation ${a.name}`,
        expr: interpolate(model.expr, values),
        instant: false,
        step: durationSeconds(model.target.interval),
      });
    }
    return { name: `page ${page.title ?? page.id}`, style: 'raw' as Style, queries };
  });
}

interface RawAnnotation {
  expr?: string;
  name?: string;
  step?: string;
  target?: { interval?: string };
}
interface RawTarget {
  expr?: string;
  instant?: boolean;
  range?: boolean;
  interval?: string;
}
interface RawPanel {
  title?: string;
  maxDataPoints?: number;
  targets?: RawTarget[];
  panels?: RawPanel[];
}

/** The included dashboards with their own variables at their defaults, options read from the store. */
export async function dashboardGroups(storeUrl: string, at: number, timing: Timing): Promise<QueryGroup[]> {
  const { macros } = queryTiming(timing, undefined);
  const dir = join(ROOT, 'src/dashboards');
  const groups: QueryGroup[] = [];
  for (const file of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const d = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SavedDashboard;
    const vars = await resolveVariables(d, storeOptions(storeUrl, at), pickDefaults, CLASSIC_ESCAPING, macros);
    const queries: BenchQuery[] = [];
    for (const p of (d.panels as RawPanel[]).flatMap((x) => [x, ...(x.panels ?? [])])) {
      for (const t of p.targets ?? []) {
        if (t.expr) {
          const own = queryTiming(timing, t.interval, p.maxDataPoints);
          queries.push({
            where: p.title ?? '',
            expr: interpolateGrafana(t.expr, vars, own.macros, CLASSIC_ESCAPING).text,
            instant: t.instant === true && t.range !== true,
            step: own.step,
          });
        }
      }
    }
    for (const a of (d.annotations?.list ?? []) as RawAnnotation[]) {
      if (a.expr) {
        // Grafana sends the annotation's step as the query's minimum interval (src/panels/annotations.ts).
        const interval = a.target?.interval ?? a.step;
        queries.push({
          where: `annotation ${a.name}`,
          expr: interpolateGrafana(a.expr, vars, macros, CLASSIC_ESCAPING).text,
          instant: false,
          step: interval ? durationSeconds(interval) : undefined,
        });
      }
    }
    groups.push({
      name: `dashboard ${file}`,
      style: 'raw',
      queries,
      gate: vars[VAR_RECORDED] ? String(vars[VAR_RECORDED].value) : undefined,
    });
  }
  return groups;
}

/** A query variable's options as Grafana's Prometheus data source finds them, at the end of the benchmark range. */
function storeOptions(url: string, at: number): OptionSource {
  return async (v: SavedVariable, query: string) => {
    const parsed = parseVariableQuery(query);
    if (!parsed) {
      throw new Error(`variable ${v.name}: query form not understood: ${query}`);
    }
    if (parsed.kind === 'label_values') {
      const params = new URLSearchParams({ 'match[]': parsed.selector, start: String(at - 3600), end: String(at) });
      const body = (await (await fetch(`${url}/api/v1/series?${params}`)).json()) as {
        data: Array<Record<string, string>>;
      };
      return [...new Set(body.data.map((s) => s[parsed.label]).filter((x) => x !== undefined))].sort();
    }
    const params = new URLSearchParams({ query: parsed.expr, time: String(at) });
    const body = (await (await fetch(`${url}/api/v1/query?${params}`)).json()) as {
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    return body.data.result.map((s) => queryResultText(s.metric, s.value[1], s.value[0]));
  };
}

/**
 * vLLM's example Grafana dashboard, every panel query, as written there (vllm-project/vllm
 * examples/online_serving/prometheus_grafana/grafana.json @ e88892c9080b29aa3dbc1d1096ba719ab0886163). It shows
 * one model (`$model_name`, a single-valued label_values(model_name) variable) and no roles or engines, so its
 * panels sum nothing per fleet: the comparison is what a per-engine, per-model dashboard costs at the same scale.
 */
export const VLLM_EXAMPLE_DASHBOARD: string[] = [
  ...[0.99, 0.95, 0.9, 0.5].map(
    (q) =>
      `histogram_quantile(${q}, sum by(le) (rate(vllm:e2e_request_latency_seconds_bucket{model_name="$model_name"}[$__rate_interval])))`
  ),
  'rate(vllm:e2e_request_latency_seconds_sum{model_name="$model_name"}[$__rate_interval])\n/\nrate(vllm:e2e_request_latency_seconds_count{model_name="$model_name"}[$__rate_interval])',
  'rate(vllm:prompt_tokens_total{model_name="$model_name"}[$__rate_interval])',
  'rate(vllm:generation_tokens_total{model_name="$model_name"}[$__rate_interval])',
  ...[0.99, 0.95, 0.9, 0.5].map(
    (q) =>
      `histogram_quantile(${q}, sum by(le) (rate(vllm:time_per_output_token_seconds_bucket{model_name="$model_name"}[$__rate_interval])))`
  ),
  'rate(vllm:time_per_output_token_seconds_sum{model_name="$model_name"}[$__rate_interval])\n/\nrate(vllm:time_per_output_token_seconds_count{model_name="$model_name"}[$__rate_interval])',
  'vllm:num_requests_running{model_name="$model_name"}',
  'vllm:num_requests_swapped{model_name="$model_name"}',
  'vllm:num_requests_waiting{model_name="$model_name"}',
  ...[0.99, 0.95, 0.9, 0.5].map(
    (q) =>
      `histogram_quantile(${q}, sum by(le) (rate(vllm:time_to_first_token_seconds_bucket{model_name="$model_name"}[$__rate_interval])))`
  ),
  'rate(vllm:time_to_first_token_seconds_sum{model_name="$model_name"}[$__rate_interval])\n/\nrate(vllm:time_to_first_token_seconds_count{model_name="$model_name"}[$__rate_interval])',
  'vllm:gpu_cache_usage_perc{model_name="$model_name"}',
  'vllm:cpu_cache_usage_perc{model_name="$model_name"}',
  'sum by(le) (increase(vllm:request_prompt_tokens_bucket{model_name="$model_name"}[$__rate_interval]))',
  'sum by(le) (increase(vllm:request_generation_tokens_bucket{model_name="$model_name"}[$__rate_interval]))',
  'sum by(finished_reason) (increase(vllm:request_success_total{model_name="$model_name"}[$__rate_interval]))',
  'rate(vllm:request_queue_time_seconds_sum{model_name="$model_name"}[$__rate_interval])',
  'rate(vllm:request_prefill_time_seconds_sum{model_name="$model_name"}[$__rate_interval])',
  'rate(vllm:request_decode_time_seconds_sum{model_name="$model_name"}[$__rate_interval])',
  'rate(vllm:request_max_num_generation_tokens_sum{model_name="$model_name"}[$__rate_interval])',
];

/** The peers' dashboard with its model variable at its default: the first model_name the store lists. */
export async function peerGroup(storeUrl: string, macros: Record<string, string>): Promise<QueryGroup> {
  const body = (await (await fetch(`${storeUrl}/api/v1/label/model_name/values`)).json()) as { data: string[] };
  const model = body.data.sort()[0] ?? '';
  return {
    name: 'peers: vLLM example dashboard',
    style: 'peers',
    queries: VLLM_EXAMPLE_DASHBOARD.map((expr, i) => ({
      where: `query ${i + 1}`,
      expr: interpolate(expr, { ...macros, model_name: model }),
      instant: false,
    })),
  };
}

export interface RecordingRule {
  record: string;
  expr: string;
}

/** Recording rules of the generated rule files (deploy/prometheus/rules, written by scripts/generate-rules.ts). */
export function recordingRules(dir = join(ROOT, 'deploy/prometheus/rules')): {
  files: string[];
  rules: RecordingRule[];
} {
  const files: string[] = [];
  const rules: RecordingRule[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.yml'))
    .sort()) {
    const doc = parse(readFileSync(join(dir, name), 'utf8')) as {
      groups?: Array<{ rules?: Array<Partial<RecordingRule>> }>;
    };
    const own = (doc.groups ?? [])
      .flatMap((g) => g.rules ?? [])
      .filter((r): r is RecordingRule => Boolean(r.record && r.expr));
    if (own.length > 0) {
      files.push(join(dir, name));
      rules.push(...own);
    }
  }
  return { files, rules };
}

const escapeRegex = (s: string) => s.replace(/[\\.*+?^${}()|[\]]/g, '\\$&');

/** Matchers that select everything a label can hold (a filter at All): no-ops, dropped before comparing. */
const MATCH_ALL = /,?\s*[a-zA-Z_][a-zA-Z0-9_]*\s*=~\s*"\.\*"\s*/g;

/**
 * The query with each part a recording rule computes replaced by the rule's series. A part matches when its text
 * equals the rule's expression up to whitespace and range windows (the rule's fixed window stands for the
 * panel's $__rate_interval: that is the trade a recorded panel makes), once match-all filters are dropped.
 * Returns undefined when no rule applies: the query stays raw.
 */
export function toRecorded(expr: string, rules: RecordingRule[]): string | undefined {
  // A dropped first matcher leaves `{,next=…}`: drop the comma too, then any empty braces.
  let text = expr
    .replace(MATCH_ALL, '')
    .replace(/\{\s*,\s*/g, '{')
    .replace(/\{\s*\}/g, '');
  let changed = false;
  for (const r of [...rules].sort((a, b) => b.expr.length - a.expr.length)) {
    const pattern = r.expr
      .split(/(\[[0-9]+[smhd]\])/)
      .map((part) =>
        /^\[[0-9]+[smhd]\]$/.test(part) ? '\\[[0-9]+[smhd]\\]' : escapeRegex(part).replace(/\s+/g, '\\s*')
      )
      .join('');
    const re = new RegExp(pattern.replace(/(by|without)\\\(/g, '$1\\s*\\('), 'g');
    if (re.test(text)) {
      text = text.replace(re, r.record);
      changed = true;
    }
  }
  return changed ? text : undefined;
}

/** The recorded style of a raw group: only the queries a rule covers change; the rest run as they are. */
export function recordedGroup(raw: QueryGroup, rules: RecordingRule[]): { group: QueryGroup; rewritten: number } {
  let rewritten = 0;
  const queries = raw.queries.map((q) => {
    const recorded = toRecorded(q.expr, rules);
    if (recorded !== undefined) {
      rewritten++;
    }
    return { ...q, expr: recorded ?? q.expr };
  });
  return { group: { ...raw, style: 'recorded', queries }, rewritten };
}
