/**
 * Registers the expert matrix with scenes so VizPanels of type EXPERT_MATRIX_PANEL_ID find it: scenes looks a
 * panel up in the host's plugin cache first, then among runtime plugins, so this works in Grafana and in the
 * preview host alike. Imported once by the app's root; registering twice throws in scenes, hence the guard.
 */
import { sceneUtils } from '@grafana/scenes';
import { EXPERT_MATRIX_PANEL_ID } from '../model';
import { expertMatrixPlugin } from './plugin';

let registered = false;

export function registerExpertMatrix(): void {
  if (registered) {
    return;
  }
  registered = true;
  sceneUtils.registerRuntimePanelPlugin({ pluginId: EXPERT_MATRIX_PANEL_ID, plugin: expertMatrixPlugin });
}

registerExpertMatrix();
