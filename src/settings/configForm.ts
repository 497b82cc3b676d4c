/**
 * The configuration form's state transitions, kept pure so they are tested without rendering.
 */
import { findPreset, RoleMapping, RolePresetId } from './rolePresets';
import { AppSettings, TRACE_DATASOURCE_TYPES, TraceDatasourceType } from './settings';
import { SettingsErrors, validateSettings } from './validateSettings';

export interface FormState {
  settings: AppSettings;
  /** SLO inputs as typed, so a half-typed number is not lost. */
  sloTtftText: string;
  sloItlText: string;
  errors: SettingsErrors;
  /** Errors are shown after the first save attempt or once a field was edited. */
  touched: boolean;
}

export function initialForm(settings: AppSettings): FormState {
  return {
    settings,
    sloTtftText: String(settings.sloTtftSeconds),
    sloItlText: String(settings.sloItlSeconds),
    errors: validateSettings(settings),
    touched: false,
  };
}

function withSettings(state: FormState, settings: AppSettings): FormState {
  return { ...state, settings, errors: validateSettings(settings), touched: true };
}

/** Choosing a preset fills the mapping fields with the preset's values (custom keeps what is there). */
export function choosePreset(state: FormState, id: RolePresetId): FormState {
  const preset = findPreset(id);
  if (!preset) {
    return state;
  }
  const role = id === 'custom' ? state.settings.role : { ...preset.mapping };
  return withSettings(state, { ...state.settings, rolePreset: id, role });
}

/** Editing a mapping field makes the mapping custom unless it still equals the chosen preset. */
export function editRole(state: FormState, field: keyof RoleMapping, value: string): FormState {
  const role = { ...state.settings.role, [field]: value };
  const preset = findPreset(state.settings.rolePreset);
  const stillPreset = preset && preset.id !== 'custom' && sameMapping(preset.mapping, role);
  return withSettings(state, { ...state.settings, role, rolePreset: stillPreset ? preset.id : 'custom' });
}

export function chooseDatasource(state: FormState, uid: string | undefined): FormState {
  return withSettings(state, { ...state.settings, datasourceUid: uid || undefined });
}

export function editSlo(state: FormState, field: 'sloTtftSeconds' | 'sloItlSeconds', text: string): FormState {
  const value = text.trim() === '' ? NaN : Number(text);
  const next = withSettings(state, { ...state.settings, [field]: value });
  return field === 'sloTtftSeconds' ? { ...next, sloTtftText: text } : { ...next, sloItlText: text };
}

function sameMapping(a: RoleMapping, b: RoleMapping): boolean {
  return a.label === b.label && a.prefill === b.prefill && a.decode === b.decode;
}

/** Picking a Tempo or Jaeger data source turns trace links on; clearing it (undefined) turns them off. */
export function chooseTraceDatasource(state: FormState, ds: { uid: string; type: string } | undefined): FormState {
  if (!ds || !TRACE_DATASOURCE_TYPES.includes(ds.type as TraceDatasourceType)) {
    return withSettings(state, { ...state.settings, traces: undefined });
  }
  const serviceName = state.settings.traces?.serviceName;
  return withSettings(state, {
    ...state.settings,
    traces: { datasourceUid: ds.uid, datasourceType: ds.type as TraceDatasourceType, ...(serviceName ? { serviceName } : {}) },
  });
}

/** The service name only matters with a trace data source; an empty one means "every service" (Tempo). */
export function editTraceService(state: FormState, text: string): FormState {
  const traces = state.settings.traces;
  if (!traces) {
    return state;
  }
  const { serviceName: _old, ...rest } = traces;
  return withSettings(state, { ...state.settings, traces: text === '' ? rest : { ...rest, serviceName: text } });
}
