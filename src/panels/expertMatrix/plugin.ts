/** The expert matrix as a panel plugin, registered at runtime inside the app (see register.ts). */
import { PanelPlugin } from '@grafana/data';
import { ExpertMatrixPanel } from './ExpertMatrixPanel';

export const expertMatrixPlugin = new PanelPlugin(ExpertMatrixPanel).useFieldConfig();
