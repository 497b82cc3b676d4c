/** The bound on total series and the simulated addresses. */
import { parseOptions, UsageError } from '../src/options';
import { estimateSeries, MAX_SERIES } from '../src/seriesBudget';
import { Simulation } from '../src/simulation';
import { hostAddress } from '../src/topology';

async function exportedSeries(sim: Simulation): Promise<number> {
  sim.update();
  const registries = [
    ...[...sim.podTargets.values()].flatMap((t) => [t.registries.current, t.registries.legacy]),
    ...[...sim.dcgmTargets.values()].map((t) => t.registry),
    sim.epp.registry,
  ];
  let n = 0;
  for (const r of registries) {
    n += (await r.metrics()).split('\n').filter((l) => l && !l.startsWith('#')).length;
  }
  return n;
}

describe('series budget', () => {
  it.each([
    [[]],
    [['--layers', '64']],
    [['--expert-debug', '--layers', '10', '--experts', '100']],
    [['--model', 'a,b', '--decode-pods', '4', '--redundant-experts', '8']],
    [['--engines-per-pod', '4', '--gpus-per-node', '8', '--prefill-pods', '1', '--redundant-experts', '8']],
  ])('estimates %p as an upper bound within 25 %% of what the registries export', async (args) => {
    const options = parseOptions(args as string[]);
    const actual = await exportedSeries(new Simulation(options));
    const { total } = estimateSeries(options);
    expect(total).toBeGreaterThanOrEqual(actual);
    expect(total).toBeLessThanOrEqual(actual * 1.25);
  });

  it('refuses a product of flags over the bound, naming the product, though each flag is within its own range', () => {
    const args = ['--model', 'a,b,c', '--prefill-pods', '512', '--decode-pods', '512', '--engines-per-pod', '16', '--gpus-per-node', '16', '--layers', '128'];
    expect(() => parseOptions(args)).toThrow(UsageError);
    expect(() => parseOptions(args)).toThrow(/about [\d,]+ series \(3 --model x \(512 --prefill-pods \+ 512 --decode-pods\) x 16 --engines-per-pod = 49152 engines/);
    expect(() => parseOptions(args)).toThrow(`at most ${MAX_SERIES.toLocaleString('en-US')}`);
  });

  it('counts the DEBUG gauge: layers x experts per model', () => {
    const args = ['--expert-debug', '--layers', '128', '--experts', '1024', '--model', 'a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p'];
    expect(() => parseOptions(args)).toThrow(/--expert-debug: 16 --model x 128 --layers x 1024 --experts/);
  });

  it('accepts a DeepSeek-V3-sized fleet with the DEBUG gauge on', () => {
    expect(() => parseOptions(['--layers', '58', '--experts', '256', '--expert-debug', '--decode-pods', '8'])).not.toThrow();
  });
});

describe('addresses', () => {
  const valid = (ip: string) => {
    const octets = ip.split('.').map(Number);
    return octets.length === 4 && octets.every((o) => Number.isInteger(o) && o >= 0 && o <= 255) && octets[3] >= 1 && octets[3] <= 254;
  };

  it('gives every node exporter and pod a valid, distinct host address past 255 hosts', () => {
    const sim = new Simulation(parseOptions(['--nodes', '300', '--decode-pods', '300', '--prefill-pods', '0', '--engines-per-pod', '1', '--gpus-per-node', '1', '--experts', '296']));
    const ips = [...sim.pods.map((p) => p.ip)];
    const exporters = [...sim.dcgmTargets.values()].map((t) => t.node.exporterIp);
    for (const ip of [...ips, ...exporters]) {
      expect({ ip, valid: valid(ip) }).toEqual({ ip, valid: true });
    }
    expect(new Set(ips).size).toBe(ips.length);
    expect(new Set(exporters).size).toBe(exporters.length);
    expect(exporters).toContain('10.1.1.1');
  });

  it('numbers hosts .1 to .254 and refuses past the /16', () => {
    expect([0, 253, 254, 255].map((i) => hostAddress('10.1', i))).toEqual(['10.1.0.1', '10.1.0.254', '10.1.1.1', '10.1.1.2']);
    expect(() => hostAddress('10.1', 256 * 254)).toThrow(/no address/);
  });
});
