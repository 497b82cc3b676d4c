/**
 * Pages captured through a fault, in a real browser on the preview host: the Prefill/Decode page in steady-pd and
 * then in decode-recompute. The values are proven against ground truth by tests/integration; here the page must
 * keep rendering every panel without errors as the data changes under it, and the captures go to
 * artifacts/screenshots/ for people to look at.
 */
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { panelSeries, watchedPage } from '../support/browser';
import { ROOT } from '../support/stack';
import { useBrowserStack } from '../support/browserStack';

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
});
