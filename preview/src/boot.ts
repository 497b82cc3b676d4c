/**
 * Boot data Grafana writes into its index page. @grafana/runtime reads it when first imported, so this module
 * runs before anything that imports the runtime.
 */
import { PREVIEW_DS_SETTINGS } from './dsSettings';
import { PreviewMode, readPreviewMode } from './previewMode';

declare const __PLUGIN_ID__: string;

declare global {
  interface Window {
    grafanaBootData: unknown;
    __grafana_public_path__: string;
    previewMode: PreviewMode;
  }
}

window.previewMode = readPreviewMode(window.location.search);
window.__grafana_public_path__ = '/public/';
window.grafanaBootData = {
  user: {
    id: 1,
    login: 'preview',
    orgRole: 'Admin',
    isGrafanaAdmin: true,
    theme: window.previewMode.theme,
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
    // Grafana lists installed apps with the path of their module.js under public/plugins/<id>/.
    apps: { [__PLUGIN_ID__]: { id: __PLUGIN_ID__, path: `public/plugins/${__PLUGIN_ID__}/module.js`, preload: false } },
    featureToggles: { prometheusSpecialCharsInLabelValues: true },
    minRefreshInterval: '5s',
  },
  navTree: [],
};
