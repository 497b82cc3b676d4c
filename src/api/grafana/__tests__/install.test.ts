/**
 * Install against a fake of Grafana's folder and alerting provisioning APIs (Grafana cannot run here); the fake
 * follows Grafana's handlers, cited in fakeGrafana.ts.
 */
import { allAlerts, alertGroups } from '../../../catalog/rules';
import { GRAFANA_FOLDER_UID, MANAGED_LABEL } from '../../../generation/grafanaFormat';
import { alertsClient } from '../alertsClient';
import { outcomeText } from '../alertRules';
import { FakeGrafana, includedDashboardUids, ROLE_PERMISSIONS } from './fakeGrafana';

const group = alertGroups()[0];
const rule = group.rules[0];

function editorGrafana() {
  return new FakeGrafana({ ...ROLE_PERMISSIONS.Editor });
}

describe('Install in a fake of Grafana', () => {
  it('creates the folder and the rule, labelled as the app\'s and editable in Grafana (no provenance)', async () => {
    const grafana = editorGrafana();
    const outcome = await alertsClient(grafana).install(rule, group.name, 'prom-a');
    expect(outcome).toEqual({ kind: 'created' });
    expect(grafana.folders.has(GRAFANA_FOLDER_UID)).toBe(true);
    const stored = [...grafana.rules.values()][0];
    expect(stored.title).toBe(rule.name);
    expect(stored.folderUID).toBe(GRAFANA_FOLDER_UID);
    expect(stored.ruleGroup).toBe(group.name);
    expect((stored.labels as Record<string, string>)[MANAGED_LABEL.name]).toBe(MANAGED_LABEL.value);
    expect(stored.provenance).toBe('');
  });

  it('stops at the folder when its uid is taken by an included dashboard, and installs nothing', async () => {
    // A dashboard holds the folder's uid (as the Alerts dashboard held the folder uid the app used to use).
    const clash = new FakeGrafana({ ...ROLE_PERMISSIONS.Editor }, [...includedDashboardUids(), GRAFANA_FOLDER_UID]);
    const outcome = await alertsClient(clash).install(rule, group.name, 'prom-a');
    expect(outcome.kind).toBe('failed');
    expect(outcomeText(outcome)).toMatch(/^Not installed\. .*uid "llmd-rules-folder" is taken by another folder or dashboard.*a folder\/dashboard with the same uid already exists/);
    expect(clash.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /api/folders/${GRAFANA_FOLDER_UID}`, 'POST /api/folders']);
    expect(clash.rules.size).toBe(0);
  });

  it('after a 409 for the same rule, reads it back and reports it installed without writing', async () => {
    const grafana = editorGrafana();
    const client = alertsClient(grafana);
    await client.install(rule, group.name, 'prom-a');
    const before = grafana.requests.length;
    const outcome = await client.install(rule, group.name, 'prom-a');
    expect(outcome).toEqual({ kind: 'unchanged' });
    const calls = grafana.requests.slice(before).map((r) => `${r.method} ${r.url}`);
    expect(calls).toEqual([
      `GET /api/folders/${GRAFANA_FOLDER_UID}`,
      'POST /api/v1/provisioning/alert-rules',
      `GET /api/v1/provisioning/alert-rules/${encodeURIComponent(grafana.rules.keys().next().value!)}`,
    ]);
  });

  it('after a 409 for a changed rule (another data source, another role mapping), updates it with PUT', async () => {
    const grafana = editorGrafana();
    const client = alertsClient(grafana);
    await client.install(rule, group.name, 'prom-a');
    const kserve = alertGroups({ label: 'llm_isvc_role', prefill: 'prefill', decode: 'decode' })[0].rules[0];
    const outcome = await client.install(kserve, group.name, 'prom-b');
    expect(outcome.kind).toBe('updated');
    expect(outcome.kind === 'updated' && outcome.fields).toContain('data[0].datasourceUid');
    const stored = [...grafana.rules.values()][0];
    expect((stored.data as Array<{ datasourceUid: string }>)[0].datasourceUid).toBe('prom-b');
    expect(grafana.rules.size).toBe(1);
    const put = grafana.requests.find((r) => r.method === 'PUT');
    expect(put?.headers).toHaveProperty('X-Disable-Provenance');
    // Installing the same again is now unchanged: the comparison ignores what Grafana adds to a stored rule.
    expect(await client.install(kserve, group.name, 'prom-b')).toEqual({ kind: 'unchanged' });
  });

  it('reports a 403 as a permission problem and changes nothing (a Viewer pressing Install)', async () => {
    const grafana = new FakeGrafana({ ...ROLE_PERMISSIONS.Viewer });
    grafana.folders.set(GRAFANA_FOLDER_UID, { uid: GRAFANA_FOLDER_UID, title: 'llm-d fleet' });
    const outcome = await alertsClient(grafana).install(rule, group.name, 'prom-a');
    expect(outcome).toMatchObject({ kind: 'failed', status: 403 });
    expect(outcomeText(outcome)).toMatch(/refused to create the rule: installing alert rules needs the Editor role/);
    expect(grafana.rules.size).toBe(0);
  });

  it('reports a 403 on folder creation without trying the rule', async () => {
    const grafana = new FakeGrafana({ ...ROLE_PERMISSIONS.Editor, 'folders:create': false });
    const outcome = await alertsClient(grafana).install(rule, group.name, 'prom-a');
    expect(outcomeText(outcome)).toMatch(/folders:create/);
    expect(grafana.requests.some((r) => r.url.startsWith('/api/v1/provisioning'))).toBe(false);
  });

  it('reports a rule of the same title under another uid (400) without claiming it installed', async () => {
    const grafana = editorGrafana();
    const client = alertsClient(grafana);
    await client.install(rule, group.name, 'prom-a');
    const [stored] = [...grafana.rules.values()];
    grafana.rules.delete(stored.uid);
    grafana.rules.set('made-by-hand', { ...stored, uid: 'made-by-hand' });
    const outcome = await client.install(rule, group.name, 'prom-a');
    expect(outcome).toMatchObject({ kind: 'failed', status: 400 });
    expect(outcomeText(outcome)).toMatch(/a rule with this title may already exist in the folder under another uid/);
  });

  it('installs every template once and leaves each uid distinct', async () => {
    const grafana = editorGrafana();
    const client = alertsClient(grafana);
    for (const g of alertGroups()) {
      for (const r of g.rules) {
        expect(await client.install(r, g.name, 'prom-a')).toEqual({ kind: 'created' });
      }
    }
    expect(grafana.rules.size).toBe(allAlerts().length);
  });
});
