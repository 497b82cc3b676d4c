import React from 'react';
import { FieldDisplay, getFieldDisplayValues, PanelProps } from '@grafana/data';
import {
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  useTheme2,
} from '@grafana/ui';
import { isEmpty, NoData } from './NoData';

export function useFieldDisplays(props: PanelProps): FieldDisplay[] {
  const theme = useTheme2();
  return getFieldDisplayValues({
    fieldConfig: props.fieldConfig,
    reduceOptions: props.options.reduceOptions ?? { calcs: ['lastNotNull'], values: false },
    replaceVariables: props.replaceVariables,
    theme,
    data: props.data.series,
    timeZone: props.timeZone,
  });
}

/** Stand-in for Grafana's stat panel: one BigValue per reduced field. */
export function StatPanel(props: PanelProps) {
  const theme = useTheme2();
  const values = useFieldDisplays(props);
  if (isEmpty(props)) {
    return <NoData props={props} />;
  }
  const n = Math.max(1, values.length);
  const horizontal = props.width > props.height;
  const w = horizontal ? props.width / n : props.width;
  const h = horizontal ? props.height : props.height / n;
  return (
    <div
      data-testid="preview-panel-stat"
      data-series={values.length}
      style={{ display: 'flex', flexDirection: horizontal ? 'row' : 'column' }}
    >
      {values.map((v, i) => (
        <BigValue
          key={i}
          theme={theme}
          value={v.display}
          width={w}
          height={h}
          colorMode={props.options.colorMode ?? BigValueColorMode.Value}
          graphMode={BigValueGraphMode.None}
          justifyMode={BigValueJustifyMode.Auto}
          textMode={values.length > 1 ? BigValueTextMode.ValueAndName : BigValueTextMode.Value}
        />
      ))}
    </div>
  );
}
