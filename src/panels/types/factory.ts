import { VizKind, VizPanelSpec } from '../../catalog/panelSpec';
import type { VizFieldConfig, VizOptions } from '../../catalog/vizOptions';

/** What a visualization contributes before the spec's own settings are applied; options typed as the spec's. */
export interface VizDefaults<K extends VizKind> {
  type: string;
  defaults: Record<string, unknown> & { custom?: VizFieldConfig[K] };
  options: VizOptions[K];
  width: number;
  height: number;
}

export type VizFactory<K extends VizKind> = (spec: VizPanelSpec<K>) => VizDefaults<K>;

export const REDUCE_LAST = { calcs: ['lastNotNull'], fields: '', values: false };
