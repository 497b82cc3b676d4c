import { alertGroups } from '../../../catalog/rules';
import { grafanaStates, mergeStates, templateRows } from '../ruleState';

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

describe('grafanaStates', () => {
  // The shape of GET /api/prometheus/grafana/api/v1/rules (grafana/grafana
  // pkg/services/ngalert/api/tooling/definitions/prom.go at 05318dcca2a195ad2a4f975d34288c051d6cfd89).
  const data = {
    groups: [
      { name: 'llmd-serving-health', rules: [{ type: 'alerting', name: 'A', state: 'firing', health: 'ok' }, { type: 'alerting', name: 'B', state: 'inactive', health: 'ok' }] },
      { name: 'someone-elses', rules: [{ type: 'alerting', name: 'C', state: 'firing', health: 'ok' }] },
    ],
  };
  it('reads each rule\'s own state in the app\'s groups only, and marks the rest not loaded', () => {
    expect(grafanaStates(['A', 'B', 'C'], ['llmd-serving-health'], data)).toEqual({ A: 'firing', B: 'inactive', C: 'not loaded' });
  });
});
