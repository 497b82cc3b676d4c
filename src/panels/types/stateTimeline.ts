import { VizFactory } from './factory';

export const stateTimeline: VizFactory<'state-timeline'> = () => ({
  type: 'state-timeline',
  defaults: { color: { mode: 'thresholds' }, custom: { lineWidth: 0, fillOpacity: 80 } },
  options: {
    mergeValues: true,
    showValue: 'never',
    alignValue: 'left',
    rowHeight: 0.9,
    legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
    tooltip: { mode: 'single', sort: 'none' },
  },
  width: 12,
  height: 8,
});
