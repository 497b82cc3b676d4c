/**
 * The compose `cluster` profile (docs/scale.md), checked without Docker: two vmagent shards split the same scrape
 * config Prometheus uses and write to vminsert; vminsert and vmselect know both vmstorage nodes; vmalert runs the
 * shipped rule files against vmselect and writes back through vminsert; a second Grafana reads vmselect under the
 * data source uid the app names. Debian's vmagent and vmalert (1.79) check the scrape config and rules they load.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { rulesForVmalert, VMAGENT_BIN, VMALERT_BIN } from '../support/victoria';

const ROOT = join(__dirname, '../..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yaml'), 'utf8'));
const services = compose.services as Record<string, any>;
const cluster = Object.keys(services).filter((n) => (services[n].profiles ?? []).includes('cluster'));
const flags = (name: string): string[] => services[name].command;
const flag = (name: string, key: string) =>
  flags(name)
    .filter((f) => f.startsWith(`--${key}=`))
    .map((f) => f.slice(key.length + 3));
/** host:port of a URL naming a compose service. */
const hostPort = (url: string) => new URL(url).host;
const agents = cluster.filter((n) => n.startsWith('vmagent'));

describe('docker-compose.yaml cluster profile', () => {
  it('has a VictoriaMetrics cluster, two vmagent shards, vmalert and a Grafana reading it, only under the profile', () => {
    expect(cluster.sort()).toEqual(
      [
        'grafana-cluster',
        'vmagent-0',
        'vmagent-1',
        'vmalert',
        'vminsert',
        'vmselect',
        'vmstorage-1',
        'vmstorage-2',
      ].sort()
    );
    for (const name of cluster) {
      expect({ name, profiles: services[name].profiles }).toEqual({ name, profiles: ['cluster'] });
    }
  });

  it('the shards split the scrape targets: one membersCount, each memberNum once, the file Prometheus scrapes with', () => {
    const counts = agents.map((a) => Number(flag(a, 'promscrape.cluster.membersCount')[0]));
    const members = agents.map((a) => Number(flag(a, 'promscrape.cluster.memberNum')[0])).sort();
    expect(new Set(counts)).toEqual(new Set([agents.length]));
    expect(members).toEqual(agents.map((_, i) => i));
    for (const a of agents) {
      expect(services[a].volumes).toEqual(
        services.prometheus.volumes.filter((v: string) => v.includes('${PROMETHEUS_CONFIG'))
      );
      expect(flag(a, 'promscrape.config')).toEqual(['/etc/prometheus/prometheus.yml']);
    }
  });

  it('writes go to vminsert, which stores on every vmstorage; vmselect reads from every vmstorage', () => {
    const storages = cluster.filter((n) => n.startsWith('vmstorage'));
    for (const a of [...agents, 'vmalert']) {
      for (const url of flag(a, 'remoteWrite.url')) {
        expect({ a, url }).toEqual({ a, url: 'http://vminsert:8480/insert/0/prometheus/api/v1/write' });
      }
    }
    expect(flag('vminsert', 'storageNode').sort()).toEqual(storages.map((s) => `${s}:8400`));
    expect(flag('vmselect', 'storageNode').sort()).toEqual(storages.map((s) => `${s}:8401`));
  });

  it('vmalert runs the rule files Prometheus loads, against vmselect', () => {
    const promRules = services.prometheus.volumes.find((v: string) => v.startsWith('./deploy/prometheus/rules:'));
    const vmalertRules = services.vmalert.volumes.find((v: string) => v.startsWith('./deploy/prometheus/rules:'));
    expect(promRules).toBeDefined();
    expect(vmalertRules).toBe('./deploy/prometheus/rules:/etc/vmalert/rules:ro');
    expect(flag('vmalert', 'rule')).toEqual(['/etc/vmalert/rules/*.yml']);
    expect(hostPort(flag('vmalert', 'datasource.url')[0])).toBe('vmselect:8481');
  });

  it("Grafana on the cluster reads vmselect under the uid the app's settings name", () => {
    const mount = (services['grafana-cluster'].volumes as string[]).find((v) =>
      v.includes('/provisioning/datasources/')
    )!;
    const file = join(ROOT, mount.split(':')[0]);
    expect(existsSync(file)).toBe(true);
    const ds = parse(readFileSync(file, 'utf8')).datasources[0];
    const app = parse(readFileSync(join(ROOT, 'provisioning/plugins/app.yaml'), 'utf8'));
    expect(ds).toMatchObject({ type: 'prometheus', uid: app.apps[0].jsonData.datasourceUid });
    expect(ds.url).toBe('http://vmselect:8481/select/0/prometheus');
    for (const v of services['grafana-cluster'].volumes as string[]) {
      expect({ v, exists: existsSync(join(ROOT, v.split(':')[0])) }).toEqual({ v, exists: true });
    }
  });

  it('vmagent accepts the scrape config with the flags the shards use', () => {
    const out = spawnSync(
      VMAGENT_BIN,
      [
        `-promscrape.config=${join(ROOT, 'deploy/prometheus/prometheus.yml')}`,
        '-promscrape.config.strictParse=false',
        '-dryRun',
        '-loggerLevel=ERROR',
      ],
      { encoding: 'utf8' }
    );
    expect({ status: out.status, output: out.stdout + out.stderr }).toEqual({ status: 0, output: '' });
    expect(flag('vmagent-0', 'promscrape.config.strictParse')).toEqual(['false']);
  });

  it('vmalert parses every shipped rule file (Debian\'s 1.79, less the keep_firing_for it predates)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmd-vmalert-rules-'));
    const files = readdirSync(join(ROOT, 'deploy/prometheus/rules'))
      .filter((f) => f.endsWith('.yml'))
      .map((f) => join(ROOT, 'deploy/prometheus/rules', f));
    const out = spawnSync(
      VMALERT_BIN,
      [...rulesForVmalert(files, dir).map((f) => `-rule=${f}`), '-dryRun', '-loggerLevel=ERROR'],
      {
        encoding: 'utf8',
      }
    );
    expect({ status: out.status, output: out.stdout + out.stderr }).toEqual({ status: 0, output: '' });
  });
});
