/**
 * Grafana keeps folders and dashboards in one uid space (grafana/grafana pkg/services/dashboards/database/
 * database.go at 010ec7bf5c84112b8e29ebec7b8a9af0d533aa77 looks a new folder's uid up among dashboards too),
 * and rules need unique uids per organisation. Every uid the app creates must therefore be distinct.
 */
import { allAlerts } from '../../../catalog/rules';
import { GRAFANA_FOLDER_UID, grafanaRuleUid } from '../../../generation/grafanaFormat';
import { datasourceProxyPath, folderPath, provisioningRulePath } from '../paths';
import { FakeGrafana, includedDashboardUids, ROLE_PERMISSIONS } from './fakeGrafana';

describe('uids the app creates in Grafana', () => {
  const dashboards = includedDashboardUids();
  const rules = allAlerts().map(grafanaRuleUid);
  const all = [GRAFANA_FOLDER_UID, ...dashboards, ...rules];

  it('are all distinct: the rule folder, every included dashboard, every rule', () => {
    expect(dashboards.length).toBeGreaterThan(0);
    expect(new Set(all).size).toBe(all.length);
  });

  it('fit Grafana\'s uid rules (at most 40 characters of letters, digits, - and _)', () => {
    for (const uid of all) {
      expect(uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    }
  });

  it('let a fresh Grafana with the included dashboards create the rule folder', async () => {
    const grafana = new FakeGrafana({ ...ROLE_PERMISSIONS.Editor });
    expect((await grafana.request('POST', '/api/folders', { uid: GRAFANA_FOLDER_UID, title: 'x' })).status).toBe(200);
    // and the fake does refuse a dashboard's uid, so the check above means something
    expect((await grafana.request('POST', '/api/folders', { uid: dashboards[0], title: 'y' })).status).toBe(409);
  });
});

describe('paths to Grafana', () => {
  const hostile = 'a/b?c#d %';
  it('URL-encode every uid', () => {
    expect(folderPath(hostile)).toBe('/api/folders/a%2Fb%3Fc%23d%20%25');
    expect(provisioningRulePath(hostile)).toBe('/api/v1/provisioning/alert-rules/a%2Fb%3Fc%23d%20%25');
    expect(datasourceProxyPath(hostile, '/api/v1/rules')).toBe('/api/datasources/proxy/uid/a%2Fb%3Fc%23d%20%25/api/v1/rules');
  });

  it('reach the data source a hostile uid names, where an unencoded one reaches nothing', async () => {
    const grafana = new FakeGrafana({ ...ROLE_PERMISSIONS.Viewer });
    grafana.prometheus.set(hostile, { rules: { groups: [] }, alerts: { alerts: [] } });
    expect((await grafana.request('GET', datasourceProxyPath(hostile, '/api/v1/rules'))).status).toBe(200);
    expect((await grafana.request('GET', `/api/datasources/proxy/uid/${hostile}/api/v1/rules`)).status).toBe(404);
  });
});
