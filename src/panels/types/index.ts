import { VizKind } from '../../catalog/panelSpec';
import { bargauge } from './bargauge';
import { expertMatrix } from './expertMatrix';
import { VizFactory } from './factory';
import { heatmap } from './heatmap';
import { stat } from './stat';
import { stateTimeline } from './stateTimeline';
import { table } from './table';
import { timeseries } from './timeseries';

export const VIZ_FACTORIES: Record<VizKind, VizFactory> = {
  timeseries,
  stat,
  bargauge,
  table,
  heatmap,
  'state-timeline': stateTimeline,
  'expert-matrix': expertMatrix,
};
