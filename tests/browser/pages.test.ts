/**
 * Every app page in a real browser (Chromium) on the preview host, against a real Prometheus scraping the
 * simulator: the page renders its title and every panel of its expanded rows, each draws series or says why not, nothing
 * throws. Screenshots go to artifacts/screenshots/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForPanels, watchedPage } from '../support/browser';
import { APP_PAGES } from '../../src/pages/identity';
import { startPreview } from '../support/preview';
import { allAlerts } from '../../src/catalog/rules';
import { ROOT } from '../support/stack';
import { useBrowserStack } from '../support/browserStack';

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

const PAGES: Array<{ name: string; route: string }> = APP_PAGES.map((p) => ({ name: p.title, route: p.id }));

/**
 * Per page route: panels that may be empty in a healthy stack that has run for about half a minute, and the text
 * each shows then. Every other panel of an expanded row must draw series.
 */
const EXPLAINED_WHEN_EMPTY: Record<string, Record<string, string>> = {
  alerts: { 'Pending and firing alerts': 'No alert is pending or firing.' },
  'scrape-health': { 'Targets down': 'Every target is up.' },
  // The simulator rebalances every 60 s; the stack may not have seen one yet.
  // The simulator's vLLM pods are not SGLang: SGLang's per-rank family is absent, and the panel says what brings it.
  'wide-ep': {
    'Since last rearrangement': 'No rearrangement completed in the selected range.',
    'Rearrangement duration': 'No rearrangement completed in the selected range.',
    'Tokens per GPU rank (SGLang)': 'No data: no source in this fleet.',
  },
  // This machine has no InfiniBand HCA, so node_exporter has no node_infiniband_* series.
  gpus: { 'InfiniBand traffic': 'No InfiniBand counters.' },
};

const RULES = join(ROOT, 'deploy/prometheus/rules');
const RULE_FILES = readdirSync(RULES).filter((f) => f.endsWith('.yml')).map((f) => join(RULES, f));
const env = useBrowserStack({ scenario: 'steady-pd', simArgs: ['--expert-debug'], ruleFiles: RULE_FILES, nodeExporter: true });

describe('app pages in the preview host (Chromium, real Prometheus, simulator steady-pd)', () => {
  it.each(PAGES.map((p) => [p.name, p]))('%s renders every panel, with data, without errors', async (_, { name, route }) => {
    const { page, errors } = await watchedPage(env.browser);
    await page.goto(`${env.preview.url}/a/${PLUGIN.id}/${route}`);
    await page.getByTestId('preview-page-title').filter({ hasText: name }).waitFor({ timeout: 30000 });
    const explained = EXPLAINED_WHEN_EMPTY[route] ?? {};
    const titles = expandedPanelTitles(route);
    const mustDraw = titles.filter((t) => !(t in explained));
    const series = await waitForPanels(page, mustDraw);
    await page.screenshot({ path: join(SHOTS, `${route}.png`), fullPage: true });
    const empty = titles.filter((t) => !(series[t] > 0));
    console.log(`${name}: ${titles.length - empty.length}/${titles.length} panels with series${empty.length ? `; empty: ${empty.join(' | ')}` : ''}`);
    for (const title of titles) {
      expect({ title, shown: title in series }).toEqual({ title, shown: true });
    }
    expect(mustDraw.filter((t) => !(series[t] > 0))).toEqual([]);
    // An explained panel that is empty says why, in its own words.
    for (const [title, text] of Object.entries(explained)) {
      if (!(series[title] > 0)) {
        await page.locator('[data-viz-panel-key]', { hasText: title }).getByText(text, { exact: false }).first().waitFor({ timeout: 10000 });
      }
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the Alerts page lists every alert template with its state in Prometheus', async () => {
    const { page, errors } = await watchedPage(env.browser);
    await page.goto(`${env.preview.url}/a/${PLUGIN.id}/alerts`);
    await page.locator('[data-testid^="alert-template-"]').first().waitFor({ timeout: 30000 });
    expect(await page.locator('[data-testid^="alert-template-"]').count()).toBe(allAlerts().length);
    // The stack's Prometheus has the shipped rules loaded, so no template reads "not loaded".
    await page.getByText('inactive').first().waitFor({ timeout: 15000 });
    expect(await page.getByText('not loaded', { exact: true }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the Wide EP page reads recorded series where the shipped rules are loaded, and raw ones under an engine filter', async () => {
    // The queries the page sends, as the data source proxy receives them (query string or form body).
    const sent = async (search: string) => {
      const { page, errors } = await watchedPage(env.browser);
      const exprs: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/api/datasources/proxy/')) {
          const params = new URLSearchParams(`${new URL(r.url()).search.slice(1)}&${r.postData() ?? ''}`);
          exprs.push(...params.getAll('query'));
        }
      });
      await page.goto(`${env.preview.url}/a/${PLUGIN.id}/wide-ep${search}`);
      await page.getByTestId('preview-page-title').filter({ hasText: 'Wide EP' }).waitFor({ timeout: 30000 });
      await page.waitForTimeout(4000);
      expect(errors).toEqual([]);
      await page.close();
      return exprs;
    };
    // The hidden gate variable ran its query_result, the scenes QueryVariable kept "recorded" from its regex, and
    // the panels' gated pairs went out with the recorded side open.
    const all = await sent('');
    expect(all.some((q) => q.includes('llmd:recording_rules:info'))).toBe(true);
    expect(all.filter((q) => q.includes('llmd_recorded!~"recorded"')).length).toBeGreaterThan(0);
    expect(all.filter((q) => q.includes('llmd_recorded=~""'))).toEqual([]);
    // One engine selected: the per-group records cannot honour it, so the gate closes and raw series answer.
    const filtered = await sent('?var-engine=0');
    expect(filtered.filter((q) => q.includes('llmd_recorded=~""')).length).toBeGreaterThan(0);
    expect(filtered.filter((q) => q.includes('llmd_recorded!~"recorded"'))).toEqual([]);
  });

  it('the configuration page renders its form', async () => {
    const { page, errors } = await watchedPage(env.browser, 1400, 1200);
    await page.goto(`${env.preview.url}/plugins/${PLUGIN.id}`);
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
      const { page } = await watchedPage(env.browser, 1600, 1400);
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
