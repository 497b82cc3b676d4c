/**
 * Stand-ins for Grafana's core visualizations, built from @grafana/ui components, keyed by the core panel
 * ids the app's panel models use. The app's own runtime panels (the expert matrix) register themselves.
 */
import { ComponentType } from 'react';
import { PanelPlugin, PanelProps } from '@grafana/data';
import { BarGaugePanel } from './BarGaugePanel';
import { HeatmapPanel } from './HeatmapPanel';
import { StatPanel } from './StatPanel';
import { StateTimelinePanel } from './StateTimelinePanel';
import { TablePanel } from './TablePanel';
import { TimeSeriesPanel } from './TimeSeriesPanel';

const COMPONENTS: Record<string, ComponentType<PanelProps>> = {
  timeseries: TimeSeriesPanel,
  stat: StatPanel,
  bargauge: BarGaugePanel,
  table: TablePanel,
  heatmap: HeatmapPanel,
  'state-timeline': StateTimelinePanel,
};

const cache = new Map<string, PanelPlugin>();

export function standInPanel(id: string): PanelPlugin | undefined {
  const component = COMPONENTS[id];
  if (!component) {
    return undefined;
  }
  let plugin = cache.get(id);
  if (!plugin) {
    plugin = new PanelPlugin(component);
    // Grafana's core panels default to the classic palette (series) or thresholds (single values).
    const mode = id === 'timeseries' || id === 'bargauge' ? 'palette-classic' : 'thresholds';
    plugin.useFieldConfig({ standardOptions: { color: { defaultValue: { mode } } } } as never);
    plugin.meta = {
      id,
      name: `${id} (preview stand-in)`,
      type: 'panel' as never,
      module: 'preview',
      baseUrl: '',
      sort: 0,
      info: {
        author: { name: 'preview' },
        description: '',
        links: [],
        logos: { small: '', large: '' },
        screenshots: [],
        updated: '',
        version: '',
      },
    };
    cache.set(id, plugin);
  }
  return plugin;
}

export const pluginImportUtils = {
  importPanelPlugin: async (id: string): Promise<PanelPlugin> => {
    const plugin = standInPanel(id);
    if (!plugin) {
      throw new Error(`The preview host has no stand-in for the "${id}" panel`);
    }
    return plugin;
  },
  getPanelPluginFromCache: (id: string) => standInPanel(id),
};
