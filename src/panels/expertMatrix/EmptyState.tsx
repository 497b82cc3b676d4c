/**
 * What an empty matrix means and what would fill it: the panel's own empty text (its `noValue`, which says
 * which fleets export per-expert load), else the per-expert requirement's.
 */
import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { noDataText } from '../../queries/signals/requirements';

export function EmptyState({ text }: { text?: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.box} role="status" data-series={0}>
      <strong>No per-expert load to show.</strong>
      <p>{text || noDataText('expert-debug')}</p>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    padding: theme.spacing(2),
    color: theme.colors.text.secondary,
    overflow: 'auto',
    height: '100%',
    p: { marginTop: theme.spacing(1), marginBottom: 0 },
  }),
});
