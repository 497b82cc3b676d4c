/**
 * GPU (dcgm-exporter) series, normalized: the GPU-using pod arrives as `pod`/`namespace` with
 * honorLabels or as `exported_pod`/`exported_namespace` without (the Helm chart's default), and the host label
 * is `Hostname` in older releases and `hostname` in newer ones. Queries see `pod`, `namespace` and `host`.
 */
import { Signal } from '../catalog/signals';
import { anyOf, Expr, labelReplace, Matcher, selector } from './promql';

export const HOST_LABEL = 'host';

export function dcgmSeries(signal: Signal, matchers: Matcher[] = []): Expr {
  const raw = anyOf(signal.names.map((n) => selector(n.name, matchers)));
  const pod = labelReplace(raw, 'pod', '$1', 'exported_pod', '(.+)');
  const namespace = labelReplace(pod, 'namespace', '$1', 'exported_namespace', '(.+)');
  const hostOld = labelReplace(namespace, HOST_LABEL, '$1', 'Hostname', '(.+)');
  return labelReplace(hostOld, HOST_LABEL, '$1', 'hostname', '(.+)');
}
