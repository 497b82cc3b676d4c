/**
 * Where the included dashboards live and how plugin.json lists them. Shared by the generator script and the
 * test that keeps the committed files in step with the catalog.
 */
import { SPEC_PAGES } from '../catalog/pages/index';
import { PageSpec } from '../catalog/panelSpec';
import { dashboardFor } from '../dashboards/dashboardModel';

export interface DashboardFile {
  /** Path relative to src/ (and to dist/ after the build). */
  path: string;
  title: string;
  json: string;
}

export function dashboardPath(page: PageSpec): string {
  return `dashboards/${page.route}.json`;
}

/** Pages that become dashboards: every spec page with panels. */
export function dashboardFiles(): DashboardFile[] {
  return SPEC_PAGES.filter((p) => p.rows.some((r) => r.panels.length > 0)).map((page) => {
    const model = dashboardFor(page);
    return { path: dashboardPath(page), title: model.title ?? page.title ?? page.id, json: `${JSON.stringify(model, null, 2)}\n` };
  });
}

interface Include {
  type: string;
  name: string;
  path: string;
  [key: string]: unknown;
}

/** plugin.json with its dashboard includes replaced by the generated files, pages untouched. */
export function withDashboardIncludes<T extends { includes: Include[] }>(pluginJson: T, files: DashboardFile[]): T {
  const pages = pluginJson.includes.filter((i) => i.type !== 'dashboard');
  const dashboards = files.map((f) => ({ type: 'dashboard', name: f.title, path: f.path, addToNav: false }));
  return { ...pluginJson, includes: [...pages, ...dashboards] };
}
