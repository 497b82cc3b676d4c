/** The app's plugin settings as the preview server stores them (the equivalent of Grafana's plugin settings API). */
import { AppPluginMeta, PluginType } from '@grafana/data';
import pluginJson from '../../src/plugin.json';
import { AppJsonData } from '../../src/settings/settings';

export async function loadPluginMeta(): Promise<AppPluginMeta<AppJsonData>> {
  const res = await fetch(`/api/plugins/${pluginJson.id}/settings`);
  const saved = res.ok ? ((await res.json()) as { jsonData?: AppJsonData; enabled?: boolean }) : {};
  return {
    id: pluginJson.id,
    name: pluginJson.name,
    type: PluginType.app,
    enabled: saved.enabled ?? true,
    pinned: true,
    jsonData: saved.jsonData ?? {},
    module: 'preview',
    baseUrl: '',
    info: {
      ...pluginJson.info,
      links: [],
      logos: { small: '/public/plugin/img/logo.svg', large: '/public/plugin/img/logo.svg' },
    } as never,
  };
}
