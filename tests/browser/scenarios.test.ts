/**
 * Pages captured through a fault, in a real browser on the preview host: the Prefill/Decode page in steady-pd and
 * then in decode-recompute, then the Overview's causes view in decode-recompute (routing ranked, its evidence
 * panels drawing). The values are proven against ground truth by tests/integration; here the page must
 * keep rendering every panel without errors as the data changes under it, and the captures go to
 * artifacts/screenshots/ for people to look at.
 */
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { panelSeries, watchedPage } from '../support/browser';
import { ROOT } from '../support/stack';
import { useBrowserStack } from '../support/browserStack';
import { THROUGHPUT_TEST_ID, WHY_TEST_ID } from '../../src/extras/causes/testIds';
import { evidencePanels } from '../../src/catalog/pages/overview/causeEvidence';

const SHOTS = join(ROOT, 'artifacts/screenshots');
const APP = '/a/llmd-fleet-app';

const env = useBrowserStack({ scenario: 'steady-pd' });

/** Opens a page with the last 5 minutes, waits for the panels to settle, captures it, returns series per panel. */
async function capture(page: Page, route: string, shot: string): Promise<Record<string, number>> {
  await page.goto(`${env.preview.url}${APP}/${route}?from=now-5m&to=now`);
  await page.getByTestId('preview-page-title').waitFor({ timeout: 30000 });
  let series: Record<string, number> = {};
  for (let i = 0; i < 15; i++) {
    await page.waitForTimeout(1000);
    series = await panelSeries(page);
    if ((await page.locator('[aria-label="Panel loading bar"]').count()) === 0 && i >= 3) {
      break;
    }
  }
  await page.screenshot({ path: join(SHOTS, shot), fullPage: true });
  return series;
}

describe('Prefill/Decode through decode-recompute (Chromium, real Prometheus, simulator)', () => {
  it('renders the recompute panels with data in steady-pd and keeps rendering after the switch', async () => {
    const { page, errors } = await watchedPage(env.browser);
    const steady = await capture(page, 'prefill-decode', 'prefill-decode-steady.png');
    expect(steady['Decode prompt tokens computed per request']).toBeGreaterThan(0);

    await env.stack.setScenario('decode-recompute');
    await env.stack.waitForRange(25);
    const fault = await capture(page, 'prefill-decode', 'prefill-decode-decode-recompute.png');
    for (const title of ['Decode prompt tokens computed per request', 'Decode prompt tokens by KV transfer', 'Prompt tokens by source and role']) {
      expect({ title, series: fault[title] > 0 }).toEqual({ title, series: true });
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('in decode-recompute, the causes view ranks routing with its evidence panels drawing, and says whether throughput fell', async () => {
    const { page, errors } = await watchedPage(env.browser);
    const series = await capture(page, 'overview', 'overview-causes-decode-recompute.png');
    const why = page.getByTestId(WHY_TEST_ID);
    await why.locator('li[data-cause="routing"]').waitFor({ timeout: 30000 });
    // Every evidence panel of the routing cause draws: the decode share of locally computed prompt tokens and the router's decisions.
    const routing = evidencePanels('routing').map((p) => p.title);
    expect(routing.map((title) => [title, series[title] > 0])).toEqual(routing.map((title) => [title, true]));
    const line = await why.locator('li[data-cause="routing"] [data-evidence-of="routing"] [data-viz-panel-key]').count();
    expect(line).toBe(routing.length);
    expect(await page.getByTestId(THROUGHPUT_TEST_ID).textContent()).toMatch(/^(Output tokens\/s fell|Throughput did not fall|No output tokens in the window before)/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
