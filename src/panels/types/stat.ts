import { REDUCE_LAST, VizFactory } from './factory';

export const stat: VizFactory<'stat'> = (spec) => ({
  type: 'stat',
  defaults: { color: { mode: spec.thresholds ? 'thresholds' : 'fixed', fixedColor: 'text' } },
  options: {
    reduceOptions: REDUCE_LAST,
    colorMode: spec.thresholds ? 'value' : 'none',
    graphMode: 'area',
    textMode: 'auto',
    justifyMode: 'auto',
    orientation: 'auto',
    showPercentChange: false,
  },
  width: 6,
  height: 4,
});
