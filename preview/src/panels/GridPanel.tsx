import React from 'react';
import { PanelProps } from '@grafana/data';
import { isEmpty, NoData } from './NoData';
import { GridCanvas } from './GridCanvas';
import { Row } from './rowsOf';

interface GridPanelProps {
  props: PanelProps;
  rows: Row[];
  color: (row: Row, value: number) => string;
  testId: string;
}

/** A stand-in drawn as rows over time (heatmap, state timeline): the panel's no-data text when empty, else the grid. */
export function GridPanel({ props, rows, color, testId }: GridPanelProps) {
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
      testId={testId}
    />
  );
}
