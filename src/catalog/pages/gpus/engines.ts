/** Row: which pod and role use each GPU. */
import { SIGNALS } from '../../../queries/signals/signals';
import { PanelSpec, RowSpec } from '../../panelSpec';
import { GPU_LINES, gpusReporting, gpuWithRole } from '../../../queries/gpu';

const gpuOwners: PanelSpec = {
  id: 'gpus.owners',
  title: 'GPUs and the engines on them',
  description:
    'Each GPU with its node, model, the pod dcgm-exporter maps it to, and that pod\'s P/D role from the app\'s role configuration; ' +
    'the value is the GPU utilization now. A GPU without a pod is not used by any pod, or dcgm-exporter runs without Kubernetes pod mapping.',
  viz: 'table',
  unit: 'percent',
  width: 18,
  queries: (ctx) => [{ expr: gpuWithRole(ctx, SIGNALS.gpuUtil), instant: true, format: 'table' }],
  transformations: [
    {
      id: 'organize',
      options: {
        excludeByName: { Time: true },
        indexByName: { host: 0, gpu: 1, modelName: 2, namespace: 3, pod: 4, role: 5, Value: 6 },
        renameByName: { host: 'Node', gpu: 'GPU', modelName: 'Model', namespace: 'Namespace', pod: 'Pod', role: 'Role', Value: 'Utilization' },
      },
    },
  ],
};

const gpuCount: PanelSpec = {
  id: 'gpus.gpuCount',
  title: 'GPUs reporting',
  description:
    `GPUs dcgm-exporter reports on the selected nodes. Each per-GPU chart on this page draws at most ${GPU_LINES} of them at a time ` +
    '(the highest, the lowest or both, whichever end shows trouble for that quantity) so that a fleet-wide page stays light; ' +
    'the table beside lists every GPU.',
  viz: 'stat',
  width: 6,
  queries: () => [{ expr: gpusReporting(), legend: 'GPUs', instant: true }],
};

export const ENGINES_ROW: RowSpec = { title: 'GPUs and engines', panels: [gpuOwners, gpuCount] };
