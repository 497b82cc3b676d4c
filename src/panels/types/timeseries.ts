import { VizFactory } from './factory';

export const timeseries: VizFactory<'timeseries'> = (spec) => ({
  type: 'timeseries',
  defaults: {
    color: { mode: 'palette-classic' },
    custom: {
      drawStyle: 'line',
      lineWidth: 1,
      fillOpacity: spec.stacking ? 60 : 8,
      gradientMode: 'none',
      showPoints: 'never',
      spanNulls: false,
      stacking: { mode: spec.stacking ?? 'none', group: 'A' },
      thresholdsStyle: { mode: spec.thresholdsStyle ?? 'off' },
      axisSoftMin: 0,
    },
  },
  options: {
    legend: { displayMode: 'list', placement: 'bottom', showLegend: true, calcs: [] },
    tooltip: { mode: 'multi', sort: 'desc' },
  },
  width: 12,
  height: 8,
});
