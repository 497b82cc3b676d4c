import { print } from '../../../queries/promql';
import { allAlerts } from '..';
import { ruleFiles } from '../../../generation/ruleFiles';
import { eppPodMonitor, kustomization, podMonitor } from '../../../generation/kubernetes';
import { promAlertRule } from '../../../generation/prometheusFormat';
import { ALERT_DEFAULTS, defaultRuleValues, parseRuleValues } from '../values';
import { valuesTable } from '../../../generation/valuesDoc';
import { parse } from 'yaml';

describe('rule values', () => {
  it('has defaults for exactly the alerts the catalog builds', () => {
    expect(Object.keys(ALERT_DEFAULTS).sort()).toEqual(allAlerts().map((a) => a.name).sort());
  });

  it('follows the seeds where they give a number', () => {
    const v = defaultRuleValues().alerts;
    expect(v.VllmKvCacheExhausted.for).toBe('2m');
    expect(v.VllmErrorRateHigh.for).toBe('3m');
    expect(v.VllmSpecDecodeAcceptanceLow).toMatchObject({ threshold: 0.5, for: '10m' });
    expect(v.VllmPrefixCacheHitRateLow.threshold).toBe(0.2);
    for (const [name, d] of Object.entries(ALERT_DEFAULTS)) {
      for (const t of [d.threshold, d.minVolume, d.for, d.keepFiringFor]) {
        if (t) {
          expect({ name, origin: t.origin }).toEqual({ name, origin: expect.stringMatching(/^(seed 00[23]|this project: .{10,})/) });
        }
      }
    }
  });

  it('applies a values file: thresholds reach the expression and the summary, durations the rule', () => {
    const values = parseRuleValues(
      'alerts:\n  VllmTtftP99Critical: { threshold: 20, for: 7m, keepFiringFor: 3m }\n  NixlTransferFailures: { minVolume: 5 }\n'
    );
    const rules = allAlerts(undefined, values);
    const ttft = rules.find((r) => r.name === 'VllmTtftP99Critical')!;
    expect(print(ttft.expr)).toMatch(/> \(20\)$/);
    expect(ttft.summary).toContain('above 20 s');
    expect(promAlertRule(ttft)).toMatchObject({ for: '7m', keep_firing_for: '3m' });
    expect(print(rules.find((r) => r.name === 'NixlTransferFailures')!.expr)).toMatch(/> \(5\)\)$/);
  });

  it('writes no keep_firing_for for a zero hold, so the file loads where the field is unknown (vmalert 1.79)', () => {
    const values = parseRuleValues('alerts:\n  VllmKvCacheExhausted: { keepFiringFor: 0s }\n');
    const rule = allAlerts(undefined, values).find((r) => r.name === 'VllmKvCacheExhausted')!;
    expect(promAlertRule(rule)).not.toHaveProperty('keep_firing_for');
    expect(promAlertRule(allAlerts().find((r) => r.name === 'VllmKvCacheExhausted')!)).toHaveProperty('keep_firing_for', '5m');
  });

  it.each([
    ['alerts:\n  NoSuchAlert: { threshold: 1 }\n', 'alerts.NoSuchAlert: no such alert'],
    ['alerts:\n  VllmTtftP99High: { threshold: fast }\n', 'alerts.VllmTtftP99High.threshold: "fast" is not a non-negative number (s)'],
    ['alerts:\n  VllmTtftP99High: { for: 10 minutes }\n', 'is not a duration'],
    ['alerts:\n  VllmTargetDown: { threshold: 1 }\n', 'VllmTargetDown has no threshold'],
    ['alerts:\n  VllmTtftP99High: { treshold: 1 }\n', 'unknown key'],
    ['runbookBaseUrl: /public/plugins/x/\n', 'not an absolute URL'],
    ['runbookBaseUrl: https://grafana.example.com/docs\n', 'must end with "/"'],
    ['runbookBaseUrl: javascript:alert(1)/\n', 'must use http or https'],
    ['kubernetes:\n  workloadNamespaces: []\n', 'non-empty list'],
    ['kubernetes:\n  namespace: Not_A_Name\n', 'not a Kubernetes name'],
    ['thresholds: {}\n', 'unknown key "thresholds"'],
    ['alerts: [1, 2]\n', 'alerts must be a mapping'],
    [': : :\n', 'is not YAML'],
  ])('refuses %p with a message naming the problem', (text, message) => {
    expect(() => parseRuleValues(text, 'my-values.yaml')).toThrow(message);
  });

  it('reports every mistake of a file at once', () => {
    expect(() => parseRuleValues('alerts:\n  A: {}\n  B: {}\n')).toThrow(/alerts\.A:[\s\S]*alerts\.B:/);
  });

  it('lists every tunable value with its default and origin in the docs table', () => {
    const table = valuesTable();
    for (const [name, d] of Object.entries(ALERT_DEFAULTS)) {
      expect(table).toContain(`| ${name} | for | ${d.for.value} |`);
      if (d.threshold) {
        expect(table).toContain(`| ${name} | threshold |`);
      }
    }
  });
});

describe('generated deployment files', () => {
  const files = ruleFiles({ datasourceUid: 'prometheus', values: parseRuleValues('kubernetes:\n  release: prom\n  workloadNamespaces: [team-a, team-b]\n') });
  const text = (path: string) => files.find((f) => f.path === path)!.text;

  it('gives every runbook link an absolute URL', () => {
    const links = files.flatMap((f) => [...f.text.matchAll(/runbook_url: (\S+)/g)].map((m) => m[1]));
    expect(links.length).toBeGreaterThan(30);
    for (const link of links) {
      expect(() => new URL(link)).not.toThrow();
    }
  });

  it('scopes the PodMonitors to the workload namespaces and labels everything with the release', () => {
    const k = parseRuleValues('kubernetes:\n  release: prom\n  workloadNamespaces: [team-a]\n').kubernetes;
    for (const monitor of [podMonitor('prefill', k), podMonitor('decode', k), eppPodMonitor(k)]) {
      expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['team-a'] });
      expect(monitor.metadata.labels.release).toBe('prom');
    }
    expect(parse(text('deploy/kubernetes/prometheus-rule.yaml')).metadata.labels.release).toBe('prom');
    expect(parse(text('deploy/kubernetes/podmonitor-decode.yaml')).spec.namespaceSelector.matchNames).toEqual(['team-a', 'team-b']);
  });

  it('puts the kustomization in a namespace and lists the EPP PodMonitor', () => {
    const k = parse(text('deploy/kubernetes/kustomization.yaml'));
    expect(k.namespace).toBe('monitoring');
    expect(k.resources).toContain('podmonitor-epp.yaml');
    expect(kustomization([]).namespace).toBe('monitoring');
  });

  it('reads the EPP on its metrics port, with the token secret when one is named', () => {
    const k = parseRuleValues('kubernetes:\n  eppMetricsTokenSecret: epp-token\n').kubernetes;
    expect(eppPodMonitor(k).spec.podMetricsEndpoints[0]).toMatchObject({
      port: 'metrics',
      authorization: { credentials: { name: 'epp-token', key: 'token' } },
    });
    expect(eppPodMonitor().spec.podMetricsEndpoints[0]).not.toHaveProperty('authorization');
  });
});

describe('alert behaviour', () => {
  it('guards every ratio alert with a minimum volume, proven by a low-volume promtool case', () => {
    for (const rule of allAlerts()) {
      if (ALERT_DEFAULTS[rule.name].minVolume) {
        expect({ rule: rule.name, lowVolume: Boolean(rule.test.lowVolume) }).toEqual({ rule: rule.name, lowVolume: true });
      }
    }
    for (const name of ['NixlTransferFailures', 'DboFalloutHigh']) {
      expect(ALERT_DEFAULTS[name].minVolume).toBeDefined();
    }
  });

  it('raises GpuXidError on a new XID (changes), not while the gauge holds an old one', () => {
    const xid = allAlerts().find((r) => r.name === 'GpuXidError')!;
    expect(print(xid.expr)).toContain('changes(');
    expect(xid.keepFiringFor).toBeDefined();
  });

  it('keeps firing the alerts that flap', () => {
    const keep = allAlerts().filter((r) => r.keepFiringFor).map((r) => r.name);
    expect(keep).toEqual(expect.arrayContaining(['NixlTransferFailures', 'GpuXidError', 'VllmErrorRateHigh', 'DboFalloutHigh']));
  });
});
