/** The preview's one Prometheus data source, served through the preview server's proxy. */
import { DataSourceApi, DataSourceInstanceSettings, DataSourceRef } from '@grafana/data';
import { DataSourceSrv } from '@grafana/runtime';
import { PreviewPrometheus, PromJsonData } from '../datasource/PreviewPrometheus';
import { PREVIEW_DS_SETTINGS as SETTINGS, PREVIEW_DS_UID } from '../dsSettings';

const PREVIEW_DS_SETTINGS = SETTINGS as unknown as DataSourceInstanceSettings;
export { PREVIEW_DS_UID };

export class PreviewDataSourceSrv implements DataSourceSrv {
  private instance = new PreviewPrometheus(
    PREVIEW_DS_SETTINGS as DataSourceInstanceSettings<PromJsonData>
  );

  private matches(ref?: DataSourceRef | string | null): boolean {
    if (ref === undefined || ref === null || ref === 'default') {
      return true;
    }
    const key = typeof ref === 'string' ? ref : ref.uid;
    return key === undefined || key === PREVIEW_DS_UID || key === PREVIEW_DS_SETTINGS.name || key === '${datasource}';
  }

  async get(ref?: DataSourceRef | string | null): Promise<DataSourceApi> {
    if (!this.matches(ref)) {
      throw new Error(`Data source ${JSON.stringify(ref)} was not found`);
    }
    return this.instance as unknown as DataSourceApi;
  }

  getList(filters: { pluginId?: string; type?: string | string[] } = {}): DataSourceInstanceSettings[] {
    const wanted = filters.pluginId ?? filters.type;
    if (wanted && !(Array.isArray(wanted) ? wanted : [wanted]).includes('prometheus')) {
      return [];
    }
    return [PREVIEW_DS_SETTINGS];
  }

  getInstanceSettings(ref?: DataSourceRef | string | null): DataSourceInstanceSettings | undefined {
    return this.matches(ref) ? PREVIEW_DS_SETTINGS : undefined;
  }

  async reload(): Promise<void> {}

  registerRuntimeDataSource(): void {}
}
