import { APP_PAGES, PageId } from '../../pages/identity';
import { PageSpec, PanelSpec } from '../panelSpec';
import { ALERTS_PAGE } from './alerts';
import { GPUS_PAGE } from './gpus';
import { OVERVIEW_PAGE } from './overview';
import { PREFILL_DECODE_PAGE } from './prefillDecode';
import { SCRAPE_HEALTH_PAGE } from './scrapeHealth';
import { WIDE_EP_PAGE } from './wideEp';

/** Each page's spec by id: a page in src/pages/identity.ts without a spec fails typecheck. */
const SPECS: Record<PageId, PageSpec> = {
  overview: OVERVIEW_PAGE,
  'prefill-decode': PREFILL_DECODE_PAGE,
  'wide-ep': WIDE_EP_PAGE,
  gpus: GPUS_PAGE,
  'scrape-health': SCRAPE_HEALTH_PAGE,
  alerts: ALERTS_PAGE,
};

/** Pages rendered from specs, in navigation order (src/pages/identity.ts). Each is also an included dashboard. */
export const SPEC_PAGES: PageSpec[] = APP_PAGES.map((page) => SPECS[page.id]);

/** A page's panels, row by row. */
export function panelsOf(page: PageSpec): PanelSpec[] {
  return page.rows.flatMap((row) => row.panels);
}

/** Every panel of every page with its page, in navigation order. */
export function everyPanel(): Array<{ page: PageSpec; panel: PanelSpec }> {
  return SPEC_PAGES.flatMap((page) => panelsOf(page).map((panel) => ({ page, panel })));
}
