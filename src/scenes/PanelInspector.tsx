/**
 * The page's panel inspector: a drawer with a panel's queries (as written and with the page's variables filled
 * in) and the data they returned. Grafana's own inspect drawer belongs to dashboards; in the app this one
 * answers the panel menu's Inspect and the `?inspect=<panel key>` URL, so an inspected panel can be shared.
 */
import React from 'react';
import { DataFrame, getFieldDisplayName } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObject, SceneObjectBase, SceneObjectState, SceneObjectUrlSyncConfig, SceneObjectUrlValues, SceneQueryRunner, VizPanel } from '@grafana/scenes';
import { Drawer, Stack, Text } from '@grafana/ui';

interface PanelInspectorState extends SceneObjectState {
  panelKey?: string;
}

/** Rows shown per frame; the inspector is for checking, not for reading whole series. */
export const INSPECT_MAX_ROWS = 20;

export class PanelInspector extends SceneObjectBase<PanelInspectorState> {
  static Component = PanelInspectorRenderer;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['inspect'] });

  /** The inspector of the page an object is on. */
  static find(from: SceneObject): PanelInspector | undefined {
    return (sceneGraph.findObject(from, (o) => o instanceof PanelInspector) as PanelInspector | null) ?? undefined;
  }

  open(panelKey: string) {
    this.setState({ panelKey });
  }

  close() {
    this.setState({ panelKey: undefined });
  }

  getUrlState() {
    return { inspect: this.state.panelKey };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const key = values.inspect;
    this.setState({ panelKey: typeof key === 'string' && key ? key : undefined });
  }

  /** The inspected panel, if the key names one on this page. */
  panel(): VizPanel | undefined {
    const key = this.state.panelKey;
    return key ? ((sceneGraph.findObject(this, (o) => o instanceof VizPanel && o.state.key === key) as VizPanel | null) ?? undefined) : undefined;
  }
}

/** The panel's queries: each refId with its expression as written and as the page's variables fill it. */
export function inspectQueries(panel: VizPanel): Array<{ refId: string; expr: string; interpolated: string }> {
  const runner = sceneGraph.findObject(panel, (o) => o instanceof SceneQueryRunner) as SceneQueryRunner | undefined;
  return (runner?.state.queries ?? []).map((q) => {
    const expr = String((q as { expr?: unknown }).expr ?? '');
    return { refId: q.refId, expr, interpolated: sceneGraph.interpolate(panel, expr) };
  });
}

function FrameTable({ frame }: { frame: DataFrame }) {
  const rows = Math.min(frame.length, INSPECT_MAX_ROWS);
  return (
    <div style={{ overflowX: 'auto', marginBottom: 16 }}>
      <Text weight="bold">
        {frame.name ?? frame.refId ?? 'Frame'}: {frame.length} rows
      </Text>
      <table style={{ borderCollapse: 'collapse', fontFamily: 'monospace', fontSize: 12 }}>
        <thead>
          <tr>
            {frame.fields.map((f, i) => (
              <th key={i} style={{ textAlign: 'left', padding: '2px 8px' }}>
                {getFieldDisplayName(f, frame)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            <tr key={r}>
              {frame.fields.map((f, i) => (
                <td key={i} style={{ padding: '2px 8px' }}>
                  {String(f.values[r])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PanelInspectorRenderer({ model }: SceneComponentProps<PanelInspector>) {
  const { panelKey } = model.useState();
  if (!panelKey) {
    return null;
  }
  const panel = model.panel();
  if (!panel) {
    return (
      <Drawer title="Inspect" onClose={() => model.close()} size="md">
        <Text>No panel on this page has the key &quot;{panelKey}&quot;.</Text>
      </Drawer>
    );
  }
  const data = sceneGraph.getData(panel).state.data;
  return (
    <Drawer title={`Inspect: ${panel.state.title}`} onClose={() => model.close()} size="md">
      <Stack direction="column" gap={2}>
        <Text element="h4">Queries</Text>
        {inspectQueries(panel).map((q) => (
          <div key={q.refId} data-testid={`inspect-query-${q.refId}`}>
            <Text weight="bold">{q.refId}</Text>
            <pre style={{ whiteSpace: 'pre-wrap' }}>{q.interpolated}</pre>
            {q.interpolated !== q.expr && <pre style={{ whiteSpace: 'pre-wrap', opacity: 0.7 }}>{q.expr}</pre>}
          </div>
        ))}
        <Text element="h4">Data</Text>
        {!data || data.series.length === 0 ? (
          <Text color="secondary">{data?.errors?.length ? data.errors.map((e) => e.message).join('; ') : 'No data returned yet.'}</Text>
        ) : (
          data.series.map((frame, i) => <FrameTable key={i} frame={frame} />)
        )}
      </Stack>
    </Drawer>
  );
}
