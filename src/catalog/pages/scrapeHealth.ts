import { PageSpec, PanelSpec } from '../panelSpec';
import { agg, print, selector } from '../../queries/promql';

const targets: PanelSpec = {
  id: 'health.targets',
  title: 'Scrape targets up, by job',
  description: 'Targets Prometheus scrapes successfully (up == 1) out of all targets, per job.',
  viz: 'table',
  signals: [],
  noData: 'Prometheus reports no targets: check that the data source points at the Prometheus that scrapes the fleet.',
  queries: () => [
    { expr: print(agg('sum', ['job'], selector('up'))), legend: 'up', instant: true },
    { expr: print(agg('count', ['job'], selector('up'))), legend: 'total', instant: true },
  ],
  transformations: [{ id: 'merge', options: {} }],
};

export const SCRAPE_HEALTH_PAGE: PageSpec = {
  id: 'scrape-health',
  route: 'scrape-health',
  title: 'Scrape health',
  subtitle: 'Is monitoring working: targets, staleness, and which metric families this fleet exports.',
  filters: ['namespace'],
  rows: [{ title: 'Targets', panels: [targets] }],
};
