/** What an empty matrix means and how to fill it: the per-expert gauge is opt-in and switches itself off. */
import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

export function EmptyState({ text }: { text?: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.box} role="status" data-series={0}>
      <strong>No per-expert load to show.</strong>
      <p>
        {text ??
          'The per-expert gauge vllm:expert_load_per_expert_tokens_DEBUG is off. Set EPLBConfig debug_per_expert_metrics=true to turn it on.'}
      </p>
      <p>
        It exports one series per layer and expert (about 15,600 for DeepSeek-R1) and switches itself off after
        debug_metrics_duration seconds, so an empty matrix after a while of data is expected. Balancedness above does
        not need it.
      </p>
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
