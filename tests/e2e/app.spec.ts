/**
 * End to end in real Grafana (docker compose up), with @grafana/plugin-e2e. These specs need a Grafana server,
 * so `npm test` skips them on machines without Docker; run them with `npm run e2e` against the compose stack.
 */
import { expect, test } from '@grafana/plugin-e2e';
import pluginJson from '../../src/plugin.json';
import { testIds } from '../../src/components/testIds';
import { DEFAULT_ROLE_PRESET, findPreset } from '../../src/settings/rolePresets';

const pages = pluginJson.includes.filter((i) => i.type === 'page' && i.path.startsWith('/a/'));

for (const page of pages) {
  test(`${page.name} page renders its panels in Grafana`, async ({ gotoAppPage, page: browserPage }) => {
    await gotoAppPage({ pluginId: pluginJson.id, path: page.path.split('/').pop() });
    await expect(browserPage.getByRole('heading', { name: page.name })).toBeVisible();
    await expect(browserPage.locator('[data-viz-panel-key]').first()).toBeVisible();
  });
}

test('the configuration page saves a role preset, and restores the default', async ({ gotoAppConfigPage, page }) => {
  for (const preset of [findPreset('pod-name')!, findPreset(DEFAULT_ROLE_PRESET)!]) {
    const configPage = await gotoAppConfigPage({ pluginId: pluginJson.id });
    await page.getByRole('radio', { name: preset.name }).check();
    const saved = configPage.waitForSettingsResponse();
    await page.getByTestId(testIds.appConfig.submit).click();
    await expect(saved).toBeOK();
    await page.reload();
    await expect(page.getByTestId(testIds.appConfig.roleLabel)).toHaveValue(preset.mapping.label);
  }
});

test('the included dashboards are installed with the app', async ({ gotoDashboardPage, page }) => {
  await gotoDashboardPage({ uid: 'llmd-fleet-prefill-decode' });
  await expect(page.getByText('Prompt tokens by source and role')).toBeVisible();
});
