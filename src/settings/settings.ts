/**
 * The app's configuration, stored by Grafana as the plugin's jsonData. Every page reads it through
 * `resolveSettings`, which fills defaults and ignores malformed stored values (a bad value never breaks a page).
 */
import { DEFAULT_ROLE_PRESET, findPreset, RoleMapping } from './rolePresets';
import { AppJsonData, AppSettings, TRACE_DATASOURCE_TYPES, TraceDatasourceType, TraceSettings } from './types';
import { validateSettings } from './validateSettings';

export type { AppJsonData, AppSettings, TraceDatasourceType, TraceSettings } from './types';
export { TRACE_DATASOURCE_TYPES } from './types';

export const DEFAULT_SLO_TTFT_SECONDS = 2;
export const DEFAULT_SLO_ITL_SECONDS = 0.1;

export function defaultSettings(): AppSettings {
  return {
    rolePreset: DEFAULT_ROLE_PRESET,
    role: { ...findPreset(DEFAULT_ROLE_PRESET)!.mapping },
    sloTtftSeconds: DEFAULT_SLO_TTFT_SECONDS,
    sloItlSeconds: DEFAULT_SLO_ITL_SECONDS,
  };
}

/** Stored jsonData → settings the pages can trust. Invalid stored parts fall back to defaults. */
export function resolveSettings(jsonData: AppJsonData | undefined | null): AppSettings {
  const defaults = defaultSettings();
  if (!jsonData || typeof jsonData !== 'object') {
    return defaults;
  }
  const preset = findPreset(jsonData.rolePreset);
  const candidate: AppSettings = {
    datasourceUid: typeof jsonData.datasourceUid === 'string' && jsonData.datasourceUid ? jsonData.datasourceUid : undefined,
    rolePreset: preset ? preset.id : defaults.rolePreset,
    role: {
      ...(preset ? preset.mapping : defaults.role),
      ...pickStrings(jsonData.role),
    },
    sloTtftSeconds: jsonData.sloTtftSeconds ?? defaults.sloTtftSeconds,
    sloItlSeconds: jsonData.sloItlSeconds ?? defaults.sloItlSeconds,
    traces: pickTraces(jsonData.traces),
  };
  const errors = validateSettings(candidate);
  return {
    datasourceUid: candidate.datasourceUid,
    rolePreset: errors.role ? defaults.rolePreset : candidate.rolePreset,
    role: errors.role ? defaults.role : candidate.role,
    sloTtftSeconds: errors.sloTtftSeconds ? defaults.sloTtftSeconds : candidate.sloTtftSeconds,
    sloItlSeconds: errors.sloItlSeconds ? defaults.sloItlSeconds : candidate.sloItlSeconds,
    traces: errors.traces ? undefined : candidate.traces,
  };
}

/** Settings → the jsonData to store. */
export function toJsonData(settings: AppSettings): AppJsonData {
  return {
    datasourceUid: settings.datasourceUid,
    rolePreset: settings.rolePreset,
    role: { ...settings.role },
    sloTtftSeconds: settings.sloTtftSeconds,
    sloItlSeconds: settings.sloItlSeconds,
    ...(settings.traces ? { traces: { ...settings.traces } } : {}),
  };
}

/** A stored trace setting with a known type and a uid, else none (validation judges the values). */
function pickTraces(traces: Partial<TraceSettings> | undefined): TraceSettings | undefined {
  if (!traces || typeof traces !== 'object' || typeof traces.datasourceUid !== 'string' || !traces.datasourceUid) {
    return undefined;
  }
  if (!TRACE_DATASOURCE_TYPES.includes(traces.datasourceType as TraceDatasourceType)) {
    return undefined;
  }
  const serviceName = typeof traces.serviceName === 'string' && traces.serviceName.trim() ? traces.serviceName : undefined;
  return { datasourceUid: traces.datasourceUid, datasourceType: traces.datasourceType!, ...(serviceName ? { serviceName } : {}) };
}

function pickStrings(role: Partial<RoleMapping> | undefined): Partial<RoleMapping> {
  const out: Partial<RoleMapping> = {};
  if (!role || typeof role !== 'object') {
    return out;
  }
  for (const key of ['label', 'prefill', 'decode'] as const) {
    if (typeof role[key] === 'string') {
      out[key] = role[key];
    }
  }
  return out;
}
