/**
 * Every panel's menu in the app: Explore (the panel's queries, as Grafana's data source interpolates them, with
 * the page's time range), Inspect (the page's inspector, also reachable as `?inspect=<panel key>`), then the
 * panel's own links. Grafana's dashboards draw these themselves; scenes leaves them to the app. The menu
 * fills itself when it opens, so links carry the time range and filters of that moment.
 */
import { PanelMenuItem } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { getExploreURL, sceneGraph, SceneObject, VizPanel, VizPanelMenu } from '@grafana/scenes';
import { PanelModel } from '../panels/model';
import { PanelInspector } from './PanelInspector';

export const EXPLORE_TEXT = 'Explore';
export const INSPECT_TEXT = 'Inspect';

/** The Explore URL of a panel's last run queries; empty when it has not run yet. */
export async function panelExploreUrl(panel: VizPanel): Promise<string> {
  const data = sceneGraph.getData(panel).state.data;
  if (!data) {
    return '';
  }
  return getExploreURL(data, panel, sceneGraph.getTimeRange(panel).state.value.raw);
}

function linkItems(menu: SceneObject, links: PanelModel['links']): PanelMenuItem[] {
  return (links ?? []).map((link) => ({ text: link.title, iconClassName: 'link', href: sceneGraph.interpolate(menu, link.url) }));
}

export function panelMenu(model: PanelModel): VizPanelMenu {
  return new VizPanelMenu({
    $behaviors: [
      (menu: VizPanelMenu) => {
        const panel = sceneGraph.getAncestor(menu, VizPanel);
        const explore = panelExploreUrl(panel).catch(() => '');
        const items = (exploreHref?: string): PanelMenuItem[] => {
          const links = linkItems(menu, model.links);
          return [
            {
              text: EXPLORE_TEXT,
              iconClassName: 'compass',
              ...(exploreHref
                ? { href: exploreHref }
                : { onClick: () => explore.then((url) => url && locationService.push(url)) }),
            },
            { text: INSPECT_TEXT, iconClassName: 'info-circle', onClick: () => PanelInspector.find(menu)?.open(model.key) },
            ...(links.length ? [{ type: 'divider' as const, text: '' }, ...links] : []),
          ];
        };
        menu.setItems(items());
        explore.then((url) => {
          if (url && menu.isActive) {
            menu.setItems(items(url));
          }
        });
      },
    ],
  });
}
