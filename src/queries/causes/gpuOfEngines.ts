/**
 * The gpu cause's evidence panels per engine where the GPU series say which pod uses them. dcgm-exporter's Kubernetes mapping labels
 * each GPU's series with the pod, namespace and container holding it (NVIDIA/dcgm-exporter
 * internal/pkg/transformation/kubernetes.go @ eb95c71fd0ff3e27b504e2a3c27e0d9b8c1a7150, attribute names in
 * const.go @ 07c87278a5e18805287ee56cba8abe9eb7a87ced); src/queries/gpu.ts reads them as `pod`/`namespace` whether
 * Prometheus kept the exporter's labels or renamed them `exported_*`. The GPUs of the engines the page filters
 * select are kept; when none of the selected engines' pods appears on a GPU (the mapping is off, or the fleet is not
 * vLLM), every GPU is kept. The score itself stays fleet-wide: narrowing it the same way takes the Likely causes
 * query past VictoriaMetrics' default query length (-search.maxQueryLen=16384 bytes; 20.8 KB measured).
 */
import { Signal, SIGNALS } from '../signals/signals';
import { QueryContext } from '../context';
import { dcgmSeries } from '../gpu';
import { agg, Expr, onNothing, or } from '../promql';
import { gauge } from '../select';
import * as pb from '@grafana/promql-builder';

const POD_KEY = ['namespace', 'pod'];

/** `gpus and on(namespace, pod) engines`, or every GPU when that is empty. */
function onEnginesOrAll(gpus: Expr, engines: Expr): Expr {
  const mapped = pb.and(gpus, agg('group', POD_KEY, engines)).on(POD_KEY);
  // `unless on()` drops every GPU as soon as one is mapped.
  return or(mapped, onNothing('unless', gpus, agg('group', [], mapped)));
}

/** A DCGM gauge per GPU now, on the selected engines' GPUs (evidence panels). */
export function gpusOfEngines(ctx: QueryContext, signal: Signal): Expr {
  return onEnginesOrAll(dcgmSeries(signal), gauge(ctx, SIGNALS.kvCacheUsage));
}
