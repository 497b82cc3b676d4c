/**
 * The app configuration page round trip in a real browser on the preview host (whose settings endpoint stands in
 * for Grafana's plugin settings API): choosing how a pod's role is found changes the queries every page sends, the
 * pages still split prefill from decode on the simulator's data, and bad input is refused without losing the
 * saved settings.
 */
import { Page } from 'playwright-core';
import { testIds } from '../../src/components/testIds';
import { findPreset } from '../../src/settings/rolePresets';
import { panelSeries, scrollThrough, watchedPage } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';

const PLUGIN_ID = 'llmd-fleet-app';
const POD_NAME = findPreset('pod-name')!;

const env = useBrowserStack({ scenario: 'steady-pd' });

async function savedSettings(): Promise<{ jsonData: Record<string, any> }> {
  const res = await fetch(`${env.preview.url}/api/plugins/${PLUGIN_ID}/settings`);
  return res.json() as Promise<{ jsonData: Record<string, any> }>;
}

/** Every PromQL expression the page sends to Prometheus through the data source proxy. */
function recordQueries(page: Page): string[] {
  const queries: string[] = [];
  page.on('request', (r) => {
    if (!r.url().includes('/api/datasources/proxy/')) {
      return;
    }
    const params = new URLSearchParams(r.method() === 'POST' ? r.postData() ?? '' : new URL(r.url()).search);
    const q = params.get('query');
    if (q) {
      queries.push(q);
    }
  });
  return queries;
}

describe('configuration page (Chromium, preview host standing in for Grafana\'s settings API)', () => {
  it('saving the pod-name preset makes every page derive the role from the pod name, and the P/D page still splits the roles', async () => {
    const { page, errors } = await watchedPage(env.browser, 1400, 1400);
    await page.goto(`${env.preview.url}/plugins/${PLUGIN_ID}`);
    await page.getByRole('radio', { name: POD_NAME.name }).check();
    await expect(page.getByTestId(testIds.appConfig.roleLabel).inputValue()).resolves.toBe(POD_NAME.mapping.label);
    await expect(page.getByTestId(testIds.appConfig.rolePrefill).inputValue()).resolves.toBe(POD_NAME.mapping.prefill);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/plugins/${PLUGIN_ID}/settings`) && r.request().method() === 'POST'),
      page.getByTestId(testIds.appConfig.submit).click(),
    ]);
    expect(response.status()).toBe(200);
    const saved = await savedSettings();
    expect(saved.jsonData.rolePreset).toBe('pod-name');
    expect(saved.jsonData.role).toEqual(POD_NAME.mapping);

    const queries = recordQueries(page);
    await page.goto(`${env.preview.url}/a/${PLUGIN_ID}/prefill-decode?from=now-5m&to=now`);
    await page.getByTestId('preview-page-title').waitFor({ timeout: 30000 });
    let series: Record<string, number> = {};
    for (let i = 0; i < 15 && !(series['Prompt tokens by source and role'] > 0); i++) {
      await page.waitForTimeout(1000);
      if (i === 2) {
        await scrollThrough(page);
      }
      series = await panelSeries(page);
    }
    // The role comes from label_replace over the configured label and pattern, interpolated into every query.
    const fromPodName = `"role", "prefill", "${POD_NAME.mapping.label}", "${POD_NAME.mapping.prefill}"`;
    const roleQueries = queries.filter((q) => q.includes('"role", "prefill"'));
    expect(roleQueries.length).toBeGreaterThan(0);
    expect(roleQueries.filter((q) => !q.includes(fromPodName))).toEqual([]);
    expect(queries.filter((q) => q.includes('llm_d_ai_role'))).toEqual([]);
    // The simulator's pod names carry -prefill- and -decode-, so the roles still come apart: both roles' sources.
    expect(series['Prompt tokens by source and role']).toBeGreaterThanOrEqual(4);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an empty role label is refused with a message, and the saved settings stay as they were', async () => {
    const before = await savedSettings();
    const { page } = await watchedPage(env.browser, 1400, 1400);
    await page.goto(`${env.preview.url}/plugins/${PLUGIN_ID}`);
    await page.getByTestId(testIds.appConfig.roleLabel).fill('');
    await page.getByTestId(testIds.appConfig.submit).click();
    await page.getByTestId(testIds.appConfig.error).waitFor({ timeout: 10000 });
    await expect(page.getByTestId(testIds.appConfig.error).textContent()).resolves.toContain('Not saved');
    expect(await savedSettings()).toEqual(before);
    await page.close();
  });
});
