/**
 * The Wide EP page through an expert hotspot, in a real browser on the preview host: captured before the next
 * rebalance (balancedness down), during it (the page reads "rebalancing") and after it (balancedness back up).
 * The simulator runs DeepSeek-V3's 61 layers x 256 experts so that a rearrangement lasts about five seconds, long
 * enough for the page to refresh while it runs. Captures go to artifacts/screenshots/wide-ep-hotspot-*.png.
 */
import { join } from 'node:path';
import { Locator, Page } from 'playwright-core';
import { WIDE_EP_PAGE } from '../../src/catalog/pages/wideEp';
import { followQueries, panelSeries, watchedPage } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';
import { panelQuery } from '../support/pageQueries';
import { ROOT } from '../support/stack';

const SHOTS = join(ROOT, 'artifacts/screenshots');
const STEP_INTERVAL = 30;
const WORST_LAYER = panelQuery(WIDE_EP_PAGE, 'wideep.balancedness', /worst$/);
const REBALANCING_NOW = 'Rebalancing right now';

const env = useBrowserStack({
  scenario: 'steady-wideep',
  simArgs: ['--expert-debug', '--layers', '61', '--experts', '256', '--eplb-step-interval', String(STEP_INTERVAL)],
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The decode group's worst-layer balancedness, from the page's own query. */
async function worstLayer(): Promise<number> {
  const row = (await env.stack.query(WORST_LAYER)).find((s) => s.metric.role === 'decode');
  if (!row) {
    throw new Error('no decode balancedness in Prometheus');
  }
  return row.value;
}

/** Rearrangements the simulator has completed (its one model). */
async function rearrangements(): Promise<number> {
  const truth = await env.stack.truth();
  return (Object.values(truth.models)[0] as { eplb: { rearrangements: number } }).eplb.rearrangements;
}

async function rebalancingInPrometheus(): Promise<boolean> {
  const [row] = await env.stack.query('max(vllm:eplb_rebalancing)');
  return row?.value === 1;
}

/** Polls `probe` every 250 ms until it holds, for at most `seconds`. */
async function until(what: string, seconds: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await probe())) {
    if (Date.now() > deadline) {
      throw new Error(`waited ${seconds} s for ${what}`);
    }
    await sleep(250);
  }
}

/**
 * Refreshes the page while Prometheus reads a rearrangement until the panel shows it. A rearrangement lasts about
 * five seconds and a refresh on a loaded machine can take most of that, so one that ends first is not a failure:
 * the next one (every step interval) is watched, up to `rebalances` of them.
 */
async function seeRebalancing(page: Page, panel: Locator, rebalances = 3): Promise<void> {
  for (let i = 0; i < rebalances; i++) {
    await until('the next rebalance to start', 2 * STEP_INTERVAL, rebalancingInPrometheus);
    while (await rebalancingInPrometheus()) {
      await refresh(page);
      const shown = await panel
        .getByText('rebalancing', { exact: true })
        .first()
        .waitFor({ timeout: 2000 })
        .then(
          () => true,
          () => false
        );
      if (shown) {
        return;
      }
    }
  }
  throw new Error(`the page never read "rebalancing" while Prometheus did, over ${rebalances} rearrangements`);
}

/** Runs every query of the open page again and waits until their answers are in (at most 10 s). */
async function refresh(page: Page): Promise<void> {
  const queries = followQueries(page);
  try {
    await page.getByTestId('data-testid RefreshPicker run button').click();
    await queries.quiet(500, 10000);
  } finally {
    queries.stop();
  }
}

describe('Wide EP page through expert-hotspot (Chromium, real Prometheus, simulator at 61 x 256)', () => {
  it('shows balancedness falling, the rebalance while it runs, and the recovery', async () => {
    const { page, errors } = await watchedPage(env.browser, 1600, 2400);
    await page.goto(`${env.preview.url}/a/llmd-fleet-app/wide-ep?from=now-5m&to=now`);
    await page.getByTestId('preview-page-title').filter({ hasText: 'Wide EP' }).waitFor({ timeout: 30000 });
    // Let the first rebalance of steady-wideep settle the placement, then make one expert hot.
    await until('the first rearrangement', 2 * STEP_INTERVAL, async () => (await rearrangements()) > 0);
    await until('the rebalance to finish', 15, async () => !(await rebalancingInPrometheus()));
    const steady = await worstLayer();
    await env.stack.setScenario('expert-hotspot');

    await until('balancedness to fall', STEP_INTERVAL, async () => (await worstLayer()) < steady - 0.05);
    const before = await worstLayer();
    await refresh(page);
    await page.screenshot({ path: join(SHOTS, 'wide-ep-hotspot-1-before.png'), fullPage: true });

    const panel = page.locator('[data-viz-panel-key]', { hasText: REBALANCING_NOW });
    await seeRebalancing(page, panel);
    await page.screenshot({ path: join(SHOTS, 'wide-ep-hotspot-2-during.png'), fullPage: true });

    await until('the rebalance to finish', 15, async () => !(await rebalancingInPrometheus()));
    await until('balancedness to recover', 10, async () => (await worstLayer()) > before + 0.05);
    await refresh(page);
    await expect(panel.getByText('rebalancing', { exact: true }).count()).resolves.toBe(0);
    await page.screenshot({ path: join(SHOTS, 'wide-ep-hotspot-3-after.png'), fullPage: true });

    expect((await panelSeries(page))['EPLB balancedness']).toBeGreaterThan(0);
    // The hot experts table names its value column and shows expert and layer numbers as numbers: only the share
    // (one decimal) carries a percent sign, never an expert id scaled by 100 ("9200%").
    const hot = page.locator('[data-viz-panel-key]', { hasText: 'Hot experts (top 10)' });
    await hot.getByText('Share of layer').first().waitFor({ timeout: 5000 });
    expect(((await hot.textContent()) ?? '').match(/\d+00%/g)).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});
