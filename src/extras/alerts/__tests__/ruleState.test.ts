import { alertGroups } from '../../../catalog/rules';
import { installErrorMessage, mergeStates, templateRows } from '../ruleState';

describe('mergeStates', () => {
  const rules = { groups: [{ rules: [{ type: 'alerting', name: 'A' }, { type: 'alerting', name: 'B' }, { type: 'recording', name: 'C' }] }] };

  it('marks rules Prometheus lacks as not loaded and loaded rules without alerts inactive', () => {
    expect(mergeStates(['A', 'B', 'C'], rules, { alerts: [] })).toEqual({ A: 'inactive', B: 'inactive', C: 'not loaded' });
  });

  it('takes the worst state of a rule\'s alerts', () => {
    const alerts = {
      alerts: [
        { labels: { alertname: 'A' }, state: 'pending' },
        { labels: { alertname: 'A' }, state: 'firing' },
        { labels: { alertname: 'A' }, state: 'pending' },
        { labels: { alertname: 'B' }, state: 'pending' },
        { labels: { alertname: 'Z' }, state: 'firing' },
      ],
    };
    expect(mergeStates(['A', 'B'], rules, alerts)).toEqual({ A: 'firing', B: 'pending' });
  });
});

describe('templateRows', () => {
  it('lists every template once, by group, critical first', () => {
    const groups = alertGroups();
    const rows = templateRows(groups, { NixlTransferFailures: 'firing' });
    expect(rows.map((g) => g.title)).toEqual(groups.map((g) => g.title));
    expect(rows.flatMap((g) => g.rows).length).toBe(groups.flatMap((g) => g.rules).length);
    for (const g of rows) {
      const sev = g.rows.map((r) => r.rule.severity);
      expect(sev).toEqual([...sev].sort());
    }
    expect(rows.flatMap((g) => g.rows).find((r) => r.rule.name === 'NixlTransferFailures')?.state).toBe('firing');
    expect(rows.flatMap((g) => g.rows).find((r) => r.rule.name === 'GpuXidError')?.state).toBe('unknown');
  });
});

describe('installErrorMessage', () => {
  it('explains permissions and missing alerting', () => {
    expect(installErrorMessage(403)).toMatch(/Editor/);
    expect(installErrorMessage(401)).toMatch(/Editor/);
    expect(installErrorMessage(404)).toMatch(/not available/);
    expect(installErrorMessage(500, 'boom')).toBe('Install failed (HTTP 500): boom.');
  });
});
