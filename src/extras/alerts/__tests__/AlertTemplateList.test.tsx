/**
 * The Alerts page's template list as a scene object, against a fake of Grafana's APIs (fakeGrafana.ts cites
 * the handlers it follows): loads on activation, reloads when the data source changes, shows Grafana-managed
 * state beside Prometheus', and offers Install only to users allowed to create rules.
 */
import React from 'react';
import { act, render, screen, waitFor } from '@testing-library/react';
import { CustomVariable, EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneVariableSet } from '@grafana/scenes';
import { alertsClient } from '../../../api/grafana/alertsClient';
import { FakeGrafana, ROLE_PERMISSIONS } from '../../../api/grafana/__tests__/fakeGrafana';
import { allAlerts, alertGroups, DEFAULT_RULE_MAPPING } from '../../../catalog/rules';
import { AlertTemplateList } from '../AlertTemplateList';

const first = alertGroups()[0].rules[0].name;

// Each test renders every template with Grafana's UI components; a busy shared machine needs the margin.
jest.setTimeout(30000);

function scene(grafana: FakeGrafana, permissions: Record<string, boolean> | undefined) {
  const list = new AlertTemplateList({ mapping: DEFAULT_RULE_MAPPING, client: alertsClient(grafana), permissions, installed: {} });
  const datasource = new CustomVariable({ name: 'datasource', query: 'prom-a,prom-b', value: 'prom-a', text: 'prom-a' });
  const root = new EmbeddedScene({
    $variables: new SceneVariableSet({ variables: [datasource] }),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: list })] }),
  });
  return { list, datasource, root };
}

function withPrometheus(grafana: FakeGrafana) {
  grafana.prometheus.set('prom-a', {
    rules: { groups: [{ name: 'g', rules: [{ type: 'alerting', name: first }] }] },
    alerts: { alerts: [{ labels: { alertname: first }, state: 'firing' }] },
  });
  grafana.prometheus.set('prom-b', { rules: { groups: [] }, alerts: { alerts: [] } });
  return grafana;
}

describe('AlertTemplateList with a fake of Grafana', () => {
  it('shows no Install button to a Viewer, and says why', async () => {
    const grafana = withPrometheus(new FakeGrafana({ ...ROLE_PERMISSIONS.Viewer }));
    const { root } = scene(grafana, ROLE_PERMISSIONS.Viewer);
    render(<root.Component model={root} />);
    await screen.findAllByText('firing');
    expect(screen.queryAllByText('Install in Grafana')).toHaveLength(0);
    expect(screen.getByTestId('alerts-install-unavailable').textContent).toMatch(/permission to create alert rules/);
  });

  it('offers Install on every template to an Editor; Install creates the rule and its Grafana state appears', async () => {
    const grafana = withPrometheus(new FakeGrafana({ ...ROLE_PERMISSIONS.Editor }));
    const { root } = scene(grafana, ROLE_PERMISSIONS.Editor);
    render(<root.Component model={root} />);
    // Text queries: role queries over ~40 rendered templates are slow in jsdom.
    const buttons = await screen.findAllByText('Install in Grafana');
    expect(buttons).toHaveLength(allAlerts().length);
    expect(await screen.findAllByText('Grafana: not loaded')).toHaveLength(allAlerts().length);
    grafana.ruleStates.set(first, 'pending');
    const row = screen.getByTestId(`alert-template-${first}`);
    await act(async () => {
      row.querySelector('button')!.click();
    });
    await waitFor(() => expect(screen.getByTestId(`alert-install-result-${first}`).textContent).toBe('Installed as a Grafana-managed rule.'));
    await screen.findByText('Grafana: pending');
    expect(grafana.rules.size).toBe(1);
  });

  it('loads on activation and again when the data source variable changes, from the new data source', async () => {
    const grafana = withPrometheus(new FakeGrafana({ ...ROLE_PERMISSIONS.Viewer }));
    const { root, list, datasource } = scene(grafana, undefined);
    render(<root.Component model={root} />);
    await waitFor(() => expect(list.state.states?.[first]).toBe('firing'));
    expect(list.state.grafanaNote).toMatch(/alert\.rules:read/);
    expect(grafana.requests.some((r) => r.url.startsWith('/api/prometheus/grafana'))).toBe(false);
    await act(async () => {
      datasource.changeValueTo('prom-b');
    });
    await waitFor(() => expect(list.state.states?.[first]).toBe('not loaded'));
    expect(grafana.requests.map((r) => r.url)).toContain('/api/datasources/proxy/uid/prom-b/api/v1/rules');
  });

  it('explains a data source Grafana cannot reach instead of showing stale or blank state', async () => {
    const grafana = new FakeGrafana({ ...ROLE_PERMISSIONS.Viewer });
    const { root } = scene(grafana, ROLE_PERMISSIONS.Viewer);
    render(<root.Component model={root} />);
    expect((await screen.findByText(/Could not read rule state from Prometheus \(HTTP 404\)/)).textContent).toMatch(/Data source not found/);
    expect(screen.getAllByText('unknown').length).toBe(allAlerts().length);
  });
});
