import { REDUCE_LAST, VizFactory } from './factory';

export const bargauge: VizFactory<'bargauge'> = (spec) => ({
  type: 'bargauge',
  defaults: { color: { mode: spec.thresholds ? 'thresholds' : 'continuous-GrYlRd' } },
  options: {
    reduceOptions: REDUCE_LAST,
    displayMode: 'gradient',
    orientation: 'horizontal',
    showUnfilled: true,
    valueMode: 'color',
    namePlacement: 'auto',
    sizing: 'auto',
  },
  width: 12,
  height: 8,
});
