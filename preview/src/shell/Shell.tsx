import React, { useLayoutEffect, useState } from 'react';
import { Navigate, Route, Router, Routes, useLocation } from 'react-router-dom';
import { AppPlugin, AppPluginMeta, AppRootProps } from '@grafana/data';
import { locationService, LocationServiceProvider } from '@grafana/runtime';
import { useTheme2 } from '@grafana/ui';
import { CONFIG_PAGE_URL, PLUGIN_BASE_URL, prefixRoute, ROUTES } from '../../../src/constants';
import { AppJsonData } from '../../../src/settings/settings';
import { plugin } from '../../../src/module';
import { Banner } from './Banner';
import { Nav } from './Nav';

function AppRoute({ meta }: { meta: AppPluginMeta<AppJsonData> }) {
  const location = useLocation();
  const Root = (plugin as AppPlugin<AppJsonData>).root!;
  const props: AppRootProps<AppJsonData> = {
    meta,
    basename: PLUGIN_BASE_URL,
    path: location.pathname,
    query: Object.fromEntries(new URLSearchParams(location.search)) as never,
    onNavChanged: () => {},
  };
  return <Root {...props} />;
}

function ConfigRoute({ meta }: { meta: AppPluginMeta<AppJsonData> }) {
  const page = (plugin as AppPlugin<AppJsonData>).configPages?.[0];
  if (!page) {
    return null;
  }
  const Body = page.body;
  const app = plugin as AppPlugin<AppJsonData>;
  app.meta = meta;
  return (
    <div style={{ padding: 24 }}>
      <h1>{page.title}</h1>
      <Body plugin={app} query={{}} />
    </div>
  );
}

/** Sidebar, banner and routes of the preview, on Grafana's own history object. */
export function Shell({ meta }: { meta: AppPluginMeta<AppJsonData> }) {
  const theme = useTheme2();
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useLayoutEffect(() => history.listen((loc: typeof history.location) => setLocation(loc)), [history]);
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
          <Banner />
          <div style={{ display: 'flex', flexGrow: 1, minHeight: 0 }}>
            <Nav />
            <main style={{ flexGrow: 1, overflow: 'auto' }}>
              <Routes>
                <Route path={`${PLUGIN_BASE_URL}/*`} element={<AppRoute meta={meta} />} />
                <Route path={CONFIG_PAGE_URL} element={<ConfigRoute meta={meta} />} />
                <Route path="*" element={<Navigate to={prefixRoute(ROUTES.Overview)} replace />} />
              </Routes>
            </main>
          </div>
        </div>
      </Router>
    </LocationServiceProvider>
  );
}
