/**
 * The options and field-config `custom` each visualization accepts, from the Grafana foundation SDK's generated
 * types (@grafana/grafana-foundation-sdk, the same package the dashboard generator builds with). A panel spec's
 * `options` and `custom` are checked against its `viz`, so a misspelt option or value fails typecheck.
 * Type-only imports: nothing of the SDK enters the app bundle.
 */
import type * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import type * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import type * as stat from '@grafana/grafana-foundation-sdk/stat';
import type * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import type * as table from '@grafana/grafana-foundation-sdk/table';
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/**
 * An SDK shape as a partial override, its enums read as their string values (dashboard JSON stores the strings;
 * `${Enum}` is the union of an enum's values), every key optional at every depth.
 */
export type Loose<T> = T extends string
  ? `${T}`
  : T extends Array<infer U>
    ? Array<Loose<U>>
    : T extends object
      ? { [K in keyof T]?: Loose<T[K]> }
      : T;

/** The expert matrix (src/panels/expertMatrix) draws with its own fixed scale; these describe it in the JSON. */
export interface ExpertMatrixOptions {
  colorScale?: 'linear';
  showValuesOnHover?: boolean;
}

export interface VizOptions {
  timeseries: Loose<timeseries.Options>;
  stat: Loose<stat.Options>;
  bargauge: Loose<bargauge.Options>;
  table: Loose<table.Options>;
  heatmap: Loose<heatmap.Options>;
  'state-timeline': Loose<statetimeline.Options>;
  'expert-matrix': ExpertMatrixOptions;
}

export interface VizFieldConfig {
  timeseries: Loose<timeseries.FieldConfig>;
  stat: Record<string, never>;
  bargauge: Record<string, never>;
  table: Loose<table.FieldConfig>;
  heatmap: Loose<heatmap.FieldConfig>;
  'state-timeline': Loose<statetimeline.FieldConfig>;
  'expert-matrix': Record<string, never>;
}
