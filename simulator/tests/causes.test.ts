/** Each scenario names the causes it injects in /truth; demand-drop only lowers load; one scenario has two causes. */
import { CAUSE_NAMES, SCENARIOS } from '../src/scenarios';
import { truth } from '../src/truth';
import { manualSim, rateBetween, scrapePods, total } from './helpers';

const STEADY = ['steady-pd', 'steady-wideep', 'legacy-vllm'];

async function decodeRates(scenario: string) {
  const { sim, tick } = manualSim(['--scenario', scenario, '--load-wave', '0']);
  tick(1);
  const a = await scrapePods(sim, 'decode');
  tick(20);
  const b = await scrapePods(sim, 'decode');
  return {
    requests: rateBetween(a, b, 20, 'vllm:request_success_total'),
    preemptions: rateBetween(a, b, 20, 'vllm:num_preemptions_total'),
    failedTransfers: rateBetween(a, b, 20, 'vllm:nixl_num_failed_transfers_total'),
    kvUsage: b.samples.filter((s) => s.name === 'vllm:kv_cache_usage_perc').map((s) => s.value),
    waitingForCapacity: total(b, 'vllm:num_requests_waiting_by_reason', { reason: 'capacity' }),
    truth: truth(sim),
  };
}

describe('causes in /truth', () => {
  it.each(SCENARIOS.map((s) => s.name))('%s names only known causes, none when steady', (name) => {
    const { sim, tick } = manualSim(['--scenario', name]);
    tick(2);
    const causes = truth(sim).causes as string[];
    for (const c of causes) {
      expect(CAUSE_NAMES).toContain(c);
    }
    expect(new Set(causes).size).toBe(causes.length);
    if (STEADY.includes(name)) {
      expect(causes).toEqual([]);
    } else {
      expect(causes.length).toBeGreaterThan(0);
    }
  });

  it('follows a scenario switch', () => {
    const { sim, tick } = manualSim(['--scenario', 'steady-pd']);
    tick(2);
    expect(truth(sim).causes).toEqual([]);
    sim.setScenario('pod-down');
    tick(2);
    expect(truth(sim).causes).toEqual(['target_down']);
  });
});

describe('demand-drop', () => {
  it('serves about a third of steady-pd requests and nothing else goes wrong', async () => {
    const steady = await decodeRates('steady-pd');
    const drop = await decodeRates('demand-drop');
    expect(drop.requests / steady.requests).toBeGreaterThan(0.3);
    expect(drop.requests / steady.requests).toBeLessThan(0.4);
    expect(drop.preemptions).toBe(0);
    expect(drop.failedTransfers).toBe(0);
    expect(drop.waitingForCapacity).toBe(0);
    expect(Math.max(...drop.kvUsage)).toBeLessThanOrEqual(Math.max(...steady.kvUsage));
    expect(drop.truth.causes).toEqual(['demand']);
  });
});

describe('nixl-and-kv-pressure', () => {
  it('shows both faults at once and /truth names both', async () => {
    const both = await decodeRates('nixl-and-kv-pressure');
    expect(Math.min(...both.kvUsage)).toBeGreaterThanOrEqual(0.94);
    expect(both.preemptions).toBeGreaterThan(1);
    expect(both.failedTransfers).toBeGreaterThan(0);
    expect([...both.truth.causes].sort()).toEqual(['kv_pressure', 'nixl']);
  });
});
