/**
 * A panel in the shape of Grafana's dashboard model. Scenes renders it as a VizPanel and the dashboard
 * generator writes it into dashboard JSON, so the app and the included dashboards cannot drift apart.
 */
export interface PanelTarget {
  refId: string;
  expr: string;
  legendFormat: string;
  instant: boolean;
  range: boolean;
  format: 'time_series' | 'table' | 'heatmap';
  interval?: string;
  datasource: DataSourceRef;
}

export interface DataSourceRef {
  type: string;
  uid: string;
}

export interface PanelModel {
  /** Panel plugin id. */
  type: string;
  /** The spec it came from; used for test ids and links. */
  key: string;
  title: string;
  description: string;
  datasource: DataSourceRef;
  targets: PanelTarget[];
  fieldConfig: {
    defaults: Record<string, unknown> & { custom?: Record<string, unknown> };
    overrides: Array<{ matcher: { id: string; options: string }; properties: Array<{ id: string; value: unknown }> }>;
  };
  options: Record<string, unknown>;
  transformations: Array<{ id: string; options: Record<string, unknown> }>;
  /** Panel links, as Grafana's dashboard model has them. */
  links?: Array<{ title: string; url: string }>;
  /** Grid size; position is assigned by the page layout. */
  width: number;
  height: number;
}

/** The nested panel plugin that draws the layer × expert load matrix. */
export const EXPERT_MATRIX_PANEL_ID = 'llmd-expertmatrix-panel';
