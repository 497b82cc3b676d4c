/**
 * What Grafana knows about the app before it loads module.js: the plugin.json the build wrote into dist/ (served at
 * public/plugins/<id>/plugin.json) and the settings saved through the plugin settings API.
 */
import { AppPluginMeta, KeyValue, PluginType } from '@grafana/data';

export interface PluginPage {
  name: string;
  path: string;
  defaultNav?: boolean;
}

export interface LoadedMeta {
  meta: AppPluginMeta<KeyValue>;
  /** The pages plugin.json adds to the navigation, in its order. */
  pages: PluginPage[];
}

interface PluginJson {
  id: string;
  name: string;
  info: AppPluginMeta['info'];
  includes?: Array<PluginPage & { type: string; addToNav?: boolean }>;
}

async function getJson<T>(url: string, what: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) {
    throw new Error(`${what} (${url}) answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  }
  return (await res.json()) as T;
}

export function pluginBaseUrl(pluginId: string): string {
  return `/public/plugins/${pluginId}`;
}

export async function loadPluginMeta(pluginId: string): Promise<LoadedMeta> {
  const base = pluginBaseUrl(pluginId);
  const json = await getJson<PluginJson>(`${base}/plugin.json`, 'The built plugin.json');
  const saved = await getJson<{ jsonData?: KeyValue; enabled?: boolean }>(
    `/api/plugins/${pluginId}/settings`,
    'The plugin settings API'
  ).catch(() => ({}) as { jsonData?: KeyValue; enabled?: boolean });
  // Grafana makes logo and screenshot paths absolute under the plugin's public folder.
  const logos = { small: `${base}/${json.info.logos.small}`, large: `${base}/${json.info.logos.large}` };
  const meta: AppPluginMeta<KeyValue> = {
    id: json.id,
    name: json.name,
    type: PluginType.app,
    enabled: saved.enabled ?? true,
    pinned: true,
    jsonData: saved.jsonData ?? {},
    module: `${base}/module.js`,
    baseUrl: base,
    info: { ...json.info, links: json.info.links ?? [], logos },
  };
  const pages = (json.includes ?? [])
    .filter((inc) => inc.type === 'page' && inc.addToNav)
    .map(({ name, path, defaultNav }) => ({ name, path, defaultNav }));
  return { meta, pages };
}
