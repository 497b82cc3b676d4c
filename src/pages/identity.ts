/**
 * Every app page's identity, in navigation order: one list from which the page specs take id, route and title,
 * the sidebar and routes follow (src/catalog/pages/index.ts, src/constants.ts), extras are keyed
 * (src/extras/index.ts) and the plugin.json page and dashboard includes are checked (./__tests__/identity.test.ts).
 * A page's id is its route segment and its dashboard file name.
 */
export const APP_PAGES = [
  { id: 'overview', title: 'Overview' },
  { id: 'prefill-decode', title: 'Prefill/Decode' },
  { id: 'wide-ep', title: 'Wide EP' },
  { id: 'gpus', title: 'GPUs' },
  { id: 'scrape-health', title: 'Scrape health' },
  { id: 'alerts', title: 'Alerts' },
] as const;

export type PageId = (typeof APP_PAGES)[number]['id'];

/** The landing page, the first in navigation. */
export const HOME_PAGE: PageId = APP_PAGES[0].id;

/** What a page spec takes from the list: its id, route segment and title. */
export function pageIdentity(id: PageId): { id: PageId; route: PageId; title: string } {
  const page = APP_PAGES.find((p) => p.id === id)!;
  return { id, route: id, title: page.title };
}
