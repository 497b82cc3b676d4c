/**
 * docker-compose.yaml and provisioning/, checked without Docker: the structure `docker compose config` would
 * accept, plus the project's own rules (loopback ports, no default admin password, health checks, the gpu
 * profile) and that every file the stack mounts exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { resolveSettings } from '../../src/settings/settings';
import { hasErrors, validateSettings } from '../../src/settings/validateSettings';

const ROOT = join(__dirname, '../..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yaml'), 'utf8'));
const services = Object.entries(compose.services as Record<string, any>);

describe('docker-compose.yaml', () => {
  it('has the stack: grafana, prometheus, simulator, node-exporter, and dcgm-exporter under the gpu profile', () => {
    // The cluster profile's services are checked in composeCluster.test.ts.
    const byDefault = services.filter(([, s]) => !(s.profiles ?? []).includes('cluster')).map(([n]) => n);
    expect(byDefault.sort()).toEqual(['dcgm-exporter', 'grafana', 'node-exporter', 'prometheus', 'simulator']);
    expect(compose.services['dcgm-exporter'].profiles).toEqual(['gpu']);
    for (const [name, s] of services.filter(([n]) => byDefault.includes(n) && n !== 'dcgm-exporter')) {
      expect({ name, profiles: s.profiles }).toEqual({ name, profiles: undefined });
    }
  });

  it.each(services)('%s has a health check and an image or build', (_, s) => {
    expect(s.healthcheck?.test).toBeDefined();
    expect(Boolean(s.image) || Boolean(s.build)).toBe(true);
  });

  it('starts Prometheus without the lifecycle API (POST /-/quit, /-/reload), here and in the demo', () => {
    expect(compose.services.prometheus.command).not.toContain('--web.enable-lifecycle');
    expect(readFileSync(join(ROOT, 'scripts/demo.sh'), 'utf8')).not.toContain('enable-lifecycle');
  });

  it('publishes ports on loopback unless BIND_ADDRESS says otherwise', () => {
    const ports = services.flatMap(([, s]) => (s.ports ?? []) as string[]);
    expect(ports.length).toBeGreaterThan(0);
    for (const p of ports) {
      expect(p).toMatch(/^\$\{BIND_ADDRESS:-127\.0\.0\.1\}:/);
    }
  });

  it('takes the Grafana admin password from the environment, with no default', () => {
    const pw = compose.services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD as string;
    expect(pw).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?/);
  });

  it('mounts the built plugin and provisioning into Grafana, unsigned loading allowed for this id only', () => {
    const g = compose.services.grafana;
    expect(g.volumes).toEqual(expect.arrayContaining(['./dist:/var/lib/grafana/plugins/llmd-fleet-app:ro', './provisioning:/etc/grafana/provisioning:ro']));
    expect(g.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe('llmd-fleet-app');
  });

  it('every mounted file or folder exists (dist/ after the build)', () => {
    const sources = services
      .flatMap(([, s]) => (s.volumes ?? []) as string[])
      // Substitute the default first: `${VAR:-default}` holds a colon of its own.
      .map((v) => v.replace('${PROMETHEUS_CONFIG:-prometheus.yml}', 'prometheus.yml').split(':')[0])
      .filter((src) => src.startsWith('./'));
    for (const src of sources) {
      expect({ src, exists: existsSync(join(ROOT, src)) }).toEqual({ src, exists: true });
    }
    expect(existsSync(join(ROOT, 'simulator/Dockerfile'))).toBe(true);
  });

  it.each(['prometheus.yml', 'prometheus.gpu.yml'])('PROMETHEUS_CONFIG=%s passes promtool check config', (name) => {
    // promtool resolves rule_files relative to the config; the stack mounts them at /etc/prometheus/rules.
    const out = spawnSync('promtool', ['check', 'config', '--syntax-only', join(ROOT, 'deploy/prometheus', name)], {
      encoding: 'utf8',
    });
    expect({ name, status: out.status, output: out.stdout + out.stderr }).toMatchObject({ name, status: 0 });
  });

  it('the gpu configuration scrapes the real dcgm-exporter instead of the simulated GPUs', () => {
    const gpu = parse(readFileSync(join(ROOT, 'deploy/prometheus/prometheus.gpu.yml'), 'utf8'));
    const dcgm = gpu.scrape_configs.find((c: { job_name: string }) => c.job_name === 'dcgm-exporter');
    expect(dcgm.static_configs[0].targets).toEqual(['dcgm-exporter:9400']);
    expect(dcgm.http_sd_configs).toBeUndefined();
  });
});

describe('provisioning/', () => {
  it('the data source has a fixed uid the app configuration names', () => {
    const ds = parse(readFileSync(join(ROOT, 'provisioning/datasources/default.yaml'), 'utf8'));
    const app = parse(readFileSync(join(ROOT, 'provisioning/plugins/app.yaml'), 'utf8'));
    expect(ds.datasources[0]).toMatchObject({ type: 'prometheus', uid: 'prometheus', url: 'http://prometheus:9090' });
    expect(app.apps[0].type).toBe('llmd-fleet-app');
    expect(app.apps[0].jsonData.datasourceUid).toBe(ds.datasources[0].uid);
  });

  it("the app's provisioned settings pass the configuration page's validation", () => {
    const app = parse(readFileSync(join(ROOT, 'provisioning/plugins/app.yaml'), 'utf8'));
    const jsonData = app.apps[0].jsonData;
    const settings = resolveSettings(jsonData);
    expect(hasErrors(validateSettings(settings))).toBe(false);
    expect(settings.role.label).toBe('llm_d_ai_role');
    expect(settings.datasourceUid).toBe('prometheus');
  });

  it('every provisioning file is YAML that parses', () => {
    for (const dir of readdirSync(join(ROOT, 'provisioning'), { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const f of readdirSync(join(ROOT, 'provisioning', dir.name)).filter((f) => /\.ya?ml$/.test(f))) {
        expect(() => parse(readFileSync(join(ROOT, 'provisioning', dir.name, f), 'utf8'))).not.toThrow();
      }
    }
  });
});
