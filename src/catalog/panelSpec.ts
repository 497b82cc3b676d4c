/**
 * Declarative panels and pages. A page spec is rendered twice from the same objects: by scenes as an app
 * page, and by scripts/generate-dashboards.ts as a dashboard that plugin.json includes. Queries are pure functions of
 * the query context, so both renderings run the same PromQL.
 */
import { QueryContext } from '../queries/context';
import type { Expr } from '../queries/promql';
import { FilterVariable } from '../queries/variables';
import type { PageId } from '../pages/identity';
import { SignalId } from '../queries/signals/signals';
import type { VizFieldConfig, VizOptions } from './vizOptions';

/** Which trace search a latency panel links to (src/traces/traceLinks.ts builds the links). */
export type TraceLinkKind = 'slowTtft' | 'ttftDecomposition';

export type VizKind = keyof VizOptions;

export interface QuerySpec {
  /** The query tree: printed where a panel, dashboard or bench sends it. */
  expr: Expr;
  /** Grafana legend format, e.g. `{{role}}`. */
  legend?: string;
  /** Instant query (tables, stats of "now"). */
  instant?: boolean;
  format?: 'time_series' | 'table' | 'heatmap';
  /** Minimum step, e.g. `30s`, for expensive queries. */
  interval?: string;
}

export interface Threshold {
  /** null is the base step. */
  value: number | null;
  color: string;
}

export interface ValueMapping {
  value: string;
  text: string;
  color?: string;
}

export type ThresholdsStyle = 'off' | 'line' | 'dashed' | 'area' | 'line+area';

export interface FieldOverride {
  /** Series name (legend) or regex the override applies to. */
  match: { byName?: string; byRegexp?: string; byRefId?: string };
  properties: Array<{ id: string; value: unknown }>;
}

export interface PanelLink {
  title: string;
  url: string;
}

/** What every panel spec has, whatever its visualization. */
export interface PanelSpecBase {
  /** Stable key, unique in the app, e.g. `pd.tokenSources`. */
  id: string;
  title: string;
  /** What the panel shows, what good looks like, and which metric feeds it. */
  description: string;
  queries: (ctx: QueryContext) => QuerySpec[];
  /**
   * The signal whose requirement explains an empty panel, where it is not the first one the queries read; the
   * signals a panel reads are derived from its query trees (panelSignals, ./panelSignals.ts).
   */
  lead?: SignalId;
  unit?: string;
  min?: number;
  max?: number;
  decimals?: number;
  thresholds?: Threshold[];
  thresholdsStyle?: ThresholdsStyle;
  stacking?: 'normal' | 'percent';
  /** Text shown when there is no data; defaults to what enables the panel's first signal. */
  noData?: string;
  overrides?: FieldOverride[];
  /** Value mappings, e.g. 0 → "idle", 1 → "rebalancing". */
  mappings?: ValueMapping[];
  /** Grafana transformations applied to the query results (tables). */
  transformations?: Array<{ id: string; options: Record<string, unknown> }>;
  /**
   * Panel links, e.g. drill-downs to other pages. URLs may use `${__url_time_range}` and `${__all_variables}`
   * to carry the time range and the filters along.
   */
  links?: PanelLink[];
  /**
   * The trace search this panel links to when the app's settings name a Tempo or Jaeger data source
   * (src/traces). The included dashboards have no settings and never get it.
   */
  traces?: TraceLinkKind;
  /** Grid width (of 24) and height (rows of 30 px). */
  width?: number;
  height?: number;
}

/** A panel of one visualization: its options and field-config `custom` are that visualization's (./vizOptions.ts). */
export type VizPanelSpec<K extends VizKind> = PanelSpecBase & {
  viz: K;
  /** Visualization options merged over the factory's defaults. */
  options?: VizOptions[K];
  /** Field config `custom` merged over the factory's defaults. */
  custom?: VizFieldConfig[K];
};

export type PanelSpec = { [K in VizKind]: VizPanelSpec<K> }[VizKind];

export interface RowSpec {
  title: string;
  panels: PanelSpec[];
  /** Rows about rarely enabled, expensive signals start collapsed. */
  collapsed?: boolean;
}

/** Extra page variables beyond the vLLM filters. */
export type ExtraVariable = 'layer' | 'hostname' | 'slo';

/** Events drawn on every time series of a page (e.g. expert rearrangements), from a Prometheus query. */
export interface AnnotationSpec {
  name: string;
  /** A query whose non-zero samples are events. */
  expr: (ctx: QueryContext) => Expr;
  /** Series labels shown as the event's title, e.g. `{{pod}}`. */
  titleFormat?: string;
  color: string;
  /** Minimum step between events. */
  step?: string;
}

export interface PageSpec {
  id: string;
  /** Route segment and dashboard uid suffix: the page's id (src/pages/identity.ts). */
  route: PageId;
  title: string;
  subtitle: string;
  /** Filter variables in the page's controls (and the dashboard's variables). */
  filters: FilterVariable[];
  extraVariables?: ExtraVariable[];
  rows: RowSpec[];
  annotations?: AnnotationSpec[];
}
