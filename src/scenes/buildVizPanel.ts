/**
 * Panel model → VizPanel with its own query runner. Each panel owns its runner so one slow or failing query
 * never blanks the others, and Grafana shows the error on the panel it belongs to.
 */
import { SceneDataTransformer, SceneQueryRunner, VizPanel } from '@grafana/scenes';
import { PanelModel } from '../panels/model';
import { panelMenu } from './panelMenu';

export const MAX_DATA_POINTS = 400;

export function buildVizPanel(model: PanelModel): VizPanel {
  const runner = new SceneQueryRunner({
    datasource: model.datasource,
    queries: model.targets,
    maxDataPoints: MAX_DATA_POINTS,
  });
  return new VizPanel({
    key: model.key,
    pluginId: model.type,
    title: model.title,
    description: model.description,
    options: model.options,
    fieldConfig: model.fieldConfig as VizPanel['state']['fieldConfig'],
    menu: panelMenu(model),
    $data:
      model.transformations.length > 0
        ? new SceneDataTransformer({ $data: runner, transformations: model.transformations })
        : runner,
  });
}
