import { PageSpec } from '../panelSpec';
import { ALERTS_PAGE } from './alerts';
import { GPUS_PAGE } from './gpus';
import { OVERVIEW_PAGE } from './overview';
import { PREFILL_DECODE_PAGE } from './prefillDecode';
import { SCRAPE_HEALTH_PAGE } from './scrapeHealth';
import { WIDE_EP_PAGE } from './wideEp';

/** Pages rendered from specs, in navigation order. Each is also an included dashboard. */
export const SPEC_PAGES: PageSpec[] = [
  OVERVIEW_PAGE,
  PREFILL_DECODE_PAGE,
  WIDE_EP_PAGE,
  GPUS_PAGE,
  SCRAPE_HEALTH_PAGE,
  ALERTS_PAGE,
];
