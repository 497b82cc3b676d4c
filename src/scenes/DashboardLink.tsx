/**
 * A link from a page to its included dashboard, carrying the page's time range and filters. The role filter
 * stays behind: the dashboards express the role mapping with their own variables (src/catalog/dashboardRole.ts),
 * so the app's role values do not apply there.
 */
import React from 'react';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { LinkButton } from '@grafana/ui';
import { dashboardUrl } from '../constants';
import { VAR_ROLE } from '../queries/variables';

interface DashboardLinkState extends SceneObjectState {
  dashboardUid: string;
}

export class DashboardLink extends SceneObjectBase<DashboardLinkState> {
  static Component = DashboardLinkRenderer;

  /** The dashboard URL with the page's current time range and variables. */
  href(): string {
    const params = new URLSearchParams(sceneGraph.interpolate(this, '${__url_time_range}&${__all_variables}'));
    params.delete(`var-${VAR_ROLE}`);
    const query = params.toString();
    return `${dashboardUrl(this.state.dashboardUid)}${query ? `?${query}` : ''}`;
  }
}

function DashboardLinkRenderer({ model }: SceneComponentProps<DashboardLink>) {
  // Re-render when the time range or variables change so the link is current.
  sceneGraph.getTimeRange(model).useState();
  sceneGraph.getVariables(model).useState();
  return (
    <LinkButton variant="secondary" icon="apps" href={model.href()} tooltip="The same panels as a Grafana dashboard, to copy, edit or share">
      Open as dashboard
    </LinkButton>
  );
}
