import React from 'react';
import { PanelProps, VizOrientation } from '@grafana/data';
import { BarGauge, BarGaugeDisplayMode, useTheme2 } from '@grafana/ui';
import { isEmpty, NoData } from './NoData';
import { useFieldDisplays } from './StatPanel';

/** Stand-in for Grafana's bar gauge panel: horizontal bars, one per reduced field. */
export function BarGaugePanel(props: PanelProps) {
  const theme = useTheme2();
  const values = useFieldDisplays(props);
  if (isEmpty(props)) {
    return <NoData props={props} />;
  }
  const rowHeight = Math.max(18, Math.min(40, props.height / Math.max(1, values.length)));
  return (
    <div
      data-testid="preview-panel-bargauge"
      data-series={values.length}
      style={{ overflowY: 'auto', height: props.height }}
    >
      {values.map((v, i) => (
        <BarGauge
          key={i}
          theme={theme}
          value={v.display}
          field={v.field}
          display={v.view?.getFieldDisplayProcessor(v.colIndex ?? 0)}
          width={props.width}
          height={rowHeight}
          orientation={VizOrientation.Horizontal}
          displayMode={BarGaugeDisplayMode.Gradient}
          text={{}}
          showUnfilled
          isOverflow={false}
        />
      ))}
    </div>
  );
}
