/**
 * Walks every page, row, panel and query of the catalog. Every emitted query must parse under Prometheus'
 * grammar, in the app (role mapping from each preset) and in the dashboards (role mapping from variables).
 */
import { everyPanel } from '../pages';
import { print } from '../../queries/promql';
import { ROLE_PRESETS } from '../../settings/rolePresets';
import { variableContext, ruleContext } from '../../queries/context';
import { buildPanel } from '../../panels/buildPanel';
import { interpolate, promqlSyntaxErrors } from '../../testing/promqlGrammar';
import { DASHBOARD_ROLE_MAPPING } from '../dashboardRole';
import { signalsRead } from '../panelSignals';
import { dashboardContext } from '../../dashboards/dashboardModel';

const panels = everyPanel();

describe('catalog walk', () => {
  it('has panels', () => {
    expect(panels.length).toBeGreaterThan(5);
  });

  it('gives every panel a unique id, a title and a description that explains it', () => {
    const ids = panels.map((p) => p.panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { panel } of panels) {
      expect(panel.title.trim()).not.toBe('');
      expect(panel.description.length).toBeGreaterThan(30);
    }
  });

  it('leads with a signal the panel reads, in the app and in the dashboards', () => {
    for (const { page, panel } of panels.filter((p) => p.panel.lead)) {
      for (const ctx of [variableContext(ROLE_PRESETS[0].mapping, page.filters), dashboardContext(page.filters)]) {
        const read = signalsRead(panel.queries(ctx).map((q) => q.expr));
        expect({ id: panel.id, lead: panel.lead, read: read.includes(panel.lead!) }).toEqual({
          id: panel.id,
          lead: panel.lead,
          read: true,
        });
      }
    }
  });

  it('tells what enables an empty panel', () => {
    for (const { page, panel } of panels) {
      const model = buildPanel(panel, variableContext(ROLE_PRESETS[0].mapping, page.filters));
      expect(String(model.fieldConfig.defaults.noValue)).toMatch(/\w{4,}/);
    }
  });

  it('shows the label columns of every table as text, so a numeric label never takes the value\'s unit', () => {
    for (const { page, panel } of panels.filter((p) => p.panel.viz === 'table')) {
      const model = buildPanel(panel, variableContext(ROLE_PRESETS[0].mapping, page.filters));
      const strings = model.fieldConfig.overrides.find((o) => o.matcher.id === 'byType' && o.matcher.options === 'string');
      expect({ id: panel.id, unit: strings?.properties.find((p) => p.id === 'unit')?.value }).toEqual({ id: panel.id, unit: 'string' });
    }
  });

  const contexts = [
    ...ROLE_PRESETS.map((preset) => ({ name: `app, ${preset.id}`, role: preset.mapping, rules: false })),
    { name: 'dashboard variables', role: DASHBOARD_ROLE_MAPPING, rules: false },
    { name: 'rules', role: ROLE_PRESETS[0].mapping, rules: true },
  ];

  describe.each(contexts)('every query parses ($name)', ({ role, rules }) => {
    it.each(panels.map((p) => [p.panel.id, p] as const))('%s', (_id, { page, panel }) => {
      const ctx = rules ? ruleContext(role) : variableContext(role, page.filters);
      const queries = panel.queries(ctx);
      expect(queries.length).toBeGreaterThan(0);
      for (const q of queries) {
        const text = interpolate(print(q.expr));
        expect({ expr: text, errors: promqlSyntaxErrors(text) }).toEqual({ expr: text, errors: [] });
      }
    });
  });
});
