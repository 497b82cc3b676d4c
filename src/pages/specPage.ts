import { SceneAppPage } from '@grafana/scenes';
import { PageSpec } from '../catalog/panelSpec';
import { prefixRoute } from '../constants';
import { buildPageScene } from '../scenes/buildPageScene';
import { AppSettings } from '../settings/settings';

/** A sidebar page rendered from its spec. */
export function specPage(page: PageSpec, settings: AppSettings): SceneAppPage {
  return new SceneAppPage({
    title: page.title,
    subTitle: page.subtitle,
    url: prefixRoute(page.route),
    routePath: page.route,
    getScene: () => buildPageScene(page, settings),
  });
}
