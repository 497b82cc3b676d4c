import { FieldType, toDataFrame } from '@grafana/data';
import { SIGNALS } from '../../../queries/signals/signals';
import { classifySignals, exposedName } from '../classifySignals';
import { framesToCounts } from '../framesToCounts';

const everyCurrentName = () =>
  new Map(
    Object.values(SIGNALS).flatMap((s) =>
      s.names.filter((n) => n.status !== 'legacy').slice(0, 1).map((n) => [exposedName(s, n), 3] as [string, number])
    )
  );

describe('classifySignals', () => {
  it('reports every requirement present when each signal has a name with series', () => {
    const checks = classifySignals(everyCurrentName());
    expect(checks.map((c) => c.state)).toEqual(checks.map(() => 'ok'));
    expect(checks.flatMap((c) => c.legacyInUse)).toEqual([]);
  });

  it('reports a requirement missing, with its how-to, when none of its names has series', () => {
    const counts = everyCurrentName();
    for (const s of Object.values(SIGNALS).filter((s) => s.requires === 'nixl')) {
      s.names.forEach((n) => counts.delete(exposedName(s, n)));
    }
    const nixl = classifySignals(counts).find((c) => c.requirement.id === 'nixl')!;
    expect(nixl.state).toBe('missing');
    expect(nixl.requirement.howTo).toMatch(/NixlConnector/);
    expect(classifySignals(counts).find((c) => c.requirement.id === 'vllm')!.state).toBe('ok');
  });

  it('reports partial presence and the legacy names an older vLLM exports', () => {
    const counts = new Map([
      ['vllm:gpu_cache_usage_perc', 4],
      ['vllm:num_requests_running', 4],
    ]);
    const vllm = classifySignals(counts).find((c) => c.requirement.id === 'vllm')!;
    expect(vllm.state).toBe('partial');
    expect(vllm.legacyInUse).toEqual(['vllm:gpu_cache_usage_perc']);
    expect(vllm.signals.find((s) => s.signal.id === 'kvCacheUsage')!.inUse!.status).toBe('legacy');
  });

  it('does not hold a deployment to signals only other projects export', () => {
    const counts = everyCurrentName();
    counts.delete('vllm:eplb_balancedness_min');
    const eplb = classifySignals(counts).find((c) => c.requirement.id === 'eplb-metrics')!;
    expect(eplb.signals.find((s) => s.signal.id === 'eplbBalancednessMin')!.optional).toBe(true);
    expect(eplb.state).toBe('ok');
  });

  it('lists a legacy name still exported beside the current one (a fleet mid-upgrade)', () => {
    const counts = everyCurrentName();
    counts.set('vllm:gpu_cache_usage_perc', 2);
    const vllm = classifySignals(counts).find((c) => c.requirement.id === 'vllm')!;
    expect(vllm.signals.find((s) => s.signal.id === 'kvCacheUsage')!.inUse!.status).toBe('current');
    expect(vllm.legacyInUse).toEqual(['vllm:gpu_cache_usage_perc']);
  });

  it("leaves out another engine's families unless the fleet exports them", () => {
    const ids = (c: Map<string, number>) => classifySignals(c).map((x) => x.requirement.id);
    const vllm = new Map([['vllm:num_requests_running', 4]]);
    expect(ids(vllm)).not.toContain('sglang-eplb-balancedness');
    const sglang = new Map([['sglang:eplb_balancedness_count', 2]]);
    const check = classifySignals(sglang).find((c) => c.requirement.id === 'sglang-eplb-balancedness')!;
    expect(check.state).toBe('ok');
    expect(check.signals[0].inUse!.name).toBe('sglang:eplb_balancedness');
  });

  it('ignores names with zero series', () => {
    const vllm = classifySignals(new Map([['vllm:num_requests_running', 0]])).find((c) => c.requirement.id === 'vllm')!;
    expect(vllm.state).toBe('missing');
  });
});

describe('framesToCounts', () => {
  it('reads the series count of each metric label, skipping frames without one', () => {
    const frames = [
      toDataFrame({ fields: [{ name: 'Value', type: FieldType.number, values: [7], labels: { metric: 'vllm:x' } }] }),
      toDataFrame({ fields: [{ name: 'Value', type: FieldType.number, values: [2, 5], labels: { metric: 'DCGM_Y' } }] }),
      toDataFrame({ fields: [{ name: 'Value', type: FieldType.number, values: [1], labels: { job: 'z' } }] }),
    ];
    expect([...framesToCounts(frames)]).toEqual([
      ['vllm:x', 7],
      ['DCGM_Y', 5],
    ]);
  });
});
