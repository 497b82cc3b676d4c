import React, { useEffect, useMemo } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { useSceneApp } from '@grafana/scenes';
import { PLUGIN_BASE_URL, prefixRoute } from '../../constants';
import { HOME_PAGE } from '../../pages/identity';
import { AppJsonData, resolveSettings } from '../../settings/settings';
import { carriedLocation, rememberPage } from './carryNavigation';
import { sceneAppFactory } from './getSceneApp';
// Runtime panel plugins the pages use (the expert matrix) must exist before any page renders.
import '../../panels/expertMatrix/register';

function App(props: AppRootProps<AppJsonData>) {
  const settings = useMemo(() => resolveSettings(props.meta.jsonData), [props.meta.jsonData]);
  const scene = useSceneApp(sceneAppFactory(settings));
  const { pathname, search } = useLocation();
  useEffect(() => rememberPage(pathname, search), [pathname, search]);

  if (pathname.replace(/\/+$/, '') === PLUGIN_BASE_URL) {
    return <Navigate to={prefixRoute(HOME_PAGE)} replace />;
  }
  // A sidebar link arrives without time range or filters: keep those of the page we came from.
  const carried = carriedLocation(pathname, search);
  if (carried) {
    return <Navigate to={carried} replace />;
  }
  return <scene.Component model={scene} />;
}

export default App;
