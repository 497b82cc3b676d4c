import { SceneApp } from '@grafana/scenes';
import { SPEC_PAGES } from '../../catalog/pages';
import { specPage } from '../../pages/specPage';
import { AppSettings } from '../../settings/settings';

const factories = new Map<string, () => SceneApp>();

/**
 * The app's scene factory for given settings. useSceneApp caches apps by factory identity, so factories are
 * memoized by settings: the app is built once per configuration, not on every render.
 */
export function sceneAppFactory(settings: AppSettings): () => SceneApp {
  const key = JSON.stringify(settings);
  let factory = factories.get(key);
  if (!factory) {
    factory = () =>
      new SceneApp({
        pages: SPEC_PAGES.map((page) => specPage(page, settings)),
        urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
      });
    factories.set(key, factory);
  }
  return factory;
}
