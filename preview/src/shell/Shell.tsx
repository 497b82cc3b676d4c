import React, { useLayoutEffect, useState } from 'react';
import { Navigate, Route, Router, Routes, useLocation } from 'react-router-dom';
import { AppPlugin, AppRootProps, KeyValue } from '@grafana/data';
import { locationService, LocationServiceProvider } from '@grafana/runtime';
import { useTheme2 } from '@grafana/ui';
import { LoadedMeta } from '../pluginMeta';
import { Banner } from './Banner';
import { Nav } from './Nav';

interface Props extends LoadedMeta {
  /** The `plugin` export of the built module.js. */
  plugin: AppPlugin;
  /** Leaves the "not Grafana" banner out (catalog screenshots). */
  bannerless?: boolean;
}

/** Grafana's AppRootPage, reduced: the plugin's root page under /a/<id>/ with the props Grafana passes. */
function AppRoute({ plugin, meta }: Pick<Props, 'plugin' | 'meta'>) {
  const location = useLocation();
  const Root = plugin.root;
  if (!Root) {
    return <div role="alert">The plugin sets no root page (AppPlugin.setRootPage).</div>;
  }
  const props: AppRootProps<KeyValue> = {
    meta,
    basename: `/a/${meta.id}`,
    path: location.pathname,
    query: Object.fromEntries(new URLSearchParams(location.search)) as never,
    onNavChanged: () => {},
  };
  return <Root {...props} />;
}

/** Grafana's plugin details page, reduced to the plugin's first config page (plugin.configPages). */
function ConfigRoute({ plugin, meta }: Pick<Props, 'plugin' | 'meta'>) {
  const page = plugin.configPages?.[0];
  if (!page) {
    return <div role="alert">The plugin has no configuration page.</div>;
  }
  const Body = page.body;
  plugin.meta = meta;
  return (
    <div style={{ padding: 24 }}>
      <h1>{page.title}</h1>
      <Body plugin={plugin} query={{}} />
    </div>
  );
}

/** Sidebar, banner and routes of the preview, on Grafana's own history object. */
export function Shell({ plugin, meta, pages, bannerless }: Props) {
  const theme = useTheme2();
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useLayoutEffect(() => history.listen((loc: typeof history.location) => setLocation(loc)), [history]);
  const home = pages.find((p) => p.defaultNav) ?? pages[0];
  return (
    <LocationServiceProvider service={locationService}>
      <Router navigator={history} location={location}>
        <div
          style={{
            display: 'flex',
            flexDirection: 'column',
            height: '100vh',
            background: theme.colors.background.canvas,
          }}
        >
          {!bannerless && <Banner />}
          <div style={{ display: 'flex', flexGrow: 1, minHeight: 0 }}>
            <Nav appName={meta.name} pages={pages} />
            <main style={{ flexGrow: 1, overflow: 'auto' }}>
              <Routes>
                <Route path={`/a/${meta.id}/*`} element={<AppRoute plugin={plugin} meta={meta} />} />
                <Route path={`/plugins/${meta.id}`} element={<ConfigRoute plugin={plugin} meta={meta} />} />
                {home && <Route path="*" element={<Navigate to={home.path} replace />} />}
              </Routes>
            </main>
          </div>
        </div>
      </Router>
    </LocationServiceProvider>
  );
}
