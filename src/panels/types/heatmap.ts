import { VizFactory } from './factory';

export const heatmap: VizFactory<'heatmap'> = (spec) => ({
  type: 'heatmap',
  defaults: { custom: { hideFrom: { legend: false, tooltip: false, viz: false }, scaleDistribution: { type: 'linear' } } },
  options: {
    calculate: false,
    cellGap: 1,
    color: { mode: 'scheme', scheme: 'Oranges', steps: 64, exponent: 0.5, fill: 'dark-orange', reverse: false },
    exemplars: { color: 'rgba(255,0,255,0.7)' },
    filterValues: { le: 1e-9 },
    legend: { show: true },
    rowsFrame: { layout: 'auto' },
    tooltip: { mode: 'single', yHistogram: false, showColorScale: true },
    yAxis: { axisPlacement: 'left', reverse: false, unit: spec.unit },
  },
  width: 12,
  height: 8,
});
