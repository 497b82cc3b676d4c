/**
 * Keeping the time range and filters when moving between the app's pages from Grafana's sidebar. The sidebar's
 * links are plain page URLs (plugin.json includes) and scenes' `preserveUrlKeys` only rewrites the app's own
 * tabs and breadcrumbs, so the app carries the state itself: arriving on another page with none of these keys,
 * it takes them from the page it came from.
 */

/** URL keys that make up a page's view: time range, time zone, refresh and template variables. */
export function isCarriedKey(key: string): boolean {
  return key === 'from' || key === 'to' || key === 'timezone' || key === 'refresh' || key.startsWith('var-');
}

/**
 * The search string to continue with on arrival at `nextSearch` after `previousSearch`, or undefined to stay:
 * when the new URL already has any carried key (a link that sets its own), nothing is added.
 */
export function carriedSearch(previousSearch: string, nextSearch: string): string | undefined {
  const next = new URLSearchParams(nextSearch);
  if ([...next.keys()].some(isCarriedKey)) {
    return undefined;
  }
  let carried = false;
  for (const [key, value] of new URLSearchParams(previousSearch)) {
    if (isCarriedKey(key)) {
      next.append(key, value);
      carried = true;
    }
  }
  return carried ? `?${next.toString()}` : undefined;
}

/** The app page last shown and its URL state (one app per browser tab, so one memory). */
let lastPage: { pathname: string; search: string } | undefined;

export function rememberPage(pathname: string, search: string): void {
  lastPage = { pathname, search };
}

/** Where to go instead of `pathname + search`, when arriving from another page without a view of its own. */
export function carriedLocation(pathname: string, search: string): string | undefined {
  if (!lastPage || lastPage.pathname === pathname) {
    return undefined;
  }
  const carried = carriedSearch(lastPage.search, search);
  return carried ? `${pathname}${carried}` : undefined;
}
