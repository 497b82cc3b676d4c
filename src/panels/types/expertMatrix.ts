import { EXPERT_MATRIX_PANEL_ID } from '../model';
import { VizFactory } from './factory';

export const expertMatrix: VizFactory<'expert-matrix'> = () => ({
  type: EXPERT_MATRIX_PANEL_ID,
  defaults: { color: { mode: 'continuous-YlRd' } },
  options: { colorScale: 'linear', showValuesOnHover: true },
  width: 24,
  height: 12,
});
