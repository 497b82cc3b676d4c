/**
 * The alert rules end to end: Prometheus loads the generated rule files (every `for` scaled down so a test
 * waits seconds, not minutes; expressions and thresholds unchanged) and scrapes the simulator. In each fault
 * scenario the matching alert reaches firing; in the steady scenarios none fires, and none goes pending except
 * the rebalance-stuck rule while a normal rearrangement runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedFiles, writeFiles } from '../../scripts/generate-rules';
import { allAlerts } from '../../src/catalog/rules';
import { durationSeconds } from '../../src/generation/prometheusFormat';
import { Stack, startStack } from './stack';

/** 10m becomes 20 s: long enough to ride out a normal EPLB rearrangement, short enough to wait for. */
const FOR_SCALE = 1 / 30;
/** How long the steady scenarios must stay quiet: past the longest scaled `for` of the rules they could trip. */
const QUIET_SECONDS = 50;

interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

/**
 * Each fault scenario and the alerts it must bring to firing. expert-hotspot is not here: its worst layer bottoms
 * out near 0.6 balancedness, above EplbBalancednessLow's 0.5, so that alert rightly stays quiet in it.
 */
const FAULTS: Array<{ scenario: string; alerts: string[]; simArgs?: string[] }> = [
  { scenario: 'nixl-failures', alerts: ['NixlTransferFailures', 'NixlKvExpired'] },
  { scenario: 'decode-recompute', alerts: ['PdDecodeRecomputingPrefill'] },
  {
    scenario: 'kv-pressure',
    alerts: ['VllmKvCachePressure', 'PdDecodeKvCacheCritical', 'VllmPreemptions', 'VllmRequestsQueued'],
  },
  { scenario: 'pod-down', alerts: ['VllmTargetDown'] },
  { scenario: 'rebalance-stuck', alerts: ['EplbRebalanceStuck'], simArgs: ['--eplb-step-interval', '5'] },
  { scenario: 'dbo-fallout-storm', alerts: ['DboFalloutHigh'] },
  { scenario: 'straggler-rank', alerts: ['DpRankStraggler'] },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('alert rules against the simulator', () => {
  let dir: string;
  let ruleFiles: string[];
  let stack: Stack | undefined;
  const proven: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmd-rules-'));
    ruleFiles = writeFiles(generatedFiles({ forScale: FOR_SCALE }), dir);
  });

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    console.log(`alerts proven end to end: ${proven.join(', ')}`);
  });

  const alerts = async () => (await stack!.api<{ alerts: PromAlert[] }>('/api/v1/alerts')).alerts;

  it('loads every alert and recording rule', async () => {
    stack = await startStack({ scenario: 'steady-pd', ruleFiles, scrapeInterval: '1s' });
    const data = await stack.api<{ groups: Array<{ rules: Array<{ name: string; type: string }> }> }>('/api/v1/rules');
    const loaded = data.groups
      .flatMap((g) => g.rules)
      .filter((r) => r.type === 'alerting')
      .map((r) => r.name);
    expect(loaded.sort()).toEqual(
      allAlerts()
        .map((a) => a.name)
        .sort()
    );
  });

  it.each(FAULTS)('$scenario: $alerts reach firing', async ({ scenario, alerts: expected, simArgs }) => {
    stack = await startStack({ scenario, simArgs, ruleFiles, scrapeInterval: '1s' });
    const rules = expected.map((name) => allAlerts().find((a) => a.name === name)!);
    const longestFor = Math.max(...rules.map((r) => durationSeconds(r.for)));
    const deadline = Date.now() + (longestFor * FOR_SCALE + 60) * 1000;
    const stateOf = (all: PromAlert[]) =>
      Object.fromEntries(
        expected.map((name) => [
          name,
          all.find((a) => a.labels.alertname === name && a.state === 'firing')?.state ??
            all.find((a) => a.labels.alertname === name)?.state,
        ])
      );
    let states: Record<string, string | undefined> = {};
    while (Date.now() < deadline && !expected.every((name) => states[name] === 'firing')) {
      await sleep(2000);
      states = stateOf(await alerts());
    }
    expect(states).toEqual(Object.fromEntries(expected.map((name) => [name, 'firing'])));
    const all = await alerts();
    for (const rule of rules) {
      const firing = all.find((a) => a.labels.alertname === rule.name && a.state === 'firing')!;
      expect({ alert: rule.name, severity: firing.labels.severity }).toEqual({
        alert: rule.name,
        severity: rule.severity,
      });
    }
    const others = [
      ...new Set(
        all.filter((a) => a.state === 'firing' && !expected.includes(a.labels.alertname)).map((a) => a.labels.alertname)
      ),
    ];
    proven.push(`${expected.join(' + ')} (${scenario}${others.length ? `; also firing: ${others.join(', ')}` : ''})`);
  });

  it.each(['steady-pd', 'steady-wideep'])(
    '%s: no alert fires, none goes pending but a normal rebalance',
    async (scenario) => {
      stack = await startStack({ scenario, ruleFiles, scrapeInterval: '1s' });
      // Until the first scrape lands, absent() rightly reports no vLLM metrics (VllmNoEngineMetrics' `for` covers
      // a Prometheus restart); watch from the first samples on.
      await stack.waitForRange(10);
      const seen = new Set<string>();
      const until = Date.now() + QUIET_SECONDS * 1000;
      while (Date.now() < until) {
        await sleep(2000);
        (await alerts()).forEach((a) => seen.add(`${a.labels.alertname}:${a.state}`));
      }
      // A normal rearrangement raises the rebalancing flag for a few seconds: the rule may go pending, and its
      // `for` (here scaled to 20 s) is what keeps it from firing. Nothing else may even go pending.
      const expectedTransients = new Set(['EplbRebalanceStuck:pending']);
      expect([...seen].filter((s) => !expectedTransients.has(s))).toEqual([]);
      proven.push(`silent (${scenario})`);
    }
  );
});
