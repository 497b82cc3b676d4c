/**
 * A panel's links as its menu in the app. Grafana's dashboards draw panel links themselves; scenes leaves
 * that to the app, so the links become menu items, interpolated when the menu opens so that
 * `${__url_time_range}` and `${__all_variables}` carry the current time range and filters.
 */
import { sceneGraph, VizPanelMenu } from '@grafana/scenes';
import { PanelModel } from '../panels/model';

export function panelLinksMenu(links: NonNullable<PanelModel['links']>): VizPanelMenu {
  return new VizPanelMenu({
    $behaviors: [
      (menu: VizPanelMenu) => {
        menu.setItems(
          links.map((link) => ({ text: link.title, iconClassName: 'link', href: sceneGraph.interpolate(menu, link.url) }))
        );
      },
    ],
  });
}
