/**
 * Trace links in Chromium on the preview host (whose settings endpoint stands in for Grafana's plugin settings
 * API): with a Tempo data source in the app's settings the TTFT panel's menu links to Explore with a TraceQL search
 * over vLLM's llm_request spans and the page's time range; without one no menu offers a trace link; saving the
 * configuration page keeps a stored trace data source.
 */
import { Page } from 'playwright-core';
import { testIds } from '../../src/components/testIds';
import { TRACE_LINK_TITLES } from '../../src/traces/traceLinks';
import { watchedPage } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';

const PLUGIN_ID = 'llmd-fleet-app';
const TEMPO = { datasourceUid: 'tempo-traces', datasourceType: 'tempo' };
const FROM = 1767261600000; // 2026-01-01T10:00:00Z
const TO = FROM + 3600_000;

const env = useBrowserStack({ scenario: 'steady-pd' }, 10);

async function saveJsonData(jsonData: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${env.preview.url}/api/plugins/${PLUGIN_ID}/settings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ enabled: true, jsonData }),
  });
  expect(res.status).toBe(200);
}

async function savedJsonData(): Promise<Record<string, any>> {
  const res = await fetch(`${env.preview.url}/api/plugins/${PLUGIN_ID}/settings`);
  return ((await res.json()) as { jsonData: Record<string, any> }).jsonData;
}

/** Opens a panel's menu and returns its items' texts and links. */
async function menuOf(page: Page, key: string): Promise<Array<{ text: string; href: string | null }>> {
  const panel = page.locator(`[data-viz-panel-key="${key}"]`);
  await panel.waitFor({ timeout: 30000 });
  await panel.scrollIntoViewIfNeeded();
  await panel.hover();
  await panel.locator('[data-testid^="data-testid Panel menu "]').first().click();
  await page.getByTestId('data-testid Panel menu item Explore').waitFor({ timeout: 10000 });
  const items = await page.locator('[data-testid^="data-testid Panel menu item "]').evaluateAll((els) =>
    els.map((el) => ({
      text: (el.getAttribute('data-testid') ?? '').replace('data-testid Panel menu item ', ''),
      href: (el.closest('a') ?? el.querySelector('a'))?.getAttribute('href') ?? null,
    }))
  );
  await page.keyboard.press('Escape');
  return items;
}

function pane(href: string) {
  const panes = JSON.parse(new URL(href, 'http://grafana.local').searchParams.get('panes')!);
  return Object.values(panes)[0] as { datasource: string; queries: Array<Record<string, any>>; range: { from: string; to: string } };
}

describe('trace links (Chromium, preview host standing in for Grafana\'s settings API)', () => {
  it('with a Tempo data source configured, the TTFT panel links to slow llm_request spans in the page range', async () => {
    await saveJsonData({ traces: TEMPO, sloTtftSeconds: 1.5 });
    const { page, errors } = await watchedPage(env.browser, 1600, 3000);
    await page.goto(`${env.preview.url}/a/${PLUGIN_ID}/overview?from=${FROM}&to=${TO}`);
    await page.getByTestId('preview-page-title').waitFor({ timeout: 30000 });
    const ttft = await menuOf(page, 'overview.ttft');
    const link = ttft.find((i) => i.text === TRACE_LINK_TITLES.slowTtft);
    expect(link?.href).toBeTruthy();
    const p = pane(link!.href!);
    expect(p.datasource).toBe(TEMPO.datasourceUid);
    expect(p.range).toEqual({ from: String(FROM), to: String(TO) });
    expect(p.queries[0]).toMatchObject({
      queryType: 'traceql',
      query: '{ name = "llm_request" && span.gen_ai.latency.time_to_first_token > 1.5 }',
    });
    expect((await menuOf(page, 'overview.itl')).map((i) => i.text)).not.toContain(TRACE_LINK_TITLES.slowTtft);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('saving the configuration page keeps the stored trace data source', async () => {
    await saveJsonData({ traces: { ...TEMPO, serviceName: 'vllm-engine' } });
    const { page } = await watchedPage(env.browser, 1400, 1400);
    await page.goto(`${env.preview.url}/plugins/${PLUGIN_ID}`);
    await page.getByTestId(testIds.appConfig.traceService).waitFor({ timeout: 30000 });
    await expect(page.getByTestId(testIds.appConfig.traceService).inputValue()).resolves.toBe('vllm-engine');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/plugins/${PLUGIN_ID}/settings`) && r.request().method() === 'POST'),
      page.getByTestId(testIds.appConfig.submit).click(),
    ]);
    expect((await savedJsonData()).traces).toEqual({ ...TEMPO, serviceName: 'vllm-engine' });
    await page.close();
  });

  it('without a trace data source no panel menu offers a trace link', async () => {
    await saveJsonData({});
    const { page, errors } = await watchedPage(env.browser, 1600, 3000);
    await page.goto(`${env.preview.url}/a/${PLUGIN_ID}/overview?from=${FROM}&to=${TO}`);
    await page.getByTestId('preview-page-title').waitFor({ timeout: 30000 });
    const texts = (await menuOf(page, 'overview.ttft')).map((i) => i.text);
    expect(texts).toContain('Explore');
    expect(texts.filter((t) => Object.values(TRACE_LINK_TITLES).includes(t))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
