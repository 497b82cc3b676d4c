/**
 * Recorded mode: a heavy panel query reads the series a recording rule precomputed where the shipped rules are
 * loaded, and the raw series otherwise, with no user action.
 *
 * `recorded or raw` alone saves nothing: PromQL evaluates both operands. So each side carries a matcher on a
 * label no series has (GATE_LABEL, value ""), driven by one hidden variable, `$recorded`:
 *   recorded side  GATE_LABEL!~"$recorded"   selects series iff the value does NOT match ""
 *   raw side       GATE_LABEL=~"$recorded"   selects series iff the value matches ""
 * Exactly one side can select anything, whatever the value (a hostile or broken one included); the other
 * selects no series, so Prometheus reads none of its samples: a matcher that does not match "" needs the label
 * set, and with no value of the label in the index its postings are empty before any chunk is opened
 * (prometheus/prometheus tsdb/querier.go @00a0da611d9ba349147593f48c9b2adf50b09790, PostingsForMatchers;
 * checked with stats=all in tests/integration/twoBackends.test.ts). An invalid regex fails both sides with
 * Prometheus' message.
 *
 * The variable runs `query_result(<info series> and on() <conditions>)` with the regex /gate="(recorded)"/: it
 * is "recorded" when the rules' info series exists for this window and role mapping and every condition holds
 * (filters the recorded series cannot honour are at All), and empty otherwise. A query variable with no result
 * and neither multi nor All takes the value "" (grafana/scenes packages/scenes/src/variables/variants/
 * MultiValueVariable.ts @54f7b920e63df3f704b26a277acd065d90dadb6b, getStateUpdateGivenNewOptions), which opens
 * the raw side. query_result runs an instant query and renders each series as `name{labels} value timestamp`
 * for the regex (grafana/grafana packages/grafana-prometheus/src/metric_find_query.ts
 * @9483bef2c4460d3c3daf7cb30d98e839d6e26124).
 */
import { RoleMapping } from '../settings/rolePresets';
import type { Signal } from './signals/signals';
import { andOn, Expr, labelReplace, Matcher, nre, onNothing, or, print, re, scalarVector, selector, sumBy } from './promql';
import { QueryContext } from './context';
import { ref } from './variables';

/** The hidden variable every gated query reads. */
export const VAR_RECORDED = 'recorded';

/** A label no series carries: matchers on it only open or close a side. */
export const GATE_LABEL = 'llmd_recorded';

/** The value that selects the recorded side; it does not match "". */
export const RECORDED_VALUE = 'recorded';

/** The series the recording rules publish to say they are loaded, for which window and role mapping. */
export const RULES_INFO_METRIC = 'llmd:recording_rules:info';

export const recordedGate = (): Matcher => nre(GATE_LABEL, ref(VAR_RECORDED));
export const rawGate = (): Matcher => re(GATE_LABEL, ref(VAR_RECORDED));

/** The role mapping as the info series names it: label and both regexes, so another mapping never matches. */
export function roleMappingId(m: RoleMapping): string {
  return `${m.label}|${m.prefill}|${m.decode}`;
}

/** Labels of the info series (the recording rule adds them to `vector(1)`). */
export function rulesInfoLabels(mapping: RoleMapping, window: string): Record<string, string> {
  return { gate: RECORDED_VALUE, window, roles: roleMappingId(mapping) };
}

/** The metric part of a recorded name (`level:metric:operations`): the signal's first name, its `prefix:` made `prefix_`. */
export const recordedMetric = (signal: Signal): string => signal.names[0].name.replace(/:/g, '_');

/** The metric part of a rated counter's record: named without `_total` once rated (Prometheus' naming practice). */
export const recordedCounter = (signal: Signal): string => recordedMetric(signal).replace(/_total$/, '');

/** The window of every recorded rate: the rules' window (src/catalog/rules/index.ts RULE_WINDOW follows it). */
export const RECORDING_WINDOW = '5m';

/**
 * A heavy query and its recording rule. `build` is the panel's own builder: the rule records
 * `build(rule context, false)`; the page's raw side is `build(page context, true)`, where `true` adds the page-only
 * matchers (`scope`, e.g. the layer control), which the recorded side applies to the record's labels instead.
 * `outer` (e.g. a top-k) runs on either side after it.
 */
export interface RecordedQuery {
  /** `level:metric:operations`. */
  record: string;
  /** Labels of the recorded series (the builder's output labels): filters on them apply to the record. */
  keeps: string[];
  build: (ctx: QueryContext, scoped: boolean) => Expr;
  scope?: Matcher[];
  outer?: (e: Expr) => Expr;
  help: string;
}

const outerOf = (q: RecordedQuery) => q.outer ?? ((e: Expr) => e);

/** The recorded side: the record under the filters it can honour, summed by its labels to drop `__name__`. */
export function recordedSide(ctx: QueryContext, q: RecordedQuery): Expr {
  const honoured = ctx.vllm.filter((m) => q.keeps.includes(m.label));
  return outerOf(q)(sumBy(q.keeps, selector(q.record, [...honoured, ...(q.scope ?? []), recordedGate()])));
}

/** The raw side: the panel's builder with the gate on every vLLM selector. */
export function rawSide(ctx: QueryContext, q: RecordedQuery): Expr {
  return outerOf(q)(q.build({ ...ctx, vllm: [...ctx.vllm, rawGate()], recorded: false }, true));
}

/** The query a panel sends: the gated pair where the context is recorded, the builder alone otherwise. */
export function gatedQuery(ctx: QueryContext, q: RecordedQuery): Expr {
  if (!ctx.recorded) {
    return outerOf(q)(q.build(ctx, true));
  }
  return or(recordedSide(ctx, q), rawSide(ctx, q));
}

/** `text` as Grafana interpolates it, equal to `expected`: a one-series vector when so, empty when not. */
function same(text: string, expected: string): Expr {
  const probe = (value: string) => labelReplace(scalarVector(1), 'v', value, '', '');
  return andOn(probe(text), probe(expected), ['v']);
}

/** A condition of the gate: a variable text (e.g. `$engine`) that must interpolate to `expected`. */
export interface GateCondition {
  text: string;
  expected: string;
}

/** The gate variable's query: the info series for this window and mapping, where every condition holds. */
export function gateQuery(mapping: RoleMapping, window: string, conditions: GateCondition[]): string {
  const info = selector(RULES_INFO_METRIC, [
    { label: 'window', op: '=', value: window },
    { label: 'roles', op: '=', value: roleMappingId(mapping) },
  ]);
  const expr = conditions.reduce<Expr>((acc, c) => onNothing('and', acc, same(c.text, c.expected)), info);
  return `query_result(${print(expr)})`;
}

/** Picks the gate value out of query_result's text: only ever the literal RECORDED_VALUE. */
export const GATE_REGEX = `/gate="(${RECORDED_VALUE})"/`;
