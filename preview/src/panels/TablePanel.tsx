import React from 'react';
import { PanelProps } from '@grafana/data';
import { Table } from '@grafana/ui';
import { isEmpty, NoData } from './NoData';

/** Stand-in for Grafana's table panel: the first frame (after the panel's transformations). */
export function TablePanel(props: PanelProps) {
  if (isEmpty(props)) {
    return <NoData props={props} />;
  }
  const frame = props.data.series[0];
  return (
    <div data-testid="preview-panel-table" data-series={frame.length}>
      <Table data={frame} width={props.width} height={props.height} />
    </div>
  );
}
