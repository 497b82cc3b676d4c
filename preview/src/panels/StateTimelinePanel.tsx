import React, { useCallback, useMemo } from 'react';
import { PanelProps } from '@grafana/data';
import { useTheme2 } from '@grafana/ui';
import { isEmpty, NoData } from './NoData';
import { GridCanvas } from './GridCanvas';
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
  if (isEmpty(props)) {
    return <NoData props={props} />;
  }
  return (
    <GridCanvas
      rows={rows}
      width={props.width}
      height={props.height}
      from={props.timeRange.from.valueOf()}
      to={props.timeRange.to.valueOf()}
      color={color}
      testId="preview-panel-state-timeline"
    />
  );
}
