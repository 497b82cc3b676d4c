/**
 * Every app page in a real browser (Chromium) on the preview host, against a real Prometheus scraping the
 * simulator: the page renders its title and every panel of its expanded rows, most panels draw series, nothing
 * throws. Screenshots go to artifacts/screenshots/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { launch, panelSeries, watchedPage } from '../support/browser';
import { startPreview, Preview } from '../support/preview';
import { allAlerts } from '../../src/catalog/rules';
import { ROOT, Stack, startStack } from '../support/stack';

const PLUGIN = JSON.parse(readFileSync(join(ROOT, 'src/plugin.json'), 'utf8'));
const SHOTS = join(ROOT, 'artifacts/screenshots');

interface DashPanel {
  type: string;
  title: string;
  collapsed?: boolean;
}

/** Titles of the panels in expanded rows, read from the generated dashboard of the page. */
function expandedPanelTitles(route: string): string[] {
  const dash = JSON.parse(readFileSync(join(ROOT, 'src/dashboards', `${route}.json`), 'utf8')) as { panels: DashPanel[] };
  const titles: string[] = [];
  let collapsed = false;
  for (const p of dash.panels) {
    if (p.type === 'row') {
      collapsed = Boolean(p.collapsed);
    } else if (!collapsed) {
      titles.push(p.title);
    }
  }
  return titles;
}

const PAGES: Array<{ name: string; route: string }> = PLUGIN.includes
  .filter((i: { type: string; path: string }) => i.type === 'page' && i.path.startsWith('/a/'))
  .map((i: { name: string; path: string }) => ({ name: i.name, route: i.path.split('/').pop()! }));

/** Per page route: panels that are empty when nothing is wrong, and the text they show then. */
const EMPTY_WHEN_HEALTHY: Record<string, Record<string, string>> = {
  alerts: { 'Pending and firing alerts': 'No alert is pending or firing.' },
};

let stack: Stack;
let preview: Preview;
let browser: Browser;

beforeAll(async () => {
  const rules = join(ROOT, 'deploy/prometheus/rules');
  const ruleFiles = readdirSync(rules).filter((f) => f.endsWith('.yml')).map((f) => join(rules, f));
  stack = await startStack({ scenario: 'steady-pd', simArgs: ['--expert-debug'], ruleFiles });
  preview = await startPreview(stack.promUrl);
  browser = await launch();
  await stack.waitForRange(30);
});

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
  await stack?.stop();
});

describe('app pages in the preview host (Chromium, real Prometheus, simulator steady-pd)', () => {
  it.each(PAGES.map((p) => [p.name, p]))('%s renders every panel, with data, without errors', async (_, { name, route }) => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${preview.url}/a/${PLUGIN.id}/${route}`);
    await page.getByTestId('preview-page-title').filter({ hasText: name }).waitFor({ timeout: 30000 });
    const expected = expandedPanelTitles(route);
    // Panels fill in as their queries return; wait until nothing is loading and series have settled.
    let series: Record<string, number> = {};
    for (let i = 0; i < 20; i++) {
      await page.waitForTimeout(1000);
      series = await panelSeries(page);
      const loading = await page.locator('[aria-label="Panel loading bar"]').count();
      if (loading === 0 && Object.keys(series).length >= expected.length && i >= 3) {
        break;
      }
    }
    await page.screenshot({ path: join(SHOTS, `${route}.png`), fullPage: true });
    const withData = Object.entries(series).filter(([, n]) => n > 0).map(([t]) => t);
    // Panels that may be empty in a healthy steady state (no alert pending) either draw rows or say why not; they
    // do not count towards the share of panels with data.
    for (const [title, text] of Object.entries(EMPTY_WHEN_HEALTHY[route] ?? {})) {
      if (!(series[title] > 0)) {
        await page.locator('[data-viz-panel-key]', { hasText: title }).getByText(text).first().waitFor({ timeout: 10000 });
      }
      expected.splice(expected.indexOf(title), 1);
    }
    const empty = expected.filter((t) => !withData.includes(t));
    console.log(`${name}: ${withData.length}/${expected.length} panels with series${empty.length ? `; empty: ${empty.join(' | ')}` : ''}`);
    for (const title of expected) {
      expect({ title, shown: title in series }).toEqual({ title, shown: true });
    }
    expect(withData.filter((t) => expected.includes(t)).length).toBeGreaterThanOrEqual(Math.ceil(expected.length * 0.6));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the Alerts page lists every alert template with its state in Prometheus', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${preview.url}/a/${PLUGIN.id}/alerts`);
    await page.locator('[data-testid^="alert-template-"]').first().waitFor({ timeout: 30000 });
    expect(await page.locator('[data-testid^="alert-template-"]').count()).toBe(allAlerts().length);
    // The stack's Prometheus has the shipped rules loaded, so no template reads "not loaded".
    await page.getByText('inactive').first().waitFor({ timeout: 15000 });
    expect(await page.getByText('not loaded', { exact: true }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the configuration page renders its form', async () => {
    const { page, errors } = await watchedPage(browser, 1400, 1200);
    await page.goto(`${preview.url}/plugins/${PLUGIN.id}`);
    await page.getByText("How a pod's role is found", { exact: false }).first().waitFor({ timeout: 30000 });
    await page.screenshot({ path: join(SHOTS, 'configuration.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('bad input in the browser', () => {
  it('Prometheus unreachable: each panel reports the error, the page and its controls stay usable', async () => {
    const dead = await startPreview('http://127.0.0.1:9');
    try {
      const { page } = await watchedPage(browser, 1600, 1400);
      await page.goto(`${dead.url}/a/${PLUGIN.id}/overview`);
      await page.getByTestId('preview-page-title').waitFor({ timeout: 30000 });
      await page.waitForTimeout(4000);
      const errorIndicators = await page.locator('[data-testid="data-testid Panel status error"]').count();
      await page.screenshot({ path: join(SHOTS, 'prometheus-down.png') });
      expect(errorIndicators).toBeGreaterThan(0);
      await page.getByTestId('preview-nav-GPUs').click();
      await page.getByTestId('preview-page-title').filter({ hasText: 'GPUs' }).waitFor({ timeout: 10000 });
      await page.close();
    } finally {
      await dead.stop();
    }
  });
});
