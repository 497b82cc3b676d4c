import { VizKind, VizPanelSpec } from '../../catalog/panelSpec';
import { bargauge } from './bargauge';
import { expertMatrix } from './expertMatrix';
import { VizDefaults, VizFactory } from './factory';
import { heatmap } from './heatmap';
import { stat } from './stat';
import { stateTimeline } from './stateTimeline';
import { table } from './table';
import { timeseries } from './timeseries';

export const VIZ_FACTORIES: { [K in VizKind]: VizFactory<K> } = {
  timeseries,
  stat,
  bargauge,
  table,
  heatmap,
  'state-timeline': stateTimeline,
  'expert-matrix': expertMatrix,
};

/** The factory of a spec's visualization, applied to it (TypeScript cannot pair the two through the union itself). */
export function vizDefaults<K extends VizKind>(spec: VizPanelSpec<K>): VizDefaults<K> {
  return (VIZ_FACTORIES[spec.viz] as VizFactory<K>)(spec);
}
