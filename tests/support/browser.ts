/** Chromium (Debian's) through playwright-core, with page errors and console errors collected per page. */
import { Browser, chromium, Page, Request } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Watched {
  page: Page;
  /** Uncaught exceptions and console errors, minus the fonts the preview does not ship. */
  errors: string[];
}

export async function watchedPage(browser: Browser, width = 1600, height = 3000): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) {
      errors.push(`console: ${m.text().slice(0, 300)}`);
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().includes('/public/fonts/')) {
      errors.push(`http ${r.status()}: ${r.url()}`);
    }
  });
  return { page, errors };
}

/** Per panel title: how many series its stand-in drew (0 when it shows its no-data text). */
export async function panelSeries(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    document.querySelectorAll('[data-viz-panel-key]').forEach((panel) => {
      const title = panel.querySelector('h2')?.textContent?.trim() ?? '?';
      const viz = panel.querySelector('[data-series]');
      out[title] = viz ? Number(viz.getAttribute('data-series')) : 0;
    });
    return out;
  });
}

/**
 * Scrolls every scrolling container (and the window) from top to bottom and back. Scenes loads a panel only once it
 * has been in view, so a test that reads every panel must bring each into view first.
 */
export async function scrollThrough(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const pause = () => new Promise((r) => setTimeout(r, 150));
    const scrollers: Array<Element | null> = [null, ...Array.from(document.querySelectorAll('main'))];
    for (const el of scrollers) {
      const height = el ? el.scrollHeight : document.documentElement.scrollHeight;
      for (let y = 0; y <= height; y += 600) {
        el ? el.scrollTo(0, y) : window.scrollTo(0, y);
        await pause();
      }
      el ? el.scrollTo(0, 0) : window.scrollTo(0, 0);
    }
  });
}

/**
 * Panels fill in as their queries return (and only once scrolled into view): waits until no panel is loading and
 * every title in `mustDraw` drew series, or gives up after 20 s; returns the series per panel title then.
 */
export async function waitForPanels(page: Page, mustDraw: string[]): Promise<Record<string, number>> {
  let series: Record<string, number> = {};
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(1000);
    if (i % 4 === 1) {
      await scrollThrough(page);
    }
    series = await panelSeries(page);
    const loading = await page.locator('[aria-label="Panel loading bar"]').count();
    if (loading === 0 && i >= 3 && mustDraw.every((t) => series[t] > 0)) {
      break;
    }
  }
  return series;
}

/**
 * Follows the page's data source queries from now on. `quiet()` resolves once at least one was sent and none has
 * been in flight for `quietMs` (at most `maxMs`). Loading bars are no signal: panels below the fold keep theirs
 * until scrolled into view.
 */
export function followQueries(page: Page): { quiet(quietMs?: number, maxMs?: number): Promise<void>; stop(): void } {
  let inFlight = 0;
  let sent = 0;
  let last = Date.now();
  const isQuery = (r: Request) => r.url().includes('/api/datasources/proxy/');
  const up = (r: Request) => isQuery(r) && (inFlight++, sent++, (last = Date.now()));
  const down = (r: Request) => isQuery(r) && (inFlight--, (last = Date.now()));
  page.on('request', up);
  page.on('requestfinished', down);
  page.on('requestfailed', down);
  return {
    async quiet(quietMs = 1000, maxMs = 20000) {
      const deadline = Date.now() + maxMs;
      while (Date.now() < deadline && !(sent > 0 && inFlight === 0 && Date.now() - last > quietMs)) {
        await page.waitForTimeout(100);
      }
    },
    stop() {
      page.off('request', up);
      page.off('requestfinished', down);
      page.off('requestfailed', down);
    },
  };
}
