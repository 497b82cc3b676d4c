/**
 * Wires Grafana's runtime services to the preview's stand-ins, then renders the app's pages.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, EventBusSrv, standardFieldConfigEditorRegistry, standardTransformersRegistry, ThemeContext } from '@grafana/data';
import { setAppEvents, setBackendSrv, setDataSourceSrv, setPluginImportUtils, setRunRequest } from '@grafana/runtime';
// setPluginPage is not in the runtime's public entry; webpack aliases this to the module the entry re-exports.
import { setPluginPage } from 'grafana-runtime-plugin-page';
import { GlobalStyles } from '@grafana/ui';
import { previewBackendSrv } from './services/backend';
import { PreviewDataSourceSrv } from './services/dataSources';
import { standardFieldConfigs } from './services/fieldConfigs';
import { runRequest } from './services/runRequest';
import { coreTransformers } from './services/transformers';
import { pluginImportUtils } from './panels';
import { PreviewPluginPage } from './shell/PreviewPluginPage';
import { Shell } from './shell/Shell';
import { loadPluginMeta } from './settingsStore';

export async function start(root: HTMLElement) {
  standardFieldConfigEditorRegistry.setInit(standardFieldConfigs);
  standardTransformersRegistry.setInit(coreTransformers);
  setDataSourceSrv(new PreviewDataSourceSrv());
  setRunRequest(runRequest);
  setBackendSrv(previewBackendSrv);
  setAppEvents(new EventBusSrv());
  setPluginImportUtils(pluginImportUtils);
  setPluginPage(PreviewPluginPage);
  const meta = await loadPluginMeta();
  const theme = createTheme({ colors: { mode: 'dark' } });
  createRoot(root).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <Shell meta={meta} />
    </ThemeContext.Provider>
  );
}
