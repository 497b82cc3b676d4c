/**
 * Extras of the Alerts page: the template list. Its expressions, download and Install use the app's configured
 * role mapping, so they match the deployment even where the committed rule files use the llm-d default.
 */
import { SceneObject } from '@grafana/scenes';
import { alertsClient } from '../../api/grafana/alertsClient';
import { currentPermissions } from '../../api/grafana/permissions';
import { AppSettings } from '../../settings/settings';
import { AlertTemplateList } from './AlertTemplateList';

export function alertsExtras(settings: AppSettings): SceneObject[] {
  return [new AlertTemplateList({ mapping: settings.role, client: alertsClient(), permissions: currentPermissions(), installed: {} })];
}
