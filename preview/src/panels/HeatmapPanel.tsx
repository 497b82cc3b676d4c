import React, { useCallback, useMemo } from 'react';
import { PanelProps } from '@grafana/data';
import { GridPanel } from './GridPanel';
import { Row, rowsOf } from './rowsOf';

/**
 * Stand-in for Grafana's heatmap panel: each series is a row (bucket or layer), colour is the value on a
 * sequential scale between the data's min and max.
 */
export function HeatmapPanel(props: PanelProps) {
  const rows = useMemo(() => rowsOf(props.data.series), [props.data.series]);
  const [min, max] = useMemo(() => {
    const all = rows.flatMap((r) => r.values).filter((v): v is number => v !== null && Number.isFinite(v));
    return [Math.min(...all), Math.max(...all)];
  }, [rows]);
  const color = useCallback(
    (_: Row, v: number) => {
      const t = max > min ? (v - min) / (max - min) : 0.5;
      // Dark blue → yellow, readable on dark and light themes.
      return `hsl(${240 - t * 180}, 80%, ${25 + t * 40}%)`;
    },
    [min, max]
  );
  return <GridPanel props={props} rows={rows} color={color} testId="preview-panel-heatmap" />;
}
