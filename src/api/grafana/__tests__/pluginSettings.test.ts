/** Saving the app's settings against a fake of Grafana's plugin settings API (fakeGrafana.ts cites the handler). */
import { describeSaveFailure, savePluginSettings } from '../pluginSettings';
import { FakeGrafana, ROLE_PERMISSIONS } from './fakeGrafana';

const BODY = { enabled: true, pinned: true, jsonData: { datasourceUid: 'prom' } };

describe('savePluginSettings with a fake of Grafana', () => {
  it('stores the body for an Admin', async () => {
    const grafana = new FakeGrafana({ ...ROLE_PERMISSIONS.Admin });
    grafana.pluginSettings.set('llmd-fleet-app', {});
    expect(await savePluginSettings(grafana, 'llmd-fleet-app', BODY)).toEqual({ ok: true });
    expect(grafana.pluginSettings.get('llmd-fleet-app')).toEqual(BODY);
    expect(grafana.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/plugins/llmd-fleet-app/settings']);
  });

  it('tells an Editor the save needs the Admin role, and stores nothing', async () => {
    const grafana = new FakeGrafana({ ...ROLE_PERMISSIONS.Editor });
    grafana.pluginSettings.set('llmd-fleet-app', {});
    const outcome = await savePluginSettings(grafana, 'llmd-fleet-app', BODY);
    expect(outcome).toEqual({ ok: false, message: expect.stringMatching(/needs the Admin role/) });
    expect(grafana.pluginSettings.get('llmd-fleet-app')).toEqual({});
  });

  it("passes on Grafana's own message for other refusals", async () => {
    const grafana = new FakeGrafana({ ...ROLE_PERMISSIONS.Admin });
    expect(await savePluginSettings(grafana, 'not-installed', BODY)).toEqual({
      ok: false,
      message: 'Grafana refused the settings (HTTP 404): Plugin not installed.',
    });
  });

  it('says when Grafana did not answer at all', () => {
    expect(describeSaveFailure(0, { message: 'Network Error' })).toBe('The settings could not be saved: Network Error.');
    expect(describeSaveFailure(0, undefined)).toBe('The settings could not be saved: Grafana did not answer.');
  });
});
