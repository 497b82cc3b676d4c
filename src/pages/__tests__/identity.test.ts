/** The page list is the one source of a page's identity: specs, navigation, extras and plugin.json agree with it. */
import { readFileSync } from 'fs';
import { join } from 'path';
import pluginJson from '../../plugin.json';
import { panelsOf, SPEC_PAGES } from '../../catalog/pages';
import { drilldownLink } from '../../catalog/drilldownLinks';
import { PAGE_EXTRAS } from '../../extras';
import { APP_PAGES, HOME_PAGE, pageIdentity } from '../identity';

describe('the app page list', () => {
  it('gives every spec page, in navigation order, its id, route and title', () => {
    expect(SPEC_PAGES.map((p) => [p.id, p.route, p.title])).toEqual(APP_PAGES.map((p) => [p.id, p.id, p.title]));
  });

  it('is what plugin.json declares as sidebar pages, landing on the first, with the configuration page last', () => {
    const pages = pluginJson.includes.filter((i) => i.type === 'page');
    expect(pages).toEqual([
      ...APP_PAGES.map((p) => ({
        type: 'page',
        name: p.title,
        path: `/a/%PLUGIN_ID%/${p.id}`,
        addToNav: true,
        defaultNav: p.id === HOME_PAGE,
        role: 'Viewer',
      })),
      { type: 'page', name: 'Configuration', path: '/plugins/%PLUGIN_ID%', addToNav: true, defaultNav: false, role: 'Admin', icon: 'cog' },
    ]);
  });

  it('keys the extras by pages that exist', () => {
    const ids: string[] = APP_PAGES.map((p) => p.id);
    expect(Object.keys(PAGE_EXTRAS).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('has a page in docs/pages/ for every app page, naming each of its panels', () => {
    for (const page of SPEC_PAGES) {
      const doc = readFileSync(join(__dirname, '../../../docs/pages', `${page.id}.md`), 'utf8');
      const unnamed = panelsOf(page)
        .map((p) => p.title)
        .filter((title) => !doc.includes(`**${title}**`));
      expect({ page: page.id, unnamed }).toEqual({ page: page.id, unnamed: [] });
    }
  });

  it('refuses a misspelt page at typecheck', () => {
    // @ts-expect-error 'wide_ep' is no page id
    expect(drilldownLink('Wide EP', 'wide_ep').url).toContain('/wide_ep?');
    // @ts-expect-error 'gpu' is no page id
    expect(() => pageIdentity('gpu')).toThrow();
  });
});
