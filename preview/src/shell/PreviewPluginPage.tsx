import React from 'react';
import { PluginPageProps } from '@grafana/runtime';
import { useTheme2 } from '@grafana/ui';

/** Grafana's page chrome, reduced: the page title, its subtitle, then the page. */
export function PreviewPluginPage({ pageNav, subTitle, actions, children }: PluginPageProps) {
  const theme = useTheme2();
  return (
    <div
      style={{
        padding: theme.spacing(2, 3),
        display: 'flex',
        flexDirection: 'column',
        gap: theme.spacing(1),
        minHeight: '100%',
      }}
    >
      {pageNav && (
        <header>
          <h1 data-testid="preview-page-title" style={{ margin: 0, fontSize: theme.typography.h2.fontSize }}>
            {pageNav.text}
          </h1>
          {(subTitle ?? pageNav.subTitle) && (
            <div style={{ color: theme.colors.text.secondary }}>{subTitle ?? pageNav.subTitle}</div>
          )}
          {actions}
        </header>
      )}
      <div style={{ flexGrow: 1 }}>{children}</div>
    </div>
  );
}
