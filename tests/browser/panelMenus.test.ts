/**
 * Panel menus and navigation in Chromium on the preview host: every panel's menu offers Explore and Inspect,
 * Inspect opens the page's inspector with the panel's query and keeps it in the URL, the page links to its
 * included dashboard with the time range, and moving to another page through the sidebar keeps the time range
 * and variables.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { watchedPage } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';
import { ROOT } from '../support/stack';

const PLUGIN = JSON.parse(readFileSync(join(ROOT, 'src/plugin.json'), 'utf8'));
const env = useBrowserStack({ scenario: 'steady-pd' }, 10);

describe('panel menus and navigation', () => {
  it('Explore and Inspect on a panel, the dashboard link, and a sidebar move that keeps the view', async () => {
    const { page, errors } = await watchedPage(env.browser, 1600, 1400);
    await page.goto(`${env.preview.url}/a/${PLUGIN.id}/prefill-decode?from=now-15m&to=now`);
    await page.getByTestId('preview-page-title').waitFor({ timeout: 30000 });
    const panel = page.locator('[data-viz-panel-key]').first();
    await panel.waitFor({ timeout: 30000 });
    const key = (await panel.getAttribute('data-viz-panel-key'))!;
    await panel.hover();
    await panel.locator('[data-testid^="data-testid Panel menu "]').first().click();
    await page.getByTestId('data-testid Panel menu item Explore').waitFor({ timeout: 10000 });
    await page.getByTestId('data-testid Panel menu item Inspect').click();
    await page.getByText('Inspect: ', { exact: false }).first().waitFor({ timeout: 10000 });
    expect(page.url()).toContain(`inspect=${encodeURIComponent(key)}`);
    expect(await page.locator('[data-testid^="inspect-query-"]').count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');

    const dashboard = await page.getByText('Open as dashboard').first().locator('xpath=ancestor-or-self::a').getAttribute('href');
    expect(dashboard).toMatch(/^\/d\/llmd-fleet-prefill-decode\?from=now-15m&to=now&/);

    await page.getByTestId('preview-nav-GPUs').click();
    await page.waitForURL(/\/gpus\?/, { timeout: 15000 });
    const url = new URL(page.url());
    expect(url.searchParams.get('from')).toBe('now-15m');
    expect(url.searchParams.get('to')).toBe('now');
    expect([...url.searchParams.keys()].some((k) => k.startsWith('var-'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
