import { PanelSpec } from '../../catalog/panelSpec';

/** What a visualization contributes before the spec's own settings are applied. */
export interface VizDefaults {
  type: string;
  defaults: Record<string, unknown> & { custom?: Record<string, unknown> };
  options: Record<string, unknown>;
  width: number;
  height: number;
}

export type VizFactory = (spec: PanelSpec) => VizDefaults;

export const REDUCE_LAST = { calcs: ['lastNotNull'], fields: '', values: false };
