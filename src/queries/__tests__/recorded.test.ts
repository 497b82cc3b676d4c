import { parser } from '@prometheus-io/lezer-promql';
import { WIDE_EP_PAGE } from '../../catalog/pages/wideEp';
import { PageSpec } from '../../catalog/panelSpec';
import { recordingRuleSpecs } from '../../catalog/rules';
import { RECORDED_QUERIES } from '../../catalog/rules/recording';
import { pageVariables, usesRecorded } from '../../catalog/variableSpecs';
import { DASHBOARD_ROLE_MAPPING } from '../../catalog/dashboardRole';
import { DEFAULT, POD_NAME } from '../../testing/fixtures';
import { interpolate, promqlSyntaxErrors } from '../../testing/promqlGrammar';
import { ruleContext, variableContext } from '../context';
import { print } from '../promql';
import { GATE_LABEL, gatedQuery, roleMappingId, RULES_INFO_METRIC, VAR_RECORDED } from '../recorded';
import { SPEC_PAGES } from '../../catalog/pages';

const ctx = variableContext(DEFAULT, WIDE_EP_PAGE.filters);
const RAW_GATE = `${GATE_LABEL}=~"$${VAR_RECORDED}"`;
const RECORDED_GATE = `${GATE_LABEL}!~"$${VAR_RECORDED}"`;

/** Every vector selector of a query, as text (lezer's VectorSelector nodes). */
function selectors(expr: string): string[] {
  const out: string[] = [];
  parser.parse(expr).iterate({
    enter: (n) => {
      if (n.name === 'VectorSelector') {
        out.push(expr.slice(n.from, n.to));
        return false;
      }
      return undefined;
    },
  });
  return out;
}

/** The gated queries of a page, with the panel they belong to. */
const gatedOf = (page: PageSpec, c = ctx) =>
  page.rows.flatMap((r) => r.panels.flatMap((p) => p.queries(c).filter((q) => print(q.expr).includes(`$${VAR_RECORDED}`)).map((q) => ({ panel: p, expr: print(q.expr) }))));

describe('recorded mode: gated pairs', () => {
  const gated = gatedOf(WIDE_EP_PAGE);

  it('every recorded query is read by some page, and every record a page reads is a recording rule', () => {
    const all = SPEC_PAGES.flatMap((p) => gatedOf(p, variableContext(DEFAULT, p.filters)));
    const records = new Set(all.flatMap(({ expr }) => RECORDED_QUERIES.filter((q) => expr.includes(`${q.record}{`)).map((q) => q.record)));
    expect([...records].sort()).toEqual(RECORDED_QUERIES.map((q) => q.record).sort());
    const rules = new Set(recordingRuleSpecs(DEFAULT).map((r) => r.record));
    const read = all.flatMap(({ expr }) => selectors(expr).filter((s) => s.includes(`!~"$${VAR_RECORDED}"`)).map((s) => s.slice(0, s.indexOf('{'))));
    expect(read.filter((r) => !rules.has(r))).toEqual([]);
    expect(gated.length).toBeGreaterThan(0);
  });

  it.each(RECORDED_QUERIES.map((q) => [q.record, q] as const))('%s: every selector of one side carries exactly one gate', (_, q) => {
    const expr = print(gatedQuery(ctx, q));
    expect(promqlSyntaxErrors(interpolate(expr))).toEqual([]);
    const all = selectors(expr);
    const recorded = all.filter((s) => s.startsWith(`${q.record}{`));
    const raw = all.filter((s) => !s.startsWith(`${q.record}{`));
    expect(recorded).toHaveLength(1);
    expect(raw.length).toBeGreaterThan(0);
    expect(recorded.every((s) => s.includes(RECORDED_GATE) && !s.includes(RAW_GATE))).toBe(true);
    expect(raw.filter((s) => !s.includes(RAW_GATE) || s.includes(RECORDED_GATE))).toEqual([]);
  });

  it('the recorded side applies only the filters its labels can honour', () => {
    const q = RECORDED_QUERIES.find((r) => r.record.startsWith('model_role:vllm_generation_tokens_per_engine:max_over_avg'))!;
    const recorded = selectors(print(gatedQuery(ctx, q))).find((s) => s.startsWith(q.record))!;
    expect(recorded).toContain('model_name=~"$model"');
    expect(recorded).not.toContain('namespace=');
    expect(recorded).not.toContain('engine=');
  });

  it('is the builder alone where the context is not recorded (rules, alerts)', () => {
    for (const q of RECORDED_QUERIES) {
      expect(gatedQuery(ruleContext(DEFAULT), q)).not.toContain(VAR_RECORDED);
    }
  });
});

describe('recorded mode: each rule records its panel\'s own query', () => {
  const rules = new Map(recordingRuleSpecs(DEFAULT).map((r) => [r.record, print(r.expr)]));
  // The panel's query as the page would send it without recorded mode, over every series in the rules' window:
  // the page-only layer control dropped, which the recorded side applies to the record's `layer` label instead.
  const unfiltered = { ...ruleContext(DEFAULT), recorded: false };
  const dropLayer = (s: string) => s.replace(/\{layer=~"\$layer"\}/g, '').replace(/,layer=~"\$layer"/g, '');
  const panelExprs = SPEC_PAGES.flatMap((page) => page.rows.flatMap((r) => r.panels.flatMap((p) => p.queries(unfiltered).map((q) => dropLayer(print(q.expr))))));

  it.each(RECORDED_QUERIES.map((q) => [q.record] as const))('%s', (record) => {
    const expr = rules.get(record);
    expect(expr).toBeDefined();
    expect(panelExprs.some((p) => p.includes(expr!))).toBe(true);
  });
});

describe('recorded mode: the gate variable', () => {
  it('comes last on pages with gated queries, hidden, and names the page\'s role mapping', () => {
    const vars = pageVariables(WIDE_EP_PAGE, POD_NAME);
    const gate = vars[vars.length - 1];
    expect(gate).toMatchObject({ kind: 'query', name: VAR_RECORDED, hidden: true, multi: false, includeAll: false });
    const query = (gate as { query: string }).query;
    expect(query).toContain(`${RULES_INFO_METRIC}{window="5m",roles=${JSON.stringify(roleMappingId(POD_NAME))}}`);
    // Filters the records cannot honour must be at All; the model filter is honoured.
    expect(query).toContain('"$namespace"');
    expect(query).toContain('"$engine"');
    expect(query).not.toContain('$model');
    expect(promqlSyntaxErrors(interpolate(query.replace(/^query_result\((.*)\)$/, '$1')))).toEqual([]);
  });

  it('exists only on pages with gated queries', () => {
    for (const page of SPEC_PAGES) {
      const has = pageVariables(page, DEFAULT).some((v) => v.name === VAR_RECORDED);
      expect([page.id, has]).toEqual([page.id, gatedOf(page, variableContext(DEFAULT, page.filters)).length > 0]);
      expect(usesRecorded(page, DASHBOARD_ROLE_MAPPING)).toBe(has);
    }
  });
});
