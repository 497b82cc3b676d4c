import React from 'react';
import { useTheme2 } from '@grafana/ui';

/** Says plainly that this is not Grafana. */
export function Banner() {
  const theme = useTheme2();
  return (
    <div
      data-testid="preview-banner"
      role="note"
      style={{
        background: theme.colors.warning.transparent,
        color: theme.colors.warning.text,
        padding: theme.spacing(0.5, 2),
        fontSize: 13,
      }}
    >
      Preview host: the app's pages with a stand-in Prometheus data source and stand-in panels. A development and test
      tool, not Grafana.
    </div>
  );
}
