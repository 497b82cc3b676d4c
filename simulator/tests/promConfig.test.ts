/** The shared Prometheus configuration: PodMonitor-like relabeling, valid for promtool. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { prometheusConfig } from '../src/promConfig';

const config = prometheusConfig({
  simulator: 'sim:9400',
  nodeExporter: 'node:9100',
  scrapeInterval: '5s',
  evaluationInterval: '5s',
  ruleFiles: ['/rules/*.yml'],
}) as any;

const job = (name: string) => config.scrape_configs.find((j: any) => j.job_name === name);

describe('prometheusConfig', () => {
  it('has the vllm, dcgm-exporter, llm-d-epp and node-exporter jobs over http_sd', () => {
    expect(config.scrape_configs.map((j: any) => j.job_name)).toEqual(['vllm', 'dcgm-exporter', 'llm-d-epp', 'node-exporter']);
    expect(job('vllm').http_sd_configs[0].url).toBe('http://sim:9400/sd?kind=vllm');
    expect(job('dcgm-exporter').http_sd_configs[0].url).toBe('http://sim:9400/sd?kind=dcgm');
    expect(job('llm-d-epp').http_sd_configs[0].url).toBe('http://sim:9400/sd?kind=epp');
    expect(job('dcgm-exporter').honor_labels).toBe(false);
    expect(job('node-exporter').static_configs[0].targets).toEqual(['node:9100']);
    expect(config.rule_files).toEqual(['/rules/*.yml']);
    expect(config.global).toEqual({ scrape_interval: '5s', scrape_timeout: '5s', evaluation_interval: '5s' });
  });

  it('omits node-exporter when not given', () => {
    const bare = prometheusConfig({ simulator: 's:1', scrapeInterval: '1s', evaluationInterval: '1s', ruleFiles: [] }) as any;
    expect(bare.scrape_configs.map((j: any) => j.job_name)).toEqual(['vllm', 'dcgm-exporter', 'llm-d-epp']);
  });

  it('relabels like a PodMonitor: keep role-labelled pods, copy pod metadata, map llm_d_ai_* labels', () => {
    const relabel = job('vllm').relabel_configs;
    expect(relabel[0]).toEqual({ source_labels: ['__meta_kubernetes_pod_label_llm_d_ai_role'], regex: '.+', action: 'keep' });
    const targets = Object.fromEntries(relabel.filter((r: any) => r.target_label).map((r: any) => [r.target_label, r.source_labels[0]]));
    expect(targets).toEqual({
      namespace: '__meta_kubernetes_namespace',
      pod: '__meta_kubernetes_pod_name',
      container: '__meta_kubernetes_pod_container_name',
      node: '__meta_kubernetes_pod_node_name',
      instance: '__meta_kubernetes_pod_ip',
    });
    expect(relabel[relabel.length - 1]).toEqual({ regex: '__meta_kubernetes_pod_label_(llm_d_ai_.+)', replacement: '$1', action: 'labelmap' });
  });

  it('passes promtool check config', () => {
    if (!existsSync('/usr/bin/promtool')) {
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'promconfig-'));
    try {
      const file = join(dir, 'prometheus.yml');
      writeFileSync(file, stringify({ ...config, rule_files: [] }));
      expect(execFileSync('/usr/bin/promtool', ['check', 'config', file], { encoding: 'utf8' })).toContain('SUCCESS');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what deploy/prometheus/prometheus.yml holds', () => {
    const deployed = parse(readFileSync(resolve(__dirname, '../../deploy/prometheus/prometheus.yml'), 'utf8'));
    expect(deployed).toEqual(
      prometheusConfig({
        simulator: 'simulator:9400',
        nodeExporter: 'node-exporter:9100',
        scrapeInterval: '5s',
        evaluationInterval: '5s',
        ruleFiles: ['/etc/prometheus/rules/*.yml'],
      })
    );
  });
});
