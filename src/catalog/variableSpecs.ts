/**
 * The template variables of a page, described once and rendered both as scene variables (app) and as
 * dashboard variables (generated dashboards).
 */
import { RoleMapping } from '../settings/rolePresets';
import { DEFAULT_SLO_ITL_SECONDS, DEFAULT_SLO_TTFT_SECONDS } from '../settings/settings';
import { agg, Expr, or, print, selector, sortAsc, Matcher } from '../queries/promql';
import { anyOfLiterals } from '../queries/escapeRegex';
import { filterMatcher, variableContext } from '../queries/context';
import { GATE_REGEX, GateCondition, gateQuery, RecordedQuery, RECORDING_WINDOW, VAR_RECORDED } from '../queries/recorded';
import { RECORDED_QUERIES } from './rules/recording';
import { dcgmSeries, HOST_LABEL } from '../queries/gpu';
import {
  FilterVariable,
  VAR_DATASOURCE,
  VAR_ENGINE,
  VAR_HOSTNAME,
  VAR_LAYER,
  VAR_MODEL,
  VAR_NAMESPACE,
  VAR_POD,
  VAR_ROLE,
  VAR_SLO_ITL,
  VAR_SLO_TTFT,
} from '../queries/variables';
import { ExtraVariable, PageSpec } from './panelSpec';
import { SIGNALS } from '../queries/signals/signals';

/** The metric every vLLM engine exports in every version: the source of filter values. */
export const ENGINE_PRESENCE_METRIC = 'vllm:num_requests_running';

export type VariableSpec =
  | { kind: 'datasource'; name: string; label: string; pluginId: string; defaultUid?: string }
  | {
      kind: 'query';
      name: string;
      label: string;
      query: string;
      multi: boolean;
      includeAll: boolean;
      allValue?: string;
      /** Applied to each result's text; the first capture group is the value (Grafana's variable regex). */
      regex?: string;
      /** Options in the order the query returns them (default: alphabetical). */
      keepOrder?: boolean;
      /** Start at the first option rather than All (All stays offered when includeAll). */
      startAtFirst?: boolean;
      /** Not shown among the controls (the recorded-mode gate). */
      hidden?: boolean;
    }
  | { kind: 'role'; name: string; label: string; mapping: RoleMapping }
  | {
      kind: 'textbox';
      name: string;
      label: string;
      value: string;
      description: string;
      /** Values a dashboard offers instead of free text, where the value lands outside a PromQL string. */
      choices?: string[];
      /** A number the queries use as a PromQL literal: anything else is refused and `fallback` used instead. */
      number?: NumberBounds;
    };

/** What a numeric text box accepts, and what stands in for a refused entry. */
export interface NumberBounds {
  fallback: number;
  /** Exclusive lower bound. */
  above: number;
  max: number;
}

/** SLO targets in seconds: positive, at most an hour (as the configuration form checks them). */
const SLO_BOUNDS = { above: 0, max: 3600 };

/** A plain decimal number: what PromQL reads as a literal, and nothing an expression could hide in. */
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

/**
 * The value a numeric text box puts into PromQL: the typed number when it is a plain decimal within bounds,
 * else the fallback with a message. `vector($slo_ttft)` then never receives `2s` or `1) or on() vector(9`.
 */
export function numberVariableValue(text: string, bounds: NumberBounds): { value: string; error?: string } {
  const trimmed = text.trim();
  const n = Number(trimmed);
  if (!DECIMAL.test(trimmed) || !Number.isFinite(n)) {
    return { value: String(bounds.fallback), error: `"${text}" is not a number of seconds; using ${bounds.fallback}.` };
  }
  if (n <= bounds.above || n > bounds.max) {
    return {
      value: String(bounds.fallback),
      error: `${trimmed} is outside (${bounds.above}, ${bounds.max}]; using ${bounds.fallback}.`,
    };
  }
  return { value: String(n) };
}

const FILTER_ORDER: FilterVariable[] = ['namespace', 'model', 'role', 'pod', 'engine'];

const FILTER_LABELS: Record<Exclude<FilterVariable, 'role'>, { name: string; label: string; target: string }> = {
  namespace: { name: VAR_NAMESPACE, label: 'Namespace', target: 'namespace' },
  model: { name: VAR_MODEL, label: 'Model', target: 'model_name' },
  pod: { name: VAR_POD, label: 'Pod', target: 'pod' },
  engine: { name: VAR_ENGINE, label: 'Engine (DP rank)', target: 'engine' },
};

/** `label_values(vllm:num_requests_running{<filters before this one>}, <label>)`. */
export function labelValuesQuery(target: string, before: Matcher[]): string {
  return `label_values(${print(selector(ENGINE_PRESENCE_METRIC, before))}, ${target})`;
}

/** SLO targets the `slo` variables start from (the app's settings; the dashboards use the defaults). */
export interface SloDefaults {
  ttftSeconds: number;
  itlSeconds: number;
}

/** `{__name__=~"a|b"}`: every name a signal has been exported under. */
function anyName(names: string[], matchers: Matcher[]): Expr {
  return selector('', [{ label: '__name__', op: '=~', value: anyOfLiterals(names) }, ...matchers]);
}

/**
 * SLO targets a dashboard offers. The value is a number inside `vector(...)`, where no escaping exists, so a
 * dashboard offers fixed numbers rather than a text box.
 */
export const SLO_TTFT_CHOICES = [0.2, 0.5, 1, 2, 3, 5, 10, 30];
export const SLO_ITL_CHOICES = [0.01, 0.025, 0.05, 0.1, 0.2, 0.5];

function sloChoices(base: number[], current: number): string[] {
  return [...new Set([...base, current])].filter((n) => Number.isFinite(n) && n >= 0).sort((a, b) => a - b).map(String);
}

/**
 * The MoE layer control. Its options come worst-balanced first (the proposed per-layer gauge, ascending), then
 * any other layer SGLang's per-rank histogram or the per-expert DEBUG gauge names; it starts at the first
 * option, so the per-layer and per-expert panels draw one layer (256 experts rather than 61 × 256) until a
 * user picks more, or All.
 */
function layerVariable(before: Matcher[]): VariableSpec {
  const layers = (op: 'min' | 'count', names: string[]) => agg(op, ['layer'], anyName(names, before));
  const worstFirst = sortAsc(
    or(
      layers('min', SIGNALS.eplbBalancedness.names.map((n) => n.name)),
      or(
        layers('count', SIGNALS.sglangEplbGpuPhysicalCount.names.map((n) => `${n.name}_count`)),
        layers('count', SIGNALS.expertLoad.names.map((n) => n.name))
      )
    )
  );
  return {
    kind: 'query',
    name: VAR_LAYER,
    label: 'MoE layer',
    query: `query_result(${print(worstFirst)})`,
    regex: '/layer="([^"\\n]+)"/',
    multi: true,
    includeAll: true,
    allValue: '.*',
    keepOrder: true,
    startAtFirst: true,
  };
}

function extraVariables(extra: ExtraVariable, before: Matcher[], slo: SloDefaults): VariableSpec[] {
  switch (extra) {
    case 'layer':
      return [layerVariable(before)];
    case 'hostname': {
      // dcgm-exporter spells the label Hostname or hostname by release: list the normalized `host` label instead.
      const hosts = print(agg('count', [HOST_LABEL], dcgmSeries(SIGNALS.gpuUtil)));
      return [
        {
          kind: 'query',
          name: VAR_HOSTNAME,
          label: 'Node',
          query: `query_result(${hosts})`,
          regex: `/${HOST_LABEL}="([^"\\n]+)"/`,
          multi: true,
          includeAll: true,
          allValue: '.*',
        },
      ];
    }
    case 'slo':
      return [
        {
          kind: 'textbox',
          name: VAR_SLO_TTFT,
          label: 'TTFT SLO (s)',
          value: String(slo.ttftSeconds),
          description: 'Time-to-first-token target in seconds, drawn as a threshold line.',
          choices: sloChoices(SLO_TTFT_CHOICES, slo.ttftSeconds),
          number: { fallback: slo.ttftSeconds, ...SLO_BOUNDS },
        },
        {
          kind: 'textbox',
          name: VAR_SLO_ITL,
          label: 'ITL SLO (s)',
          value: String(slo.itlSeconds),
          description: 'Inter-token latency target in seconds, drawn as a threshold line.',
          choices: sloChoices(SLO_ITL_CHOICES, slo.itlSeconds),
          number: { fallback: slo.itlSeconds, ...SLO_BOUNDS },
        },
      ];
  }
}

/** Which recording rules a page's gate looks for: their role mapping, and conditions on variables that name it. */
export interface RecordedGate {
  mapping: RoleMapping;
  conditions: GateCondition[];
  /** What a filter's matcher value interpolates to at All (`.*` unless said otherwise). */
  allText?: (m: Matcher) => string;
}

/** The records the page's panel queries read in recorded mode. */
export function recordedOnPage(page: PageSpec, role: RoleMapping): RecordedQuery[] {
  const ctx = variableContext(role, page.filters);
  const exprs = page.rows.flatMap((r) => r.panels.flatMap((p) => p.queries(ctx).map((q) => q.expr)));
  return RECORDED_QUERIES.filter((q) => exprs.some((e) => print(e).includes(`${q.record}{`)));
}

/** Whether any panel query of the page is a recorded-mode gated pair. */
export const usesRecorded = (page: PageSpec, role: RoleMapping): boolean => recordedOnPage(page, role).length > 0;

/**
 * The hidden gate of recorded mode (src/queries/recorded.ts): "recorded" when the rules' info series exists for
 * the gate's mapping and window and every filter on a label some of the page's records do not keep is at All
 * (a filter on a kept label, such as the model, applies to the records themselves).
 */
export function recordedGateVariable(gate: RecordedGate, filters: Matcher[], records: RecordedQuery[]): VariableSpec {
  const keptByAll = (label: string) => records.every((r) => r.keeps.includes(label));
  const allText = gate.allText ?? (() => '.*');
  const atAll = filters.filter((m) => !keptByAll(m.label)).map((m) => ({ text: m.value, expected: allText(m) }));
  return {
    kind: 'query',
    name: VAR_RECORDED,
    label: 'Recorded series',
    query: gateQuery(gate.mapping, RECORDING_WINDOW, [...gate.conditions, ...atAll]),
    regex: GATE_REGEX,
    multi: false,
    includeAll: false,
    hidden: true,
  };
}

/**
 * Variables of a page: data source first, then its filters, each narrowed by the ones before it, then the
 * page's extra variables (MoE layer, node, SLO targets).
 */
export function pageVariables(
  page: PageSpec,
  role: RoleMapping,
  defaultDatasourceUid?: string,
  slo: SloDefaults = { ttftSeconds: DEFAULT_SLO_TTFT_SECONDS, itlSeconds: DEFAULT_SLO_ITL_SECONDS },
  /** The matcher the role filter adds to later variables' queries (dashboards filter on role names). */
  roleFilter: Matcher = filterMatcher('role', role),
  /** The recording rules the gate looks for: by default, generated for this page's own mapping. */
  gate: RecordedGate = { mapping: role, conditions: [] }
): VariableSpec[] {
  const vars: VariableSpec[] = [
    { kind: 'datasource', name: VAR_DATASOURCE, label: 'Data source', pluginId: 'prometheus', defaultUid: defaultDatasourceUid },
  ];
  const before: Matcher[] = [];
  for (const f of FILTER_ORDER.filter((f) => page.filters.includes(f))) {
    if (f === 'role') {
      vars.push({ kind: 'role', name: VAR_ROLE, label: 'Role', mapping: role });
    } else {
      const l = FILTER_LABELS[f];
      vars.push({
        kind: 'query',
        name: l.name,
        label: l.label,
        query: labelValuesQuery(l.target, before),
        multi: true,
        includeAll: true,
        allValue: '.*',
      });
    }
    before.push(f === 'role' ? roleFilter : filterMatcher(f, role));
  }
  for (const extra of page.extraVariables ?? []) {
    vars.push(...extraVariables(extra, before, slo));
  }
  const records = recordedOnPage(page, role);
  if (records.length > 0) {
    vars.push(recordedGateVariable(gate, before, records));
  }
  return vars;
}

/**
 * Role options: label = role name, value = its regex in a group, escaped for a PromQL string. The group keeps
 * a flag such as `(?i)` to its own role when both are selected and joined with `|`.
 */
export function roleOptions(mapping: RoleMapping): Array<{ text: string; value: string }> {
  const escape = (regex: string) => JSON.stringify(`(?:${regex})`).slice(1, -1);
  return [
    { text: 'prefill', value: escape(mapping.prefill) },
    { text: 'decode', value: escape(mapping.decode) },
  ];
}

