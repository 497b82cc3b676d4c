/** Row: which pod and role use each GPU. */
import { SIGNALS } from '../../signals';
import { PanelSpec, RowSpec } from '../../panelSpec';
import { gpuWithRole } from '../../../queries/gpu';

const gpuOwners: PanelSpec = {
  id: 'gpus.owners',
  title: 'GPUs and the engines on them',
  description:
    'Each GPU with its node, model, the pod dcgm-exporter maps it to, and that pod\'s P/D role from the app\'s role configuration; ' +
    'the value is the GPU utilization now. A GPU without a pod is not used by any pod, or dcgm-exporter runs without Kubernetes pod mapping.',
  viz: 'table',
  signals: ['gpuUtil'],
  unit: 'percent',
  width: 24,
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

export const ENGINES_ROW: RowSpec = { title: 'GPUs and engines', panels: [gpuOwners] };
