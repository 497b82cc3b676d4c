/**
 * The preview host runs what a user installs: the built dist/module.js and its lazy chunks, imported through
 * SystemJS from /public/plugins/<id>/ with the modules Grafana shares with plugins (as Grafana's loader does:
 * grafana/grafana public/app/features/plugins/importer/importPluginModule.ts, commit
 * 0c0f9a7cd68f5b483330cb12a17bb736a0becbb9, and loader/sharedDependencies.ts, commit
 * fea2b469c730d0081874d8cdaccefd118a51dfb4). Checked here: the preview bundle holds no module of src/, the pages
 * and the expert matrix come from the artifact, a missing or broken module.js is reported, and the bannerless
 * screenshot mode follows the user's theme.
 *
 * UPDATE_SCREENSHOTS=1 also captures every page in both themes into src/img/screenshots/ (plugin.json's catalog
 * screenshots) and docs/img/ (the README's).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { EXPERT_MATRIX_PANEL_ID } from '../../src/panels/model';
import { followQueries, watchedPage } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';
import { ROOT } from '../support/stack';

const PLUGIN = JSON.parse(readFileSync(join(ROOT, 'src/plugin.json'), 'utf8'));
const PUBLIC_PATH = `/public/plugins/${PLUGIN.id}/`;
const SHOTS = join(ROOT, 'artifacts/screenshots');
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
const PAGES: Array<{ name: string; route: string }> = PLUGIN.includes
  .filter((i: { type: string; path: string }) => i.type === 'page' && i.path.startsWith('/a/'))
  .map((i: { name: string; path: string }) => ({ name: i.name, route: i.path.split('/').pop()! }));

/** Pages whose headline panels sit below the first screen (the expert matrix, the node panels): captured tall. */
const TALL_PAGES = ['wide-ep', 'gpus'];

const jsFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(dir, f));
const anyFileHas = (files: string[], text: string) => files.some((f) => readFileSync(f, 'utf8').includes(text));

describe('the preview bundle', () => {
  it('holds no module of src/: the app reaches the preview only as the built artifact', () => {
    const modules = JSON.parse(readFileSync(join(ROOT, 'preview/dist/modules.json'), 'utf8')) as string[];
    // The list is the real one: the preview's own loader is in it.
    expect(modules).toContain('preview/src/loader/systemjs.ts');
    expect(modules.filter((m) => m.startsWith('src/'))).toEqual([]);
  });

  it("carries none of the app's code, which the plugin's dist/ does carry", () => {
    // The expert matrix's panel id is a string only the app's code holds.
    expect(anyFileHas(jsFiles(join(ROOT, 'dist')), EXPERT_MATRIX_PANEL_ID)).toBe(true);
    expect(anyFileHas(jsFiles(join(ROOT, 'preview/dist')), EXPERT_MATRIX_PANEL_ID)).toBe(false);
  });
});

const RULES = join(ROOT, 'deploy/prometheus/rules');
const env = useBrowserStack(
  {
    scenario: 'steady-pd',
    simArgs: ['--expert-debug'],
    ruleFiles: readdirSync(RULES)
      .filter((f) => f.endsWith('.yml'))
      .map((f) => join(RULES, f)),
    nodeExporter: true,
  },
  // The catalog captures want a few minutes of data; the hook must finish within the 240 s test timeout.
  UPDATE ? 150 : 30
);

/** Opens `url` and waits for the page title, then until its queries are answered (at least `minMs`). */
async function openSettled(page: Page, url: string, title: string, minMs = 3000): Promise<void> {
  const queries = followQueries(page);
  const start = Date.now();
  try {
    await page.goto(url);
    await page.getByTestId('preview-page-title').filter({ hasText: title }).waitFor({ timeout: 30000 });
    await queries.quiet(1000);
    await page.waitForTimeout(Math.max(0, minMs - (Date.now() - start)));
  } finally {
    queries.stop();
  }
}

describe('booting dist/module.js as Grafana does (Chromium, real Prometheus, simulator steady-pd)', () => {
  it('imports module.js and its lazy chunks from the public path, and the expert matrix it registers draws', async () => {
    const { page, errors } = await watchedPage(env.browser, 1600, 2400);
    const fromPlugin: string[] = [];
    page.on('request', (r) => {
      const { pathname } = new URL(r.url());
      if (pathname.startsWith(PUBLIC_PATH)) {
        fromPlugin.push(pathname.slice(PUBLIC_PATH.length));
      }
    });
    await page.goto(`${env.preview.url}/a/${PLUGIN.id}/wide-ep`);
    await page.getByTestId('preview-page-title').filter({ hasText: 'Wide EP' }).waitFor({ timeout: 30000 });
    const matrix = page.locator('[aria-label^="Expert load matrix"]');
    await matrix.first().waitFor({ timeout: 30000 });
    expect(await matrix.first().getAttribute('aria-label')).toMatch(
      /^Expert load matrix, [1-9]\d* layers by [1-9]\d* experts/
    );

    expect(fromPlugin).toContain('plugin.json');
    expect(fromPlugin).toContain('module.js');
    // The app's pages are lazy chunks of module.js; each one the page needed came from the plugin's folder.
    const chunks = fromPlugin.filter((f) => /^[\w-]+\.js$/.test(f) && f !== 'module.js');
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect(existsSync(join(ROOT, 'dist', chunk))).toBe(true);
    }
    // SystemJS holds module.js under its URL, as Grafana's loader does.
    const registered = await page.evaluate(() =>
      Array.from((window as unknown as { System: { entries(): Iterable<[string]> } }).System.entries(), ([id]) => id)
    );
    expect(registered).toContain(`${env.preview.url}${PUBLIC_PATH}module.js`);
    expect(registered).toContain('package:@grafana/runtime');
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    ['missing (404)', { status: 404, body: 'not found' }, /Could not load plugin/],
    ['exports no plugin', { status: 200, body: 'define([], function () { return {}; });' }, /exports no app plugin/],
    [
      'throws while it runs',
      { status: 200, body: "define([], function () { throw new Error('broken build'); });" },
      /broken build/,
    ],
  ])('module.js %s: the page says so and how to build it, instead of staying blank', async (_, reply, message) => {
    const { page } = await watchedPage(env.browser, 1400, 900);
    await page.route(`**${PUBLIC_PATH}module.js`, (route) =>
      route.fulfill({ status: reply.status, contentType: 'text/javascript', body: reply.body })
    );
    await page.goto(`${env.preview.url}/a/${PLUGIN.id}/overview`);
    const alert = page.getByTestId('preview-boot-error');
    await alert.waitFor({ timeout: 30000 });
    expect(await alert.textContent()).toMatch(message);
    expect(await alert.textContent()).toContain('npm run build');
    await page.close();
  });

  it.each(['dark', 'light'] as const)(
    'screenshot mode in the %s theme: no preview banner, the theme from the boot data',
    async (theme) => {
      const { page, errors } = await watchedPage(env.browser, 1500, 1100);
      await openSettled(page, `${env.preview.url}/a/${PLUGIN.id}/overview?screenshot=1&theme=${theme}`, 'Overview');
      expect(await page.getByTestId('preview-banner').count()).toBe(0);
      const bootTheme = await page.evaluate(() => (window as any).grafanaBootData.user.theme);
      expect(bootTheme).toBe(theme);
      // The canvas behind the pages is dark or light as the theme says (mean of R, G, B).
      const background = await page.evaluate(
        () => getComputedStyle(document.querySelector('main')!.parentElement!.parentElement!).backgroundColor
      );
      const [r, g, b] = background.match(/\d+/g)!.map(Number);
      expect({ theme, light: (r + g + b) / 3 > 128 }).toEqual({ theme, light: theme === 'light' });
      await page.screenshot({ path: join(SHOTS, `catalog-overview-${theme}.png`) });
      expect(errors).toEqual([]);
      await page.close();
    }
  );

  (UPDATE ? it : it.skip)(
    'captures every page in both themes for plugin.json and the README',
    async () => {
      mkdirSync(join(ROOT, 'src/img/screenshots'), { recursive: true });
      for (const theme of ['dark', 'light']) {
        for (const { name, route } of PAGES) {
          const [width, height] = TALL_PAGES.includes(route) ? [1600, 3000] : [1500, 1100];
          const { page, errors } = await watchedPage(env.browser, width, height);
          const url = `${env.preview.url}/a/${PLUGIN.id}/${route}?screenshot=1&theme=${theme}&from=now-5m&to=now`;
          await openSettled(page, url, name, 5000);
          expect(await page.getByTestId('preview-banner').count()).toBe(0);
          const file = `${route}${theme === 'light' ? '-light' : ''}.png`;
          await page.screenshot({ path: join(ROOT, 'src/img/screenshots', file) });
          copyFileSync(join(ROOT, 'src/img/screenshots', file), join(ROOT, 'docs/img', file));
          expect({ route, theme, errors }).toEqual({ route, theme, errors: [] });
          await page.close();
        }
      }
    },
    600000
  );
});
