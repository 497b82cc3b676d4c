/**
 * Scene objects a page shows above its panel grid that a dashboard cannot express (the alert template
 * list, the scrape checks). Dashboards are generated from page specs alone; these exist only in the app.
 * Each page's extras live in their own folder under src/extras/ and are listed here by page id.
 */
import { SceneObject } from '@grafana/scenes';
import type { PageId } from '../pages/identity';
import { AppSettings } from '../settings/settings';
import { scrapeHealthExtras } from './scrapeHealth';
import { alertsExtras } from './alerts';
import { causesExtras } from './causes';
import type { PageExtras } from './types';

export type { PageExtras } from './types';

/** Keyed by page id (src/pages/identity.ts): an extra for a page that does not exist fails typecheck. */
export const PAGE_EXTRAS: Partial<Record<PageId, PageExtras>> = {
  'scrape-health': scrapeHealthExtras,
  alerts: alertsExtras,
  overview: causesExtras,
};

export function pageExtras(pageId: string, settings: AppSettings): SceneObject[] {
  return PAGE_EXTRAS[pageId as PageId]?.(settings) ?? [];
}
