import React, { useCallback, useMemo } from 'react';
import { PanelProps } from '@grafana/data';
import { useTheme2 } from '@grafana/ui';
import { GridPanel } from './GridPanel';
import { Row, rowsOf } from './rowsOf';

/** Stand-in for Grafana's state timeline: one row per series, coloured by its value mappings and thresholds. */
export function StateTimelinePanel(props: PanelProps) {
  const theme = useTheme2();
  const rows = useMemo(() => rowsOf(props.data.series), [props.data.series]);
  const color = useCallback(
    (row: Row, v: number) => {
      const c = row.field.display?.(v).color;
      return c ? theme.visualization.getColorByName(c) : theme.colors.primary.main;
    },
    [theme]
  );
  return <GridPanel props={props} rows={rows} color={color} testId="preview-panel-state-timeline" />;
}
