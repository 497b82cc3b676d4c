/**
 * Boot data Grafana writes into its index page. @grafana/runtime reads it when first imported, so this module
 * runs before anything that imports the runtime.
 */
import { PREVIEW_DS_SETTINGS } from './dsSettings';

declare global {
  interface Window {
    grafanaBootData: unknown;
    __grafana_public_path__: string;
  }
}

window.__grafana_public_path__ = '/public/';
window.grafanaBootData = {
  user: {
    id: 1,
    login: 'preview',
    orgRole: 'Admin',
    isGrafanaAdmin: true,
    theme: 'dark',
    timezone: 'browser',
    weekStart: 'monday',
    locale: 'en-US',
    language: 'en-US',
  },
  settings: {
    appSubUrl: '',
    appUrl: window.location.origin + '/',
    buildInfo: { version: '12.3.0', commit: 'preview', env: 'production', edition: 'OSS' },
    datasources: { [PREVIEW_DS_SETTINGS.name]: PREVIEW_DS_SETTINGS },
    defaultDatasource: PREVIEW_DS_SETTINGS.name,
    panels: {},
    apps: {},
    featureToggles: { prometheusSpecialCharsInLabelValues: true },
    minRefreshInterval: '5s',
  },
  navTree: [],
};
