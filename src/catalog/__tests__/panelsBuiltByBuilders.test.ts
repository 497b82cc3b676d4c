/**
 * Every panel, evidence panel and annotation query is a builder's tree: the type refuses a string, and this walk refuses raw()
 * text, in the app (each role preset) and in the dashboards (role names from variables), as for the rules
 * (src/catalog/rules/__tests__/builtByBuilders.test.ts).
 */
import { SPEC_PAGES } from '../pages';
import { OVERVIEW_PAGE } from '../pages/overview';
import { evidencePanels } from '../pages/overview/causeEvidence';
import { CAUSES } from '../../queries/causes';
import { AnnotationSpec, QuerySpec } from '../panelSpec';
import { Expr, handWrittenParts, print, selector } from '../../queries/promql';
import { QueryContext, variableContext } from '../../queries/context';
import { FilterVariable } from '../../queries/variables';
import { ROLE_PRESETS } from '../../settings/rolePresets';
import { dashboardContext } from '../../dashboards/dashboardModel';
import { interpolate, promqlSyntaxErrors } from '../../testing/promqlGrammar';

const contexts: Array<{ name: string; of: (filters: FilterVariable[]) => QueryContext }> = [
  ...ROLE_PRESETS.map((p) => ({
    name: `app ${p.id}`,
    of: (filters: FilterVariable[]) => variableContext(p.mapping, filters),
  })),
  { name: 'dashboard', of: dashboardContext },
];

const queries: Array<readonly [string, Expr]> = contexts.flatMap(({ name, of }) =>
  SPEC_PAGES.flatMap((page) => {
    const ctx = of(page.filters);
    const panels = page.rows.flatMap((r) => r.panels);
    return [
      ...panels.flatMap((p) => p.queries(ctx).map((q, i) => [`${name} ${p.id} [${i}]`, q.expr] as const)),
      ...(page.annotations ?? []).map((a) => [`${name} ${page.id} annotation ${a.name}`, a.expr(ctx)] as const),
    ];
  })
);

/** The evidence panels a cause opens on the Overview, under the Overview's filters. */
const evidence: Array<readonly [string, Expr]> = contexts.flatMap(({ name, of }) =>
  CAUSES.flatMap((cause) =>
    evidencePanels(cause.name).flatMap((p) =>
      p.queries(of(OVERVIEW_PAGE.filters)).map((q, i) => [`${name} evidence ${p.id} [${i}]`, q.expr] as const)
    )
  )
);

describe('panel queries come from the query builders', () => {
  it('walks the queries of every page', () => {
    expect(queries.length).toBeGreaterThan(contexts.length * 100);
    expect(evidence.length).toBeGreaterThan(contexts.length * 10);
  });

  it.each([...queries, ...evidence])('%s holds no hand-written PromQL and parses', (_name, expr) => {
    expect(handWrittenParts(expr)).toEqual([]);
    expect(promqlSyntaxErrors(interpolate(print(expr)))).toEqual([]);
  });

  it('the panel and annotation types refuse a string expression', () => {
    const query: QuerySpec = {
      // @ts-expect-error a panel query is a builder's tree, not text
      expr: 'sum(up)',
    };
    const annotation: Pick<AnnotationSpec, 'expr'> = {
      // @ts-expect-error an annotation query is a builder's tree, not text
      expr: () => 'changes(up[5m]) > 0',
    };
    const tree: QuerySpec = { expr: selector('up') };
    expect([
      typeof query.expr,
      typeof annotation.expr(variableContext(ROLE_PRESETS[0].mapping, [])),
      typeof tree.expr,
    ]).toEqual(['string', 'string', 'object']);
  });
});
