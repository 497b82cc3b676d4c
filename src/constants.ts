import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

export const CONFIG_PAGE_URL = `/plugins/${PLUGIN_ID}`;

/** The URL of an app page (a route segment is a page id, src/pages/identity.ts; callers that know the page take PageId). */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}

/** The docs shipped with the plugin (copied into dist/docs by the build), served by Grafana as plugin files. */
export const DOCS_BASE_URL = `/public/plugins/${PLUGIN_ID}/docs`;

export function docsUrl(file: string, anchor?: string): string {
  return `${DOCS_BASE_URL}/${file}${anchor ? `#${anchor}` : ''}`;
}

/**
 * The uid of the dashboard included for a page (src/dashboards/<route>.json). The generator
 * (src/dashboards/dashboardModel.ts) writes the same; src/scenes/__tests__/navigation.test.ts checks every file.
 */
export function includedDashboardUid(route: string): string {
  return `llmd-fleet-${route}`;
}

export function dashboardUrl(uid: string): string {
  return `/d/${encodeURIComponent(uid)}`;
}
