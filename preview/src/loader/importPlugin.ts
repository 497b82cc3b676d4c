/**
 * Imports the built plugin the way Grafana does: SystemJS loads the module.js path Grafana lists for the app
 * (`public/plugins/<id>/module.js`) from the server, and the plugin takes its shared modules from the host.
 * Grafana: public/app/features/plugins/importer/importPluginModule.ts (commit
 * 0c0f9a7cd68f5b483330cb12a17bb736a0becbb9) resolves the path under appSubUrl (loader/utils.ts resolveModulePath)
 * and calls SystemJS.import on it, reporting failures as 'Could not load plugin: ...'.
 *
 * The plugin's webpack bootstrap sets its chunks' public path from the AMD `module` dependency's uri
 * (grafana-public-path in .config/webpack/webpack.config.ts), so lazy chunks load from the folder of module.js,
 * as in Grafana.
 */
import type { AppPlugin } from '@grafana/data';
import { config } from '@grafana/runtime';
import { SHARED_MODULES } from './sharedModules';
import { shareModules, systemJS } from './systemjs';

let shared = false;

/** loader/utils.ts resolveModulePath: absolute paths and URLs as they are, others under appSubUrl. */
export function resolveModulePath(path: string, appSubUrl = config.appSubUrl ?? ''): string {
  return path.startsWith('http') || path.startsWith('/') ? path : `${appSubUrl}/${path}`;
}

export async function importAppPlugin(path: string): Promise<AppPlugin> {
  if (!shared) {
    shareModules(SHARED_MODULES);
    shared = true;
  }
  const url = resolveModulePath(path);
  let exports: Record<string, unknown>;
  try {
    exports = await systemJS().import(url);
  } catch (err) {
    throw new Error(`Could not load plugin: ${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const plugin = exports.plugin as AppPlugin | undefined;
  if (!plugin || typeof plugin !== 'object' || !plugin.root) {
    throw new Error(`${url} loaded, but exports no app plugin (a "plugin" with a root page)`);
  }
  return plugin;
}
