import React from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useTheme2 } from '@grafana/ui';
import { PluginPage } from '../pluginMeta';

/** The sidebar Grafana builds from plugin.json's pages. */
export function Nav({ appName, pages }: { appName: string; pages: PluginPage[] }) {
  const theme = useTheme2();
  const { pathname } = useLocation();
  return (
    <nav
      aria-label="App pages"
      style={{
        width: 200,
        flexShrink: 0,
        borderRight: `1px solid ${theme.colors.border.weak}`,
        padding: theme.spacing(2, 0),
      }}
    >
      <div style={{ padding: theme.spacing(0, 2, 1), fontWeight: theme.typography.fontWeightMedium }}>{appName}</div>
      {pages.map((e) => {
        const active = pathname.startsWith(e.path);
        return (
          <Link
            key={e.path}
            to={e.path}
            data-testid={`preview-nav-${e.name}`}
            aria-current={active ? 'page' : undefined}
            style={{
              display: 'block',
              padding: theme.spacing(0.75, 2),
              color: active ? theme.colors.text.primary : theme.colors.text.secondary,
              background: active ? theme.colors.action.selected : 'transparent',
              borderLeft: `3px solid ${active ? theme.colors.primary.main : 'transparent'}`,
            }}
          >
            {e.name}
          </Link>
        );
      })}
    </nav>
  );
}
