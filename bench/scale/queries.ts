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
import { WIDE_EP_PAGE } from '../../src/catalog/pages/wideEp';
import { pageVariables } from '../../src/catalog/variableSpecs';
import { variableContext } from '../../src/queries/context';
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
}

export interface QueryGroup {
  /** "page Overview", "dashboard overview.json", "peers vLLM example dashboard". */
  name: string;
  style: Style;
  queries: BenchQuery[];
}

/**
 * Grafana's macros for a 1 h panel: its interval is range / max data points (~1,000 px wide → 3.6 s), raised to the
 * data source's minimum interval, which is set to the scrape interval (docs/scale.md); $__rate_interval is
 * max($__interval + scrape, 4 × scrape) (Grafana's Prometheus data source). So the step is the scrape interval.
 */
export function grafanaMacros(
  rangeSeconds: number,
  scrapeSeconds: number
): { step: number; macros: Record<string, string> } {
  const step = Math.max(Math.ceil(rangeSeconds / 1000), scrapeSeconds);
  const rate = Math.max(step + scrapeSeconds, 4 * scrapeSeconds);
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

/**
 * The Wide EP page's Layer control at its default, as the page finds it: the first option of its own query (the
 * worst-balanced layer), asked at the end of the benchmark range.
 */
export async function pageDefaults(storeUrl: string, at: number): Promise<Record<string, string>> {
  const spec = pageVariables(WIDE_EP_PAGE, findPreset(DEFAULT_ROLE_PRESET)!.mapping).find((v) => v.name === 'layer');
  if (!spec || spec.kind !== 'query') {
    return {};
  }
  const expr = interpolate(spec.query.replace(/^query_result\((.*)\)$/s, '$1'), ALL_VALUES);
  const body = (await (
    await fetch(`${storeUrl}/api/v1/query?${new URLSearchParams({ query: expr, time: String(at) })}`)
  ).json()) as {
    data?: { result?: Array<{ metric: Record<string, string> }> };
  };
  const layer = body.data?.result?.[0]?.metric.layer;
  if (layer === undefined) {
    throw new Error(
      'the Wide EP Layer control lists no layer at the end of the range: is the per-layer gauge in the history?'
    );
  }
  return { layer };
}

/** The app's pages as they query: defaults of the page controls (`layer`: the page's own default, looked up). */
export function pageGroups(macros: Record<string, string>, pageDefaults: Record<string, string>): QueryGroup[] {
  const mapping = findPreset(DEFAULT_ROLE_PRESET)!.mapping;
  return SPEC_PAGES.map((page) => {
    const ctx = variableContext(mapping, page.filters);
    const queries = page.rows
      .flatMap((r) => r.panels)
      .flatMap((panel) =>
        panel.queries(ctx).map((q) => ({
          where: `${panel.id}${q.legend ? ` ${q.legend}` : ''}`,
          expr: interpolate(q.expr, { ...ALL_VALUES, ...macros, ...pageDefaults }),
          instant: q.instant === true,
        }))
      );
    return { name: `page ${page.title ?? page.id}`, style: 'raw' as Style, queries };
  });
}

interface RawTarget {
  expr?: string;
  instant?: boolean;
  range?: boolean;
}
interface RawPanel {
  title?: string;
  targets?: RawTarget[];
  panels?: RawPanel[];
}

/** The included dashboards with their own variables at their defaults, options read from the store. */
export async function dashboardGroups(
  storeUrl: string,
  at: number,
  macros: Record<string, string>
): Promise<QueryGroup[]> {
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
          queries.push({
            where: p.title ?? '',
            expr: interpolateGrafana(t.expr, vars, macros, CLASSIC_ESCAPING).text,
            instant: t.instant === true && t.range !== true,
          });
        }
      }
    }
    for (const a of d.annotations?.list ?? []) {
      if (a.expr) {
        queries.push({
          where: `annotation ${a.name}`,
          expr: interpolateGrafana(a.expr, vars, macros, CLASSIC_ESCAPING).text,
          instant: false,
        });
      }
    }
    groups.push({ name: `dashboard ${file}`, style: 'raw', queries });
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
  let text = expr.replace(MATCH_ALL, (m) => (m.trim().startsWith(',') ? '' : '')).replace(/\{\s*,?\s*\}/g, '');
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
