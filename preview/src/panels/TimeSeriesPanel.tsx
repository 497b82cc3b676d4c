import React from 'react';
import { PanelProps } from '@grafana/data';
import { LegendDisplayMode, TimeSeries, TooltipDisplayMode, TooltipPlugin2 } from '@grafana/ui';
import { isEmpty, NoData } from './NoData';

/** Stand-in for Grafana's time series panel, drawn with @grafana/ui's uPlot-based TimeSeries. */
export function TimeSeriesPanel(props: PanelProps) {
  if (isEmpty(props)) {
    return <NoData props={props} />;
  }
  const frames = props.data.series.filter((f) => f.fields.some((x) => x.type === 'time'));
  return (
    <div data-testid="preview-panel-timeseries" data-series={frames.length}>
      <TimeSeries
        frames={frames}
        width={props.width}
        height={props.height}
        timeRange={props.timeRange}
        timeZone={props.timeZone}
        legend={{ showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
        options={props.options}
      >
        {(builder, alignedFrame) => (
          <TooltipPlugin2
            config={builder}
            hoverMode={1 as never}
            render={(u, dataIdxs) => (
              <div style={{ padding: 6, fontSize: 12 }}>
                {alignedFrame.fields.slice(1).map((f, i) => {
                  const idx = dataIdxs[i + 1] ?? dataIdxs[0];
                  const v = idx === null || idx === undefined ? undefined : f.values[idx];
                  return v === undefined || v === null ? null : (
                    <div key={i}>
                      {f.state?.displayName ?? f.name}:{' '}
                      {f.display ? f.display(v).text + (f.display(v).suffix ?? '') : String(v)}
                    </div>
                  );
                })}
              </div>
            )}
          />
        )}
      </TimeSeries>
    </div>
  );
}

export const TOOLTIP_MODE = TooltipDisplayMode.Multi;
