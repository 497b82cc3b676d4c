/** The colour scale with its minimum and maximum. */
import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { legendGradient } from './colorScale';

export function Legend({ min, max }: { min: string; max: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.legend} aria-label={`Colour scale from ${min} to ${max} tokens`}>
      <span>{min}</span>
      <span className={styles.bar} style={{ background: legendGradient() }} />
      <span>{max}</span>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  legend: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    height: 20,
  }),
  bar: css({ flex: '0 1 240px', height: 10, borderRadius: 2 }),
});
