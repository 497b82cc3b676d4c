/**
 * The configuration page's trace data source field, rendered with a fake of Grafana's DataSourceSrv (Grafana
 * itself cannot run here): the picker offers only Tempo and Jaeger data sources, and picking one asks for the
 * service name.
 */
import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { AppPluginMeta, DataSourceInstanceSettings, PluginType } from '@grafana/data';
import { DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import AppConfig from '../AppConfig';
import { testIds } from '../../testIds';
import { AppJsonData } from '../../../settings/settings';

function ds(uid: string, type: string): DataSourceInstanceSettings {
  return {
    id: uid.length,
    uid,
    name: `${type} ${uid}`,
    type,
    access: 'proxy',
    readOnly: false,
    jsonData: {},
    meta: { id: type, name: type, type: PluginType.datasource, info: { logos: { small: '', large: '' } } } as never,
  } as DataSourceInstanceSettings;
}

const ALL = [ds('prom', 'prometheus'), ds('tempo-1', 'tempo'), ds('jaeger-1', 'jaeger'), ds('loki-1', 'loki')];

/** A fake of Grafana's DataSourceSrv: getList honours the type filters Grafana's does, and the picker's filter. */
const fakeDataSourceSrv = {
  getList: (filters: { pluginId?: string; filter?: (d: DataSourceInstanceSettings) => boolean } = {}) =>
    ALL.filter((d) => (!filters.pluginId || d.type === filters.pluginId) && (!filters.filter || filters.filter(d))),
  getInstanceSettings: (ref: string | { uid?: string } | null | undefined) =>
    ALL.find((d) => d.uid === (typeof ref === 'string' ? ref : ref?.uid)),
  get: async () => {
    throw new Error('not used');
  },
  reload: async () => {},
  registerRuntimeDataSource: () => {},
} as unknown as DataSourceSrv;

function plugin(jsonData: AppJsonData) {
  return { meta: { id: 'llmd-fleet-app', enabled: true, pinned: true, jsonData } as AppPluginMeta<AppJsonData> } as never;
}

describe('trace data source field (fake of Grafana\'s DataSourceSrv)', () => {
  beforeAll(() => setDataSourceSrv(fakeDataSourceSrv));

  it('offers only Tempo and Jaeger data sources', async () => {
    render(<AppConfig plugin={plugin({})} query={{} as never} />);
    const field = screen.getByTestId(testIds.appConfig.traceDatasource);
    expect(screen.queryByTestId(testIds.appConfig.traceService)).toBeNull();
    const input = within(field).getByRole('combobox');
    await act(async () => {
      fireEvent.focus(input);
      fireEvent.keyDown(input, { key: 'ArrowDown' });
    });
    const offered = ALL.filter((d) => screen.queryAllByText(d.name).length > 0).map((d) => d.type);
    expect(offered.sort()).toEqual(['jaeger', 'tempo']);
  });

  it('shows the stored service name when a trace data source is configured', () => {
    render(<AppConfig plugin={plugin({ traces: { datasourceUid: 'jaeger-1', datasourceType: 'jaeger', serviceName: 'vllm' } })} query={{} as never} />);
    expect((screen.getByTestId(testIds.appConfig.traceService) as HTMLInputElement).value).toBe('vllm');
  });
});
