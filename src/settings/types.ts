/**
 * The shapes of the app's configuration: what Grafana stores (jsonData) and what the pages read after
 * `resolveSettings` (./settings.ts) filled defaults. Validation and resolution both depend on these.
 */
import type { RoleMapping, RolePresetId } from './rolePresets';

export interface AppJsonData {
  /** uid of the Prometheus data source the pages use by default. */
  datasourceUid?: string;
  rolePreset?: RolePresetId;
  role?: Partial<RoleMapping>;
  /** SLO targets drawn as threshold lines, in seconds. */
  sloTtftSeconds?: number;
  sloItlSeconds?: number;
  /** Tempo or Jaeger data source the latency panels link to (docs/traces.md). */
  traces?: Partial<TraceSettings>;
}

export const TRACE_DATASOURCE_TYPES = ['tempo', 'jaeger'] as const;
export type TraceDatasourceType = (typeof TRACE_DATASOURCE_TYPES)[number];

export interface TraceSettings {
  datasourceUid: string;
  datasourceType: TraceDatasourceType;
  /** service.name of the vLLM engines' spans (OTEL_SERVICE_NAME); Jaeger searches need it. */
  serviceName?: string;
}

export interface AppSettings {
  datasourceUid?: string;
  rolePreset: RolePresetId;
  role: RoleMapping;
  sloTtftSeconds: number;
  sloItlSeconds: number;
  /** Absent: no trace links anywhere. */
  traces?: TraceSettings;
}
