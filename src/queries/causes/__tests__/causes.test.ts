/** The explainer's query: one row per cause, every piece parses, windows and filters reach every selector. */
import { DEFAULT_RULE_MAPPING } from '../../../catalog/rules';
import { print } from '../../promql';
import { variableContext, ruleContext } from '../../context';
import { interpolate, promqlSyntaxErrors } from '../../../testing/promqlGrammar';
import { CAUSES, causeScore, findCause, likelyCauses } from '..';
import { OVERVIEW_PAGE } from '../../../catalog/pages/overview';
import { LIKELY_CAUSE_ANNOTATION } from '../../../catalog/pages/overview/causes';

const ctx = variableContext(DEFAULT_RULE_MAPPING, ['namespace', 'model', 'role']);
const SHORT = { range: '20s', baseline: '20s', stuck: '8s' };

describe('likelyCauses', () => {
  const query = print(likelyCauses(ctx));

  it('parses with the dashboard variables interpolated, and with a short test window', () => {
    expect(promqlSyntaxErrors(interpolate(query))).toEqual([]);
    expect(promqlSyntaxErrors(print(likelyCauses(ruleContext(DEFAULT_RULE_MAPPING), SHORT)))).toEqual([]);
  });

  it('names every cause the simulator can inject, once each, with a present and a missing row', () => {
    for (const cause of CAUSES) {
      expect(query).toContain(`"cause", "${cause.name}", "", ""`);
      expect(query.split(`"cause", "${cause.name}", "", ""`).length - 1).toBe(3);
    }
    expect(new Set(CAUSES.map((c) => c.name)).size).toBe(10);
    expect(query.match(/"evidence", "missing"/g)).toHaveLength(CAUSES.length);
  });

  it('compares the dashboard range with the range before it, with no hard-coded uid, model, namespace or job', () => {
    expect(query).toContain('[$__range] offset $__range');
    expect(query).not.toMatch(/model_name="|namespace="|job="|uid/);
    expect(query).toContain('model_name=~"$model"');
  });

  it('uses the window it is given and no other', () => {
    const short = print(likelyCauses(ctx, SHORT));
    expect(short).not.toContain('$__range');
    expect(short).toContain('[20s] offset 20s');
    expect(short).toContain('min_over_time(vllm:eplb_rebalancing{');
    expect(short).toContain('}[8s])');
  });
});

describe.each(CAUSES.map((c) => [c.name, c] as const))('%s', (_name, cause) => {
  it('scores with a query that parses and clamps to 0..1', () => {
    const q = print(causeScore(ctx, cause));
    expect(promqlSyntaxErrors(interpolate(q))).toEqual([]);
    expect(q).toMatch(/^clamp\(.*, 0, 1\)$/);
  });

  it('links to a page and names its evidence', () => {
    expect(['overview', 'prefill-decode', 'wide-ep', 'gpus', 'scrape-health']).toContain(cause.page);
    expect(cause.evidence.length).toBeGreaterThan(0);
    expect(cause.explanation.length).toBeGreaterThan(20);
  });
});

it('findCause finds by name and rejects unknown names', () => {
  expect(findCause('nixl')?.title).toMatch(/NIXL/);
  expect(findCause('nope')).toBeUndefined();
});

describe('Overview wiring', () => {
  it('shows a "Likely causes" table whose query is the likelyCauses builder at the dashboard window', () => {
    const panel = OVERVIEW_PAGE.rows.flatMap((r) => r.panels).find((p) => p.title === 'Likely causes')!;
    expect(panel.viz).toBe('table');
    const [q] = panel.queries(variableContext(DEFAULT_RULE_MAPPING, OVERVIEW_PAGE.filters));
    expect(q).toMatchObject({ instant: true, format: 'table' });
    expect(print(q.expr)).toBe(print(likelyCauses(variableContext(DEFAULT_RULE_MAPPING, OVERVIEW_PAGE.filters))));
  });

  it('annotates the page with causes above 0.5 over short windows, with a query that parses', () => {
    expect(OVERVIEW_PAGE.annotations).toContain(LIKELY_CAUSE_ANNOTATION);
    const expr = print(LIKELY_CAUSE_ANNOTATION.expr(ctx));
    expect(promqlSyntaxErrors(interpolate(expr))).toEqual([]);
    expect(expr).toMatch(/\) > \(0\.5\)$/);
    expect(expr).not.toContain('$__range');
    expect(LIKELY_CAUSE_ANNOTATION.titleFormat).toContain('{{cause}}');
  });
});
