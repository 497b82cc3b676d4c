/**
 * Saving the app's settings (POST /api/plugins/{id}/settings) through the GrafanaHttp door, with a refusal
 * explained in words an operator can act on instead of Grafana's error toast.
 */
import { GrafanaHttp, messageOf } from './http';
import { pluginSettingsPath } from './paths';

export interface PluginSettingsBody<J> {
  enabled?: boolean;
  pinned?: boolean;
  jsonData: J;
}

export type SaveOutcome = { ok: true } | { ok: false; message: string };

/** A failed save in words: who may save, or what Grafana said, or why no answer came. */
export function describeSaveFailure(status: number, data: unknown): string {
  if (status === 401 || status === 403) {
    return 'Saving app settings needs the Admin role in this organization (or a service account with plugins:write).';
  }
  const message = messageOf(data);
  if (status === 0) {
    return `The settings could not be saved: ${message ?? 'Grafana did not answer'}.`;
  }
  return `Grafana refused the settings (HTTP ${status})${message ? `: ${message}` : ''}.`;
}

export async function savePluginSettings<J>(http: GrafanaHttp, pluginId: string, body: PluginSettingsBody<J>): Promise<SaveOutcome> {
  const res = await http.request('POST', pluginSettingsPath(pluginId), body);
  return res.status >= 200 && res.status < 300 ? { ok: true } : { ok: false, message: describeSaveFailure(res.status, res.data) };
}
