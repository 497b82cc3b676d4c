/**
 * Writes a Prometheus configuration for the loopback stack (demo and benchmarks) from the simulator's
 * prometheusConfig(), the same function the test harness and deploy/prometheus/prometheus.yml use.
 *   tsx scripts/write-prometheus-config.ts --simulator 127.0.0.1:9400 [--node-exporter 127.0.0.1:9100]
 *     [--rules <dir>] [--interval 5s] --out <file>
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { prometheusConfig } from '../simulator/src/promConfig';

const { values } = parseArgs({
  options: {
    simulator: { type: 'string' },
    'node-exporter': { type: 'string' },
    rules: { type: 'string' },
    interval: { type: 'string', default: '5s' },
    out: { type: 'string' },
  },
});
if (!values.simulator || !values.out) {
  console.error('usage: write-prometheus-config --simulator host:port --out file [--node-exporter host:port] [--rules dir] [--interval 5s]');
  process.exit(2);
}
const ruleFiles =
  values.rules && existsSync(values.rules)
    ? readdirSync(values.rules)
        .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
        .map((f) => join(values.rules!, f))
    : [];
const config = prometheusConfig({
  simulator: values.simulator,
  nodeExporter: values['node-exporter'],
  scrapeInterval: values.interval!,
  evaluationInterval: values.interval!,
  ruleFiles,
});
writeFileSync(values.out, stringify(config));
