/** A panel link to another app page that carries the time range and every variable, so the drill-down keeps the selection. */
import { prefixRoute } from '../constants';
import type { PageId } from '../pages/identity';
import type { PanelLink } from './panelSpec';

export function drilldownLink(title: string, page: PageId): PanelLink {
  return { title, url: `${prefixRoute(page)}?\${__url_time_range}&\${__all_variables}` };
}
