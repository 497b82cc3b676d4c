/**
 * Node (node_exporter) series beside the GPUs: CPU, memory and InfiniBand per node. node_exporter names a node
 * by its scrape `instance`; there is no label shared with dcgm-exporter's host to join on, so these stay per
 * instance.
 */
import { SIGNALS } from './signals/signals';
import { agg, anyOf, eq, Expr, rate, ratio, selector, sub, num } from './promql';

const NODE = ['instance'];

/** Share of CPU time not idle, per node: `1 - avg by (instance) (rate(idle[w]))`. */
export function nodeCpuBusy(window: string): Expr {
  const idle = rate(selector(SIGNALS.nodeCpu.names[0].name, [eq('mode', 'idle')], window));
  return sub(num(1), agg('avg', NODE, idle));
}

/** Share of memory in use, per node: `1 - MemAvailable / MemTotal`. */
export function nodeMemoryUsed(): Expr {
  const available = agg('sum', NODE, selector(SIGNALS.nodeMemAvailable.names[0].name));
  const total = agg('sum', NODE, selector(SIGNALS.nodeMemTotal.names[0].name));
  return sub(num(1), ratio(available, total));
}

/** InfiniBand bytes per second per node, HCA and port. */
export function infinibandBytes(signal: typeof SIGNALS.nodeIbRx, window: string): Expr {
  return agg('sum', [...NODE, 'device', 'port'], anyOf(signal.names.map((n) => rate(selector(n.name, [], window)))));
}
