import React from 'react';
import { PanelProps } from '@grafana/data';

/** True when a panel has nothing to draw: no frames, or only empty ones. */
export function isEmpty(props: PanelProps): boolean {
  return props.data.series.length === 0 || props.data.series.every((f) => f.length === 0);
}

/** What Grafana's core panels show with no data: the panel's noValue text, else "No data". */
export function NoData({ props }: { props: PanelProps }) {
  const text = (props.fieldConfig.defaults.noValue as string | undefined) ?? 'No data';
  return (
    <div
      data-testid="preview-panel-nodata"
      style={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        height: '100%',
        padding: 8,
        textAlign: 'center',
        opacity: 0.8,
        fontSize: 13,
      }}
    >
      {text}
    </div>
  );
}
