/**
 * Scene objects a page shows above its panel grid that a dashboard cannot express (the alert template
 * list, the scrape checks). Dashboards are generated from page specs alone; these exist only in the app.
 * Each page's extras live in their own folder under src/extras/ and are listed here by page id.
 */
import { SceneObject } from '@grafana/scenes';
import { AppSettings } from '../settings/settings';
import { scrapeHealthExtras } from './scrapeHealth';
import { alertsExtras } from './alerts';
import { causesExtras } from './causes';
import type { PageExtras } from './types';

export type { PageExtras } from './types';

export const PAGE_EXTRAS: Record<string, PageExtras> = {
  'scrape-health': scrapeHealthExtras,
  alerts: alertsExtras,
  overview: causesExtras,
};

export function pageExtras(pageId: string, settings: AppSettings): SceneObject[] {
  return PAGE_EXTRAS[pageId]?.(settings) ?? [];
}
