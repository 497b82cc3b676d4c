/**
 * Wires Grafana's runtime services to the preview's stand-ins, imports the built plugin (dist/module.js) through
 * SystemJS as Grafana does, then renders its pages. Nothing of the app's source is bundled here.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';
import {
  EventBusSrv,
  standardFieldConfigEditorRegistry,
  standardTransformersRegistry,
  ThemeContext,
} from '@grafana/data';
import {
  config,
  setAppEvents,
  setBackendSrv,
  setDataSourceSrv,
  setPluginImportUtils,
  setRunRequest,
} from '@grafana/runtime';
// setPluginPage is not in the runtime's public entry; webpack aliases this to the module the entry re-exports.
import { setPluginPage } from 'grafana-runtime-plugin-page';
import { GlobalStyles } from '@grafana/ui';
import { previewBackendSrv } from './services/backend';
import { PreviewDataSourceSrv } from './services/dataSources';
import { standardFieldConfigs } from './services/fieldConfigs';
import { runRequest } from './services/runRequest';
import { coreTransformers } from './services/transformers';
import { importAppPlugin } from './loader/importPlugin';
import { pluginImportUtils } from './panels';
import { BootError } from './shell/BootError';
import { PreviewPluginPage } from './shell/PreviewPluginPage';
import { Shell } from './shell/Shell';
import { loadPluginMeta } from './pluginMeta';

function wireRuntime() {
  standardFieldConfigEditorRegistry.setInit(standardFieldConfigs);
  standardTransformersRegistry.setInit(coreTransformers);
  setDataSourceSrv(new PreviewDataSourceSrv());
  setRunRequest(runRequest);
  setBackendSrv(previewBackendSrv);
  setAppEvents(new EventBusSrv());
  setPluginImportUtils(pluginImportUtils);
  setPluginPage(PreviewPluginPage);
}

export async function start(root: HTMLElement) {
  wireRuntime();
  const theme = config.theme2;
  const render = (node: React.ReactNode) =>
    createRoot(root).render(
      <ThemeContext.Provider value={theme}>
        <GlobalStyles />
        {node}
      </ThemeContext.Provider>
    );
  const [app] = Object.values(config.apps);
  try {
    const { meta, pages } = await loadPluginMeta(app.id);
    const plugin = await importAppPlugin(app.path);
    render(<Shell plugin={plugin} meta={meta} pages={pages} bannerless={window.previewMode.bannerless} />);
  } catch (err) {
    render(<BootError pluginId={app.id} error={err as Error} />);
  }
}
