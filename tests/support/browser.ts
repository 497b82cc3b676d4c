/** Chromium (Debian's) through playwright-core, with page errors and console errors collected per page. */
import { Browser, chromium, Page } from 'playwright-core';

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
