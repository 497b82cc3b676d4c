/**
 * Charts of one line per GPU or per engine draw the worst few at each step (src/queries/worst.ts): exact PromQL,
 * parsed by the grammar, and every such panel of the GPUs page, the Overview's GPU memory and the Wide EP rank
 * queues bounded, each by the end of its quantity that shows trouble.
 */
import { SIGNALS } from '../signals/signals';
import { GPUS_PAGE } from '../../catalog/pages/gpus';
import { OVERVIEW_PAGE } from '../../catalog/pages/overview';
import { WIDE_EP_PAGE } from '../../catalog/pages/wideEp';
import { pagePanels } from '../../testing/pagePanels';
import { interpolate, promqlSyntaxErrors } from '../../testing/promqlGrammar';
import { gpusReporting, perGpu, worstPerGpu } from '../gpu';
import { print, raw } from '../promql';
import { worstAtEachStep, worstNote, WORST_LINES } from '../worst';

describe('worstAtEachStep', () => {
  const e = raw('x');
  it('takes the k highest, the k lowest, or half from each end', () => {
    expect(print(worstAtEachStep(e, 'highest'))).toBe(`topk(${WORST_LINES}, x)`);
    expect(print(worstAtEachStep(e, 'lowest'))).toBe(`bottomk(${WORST_LINES}, x)`);
    expect(print(worstAtEachStep(e, 'both'))).toBe(`(topk(${WORST_LINES / 2}, x)) or (bottomk(${WORST_LINES / 2}, x))`);
    expect(print(worstAtEachStep(e, 'both', 1))).toBe('(topk(1, x)) or (bottomk(1, x))');
  });

  it('says in words what a chart draws', () => {
    expect(worstNote('both', 'GPUs')).toBe(
      `Draws the ${WORST_LINES / 2} highest and ${WORST_LINES / 2} lowest GPUs at each instant (every one on small fleets).`
    );
    expect(worstNote('lowest', 'GPUs', 3)).toBe('Draws the 3 lowest GPUs at each instant (every one on small fleets).');
  });

  it('bounds the per-GPU gauge it is given and parses', () => {
    const bounded = print(worstPerGpu(SIGNALS.gpuTemp, 'highest'));
    expect(bounded).toBe(`topk(${WORST_LINES}, ${print(perGpu(SIGNALS.gpuTemp))})`);
    expect(promqlSyntaxErrors(interpolate(bounded))).toEqual([]);
    expect(print(gpusReporting())).toMatch(/^count\(count by\(host, gpu\) \(/);
    expect(promqlSyntaxErrors(interpolate(print(gpusReporting())))).toEqual([]);
  });
});

/** Whether a query draws one line per GPU or engine (groups by gpu or engine) without a bound. */
const BOUNDED = /^\(?(topk|bottomk)\(\d+, /;

describe('per-GPU and per-engine charts at fleet scale', () => {
  const gpus = pagePanels(GPUS_PAGE);
  const lineCharts = gpus.panels.filter((p) => p.viz === 'timeseries' || p.viz === 'state-timeline');

  it('draws every per-GPU chart of the GPUs page bounded, and says so in its description', () => {
    const perGpuCharts = lineCharts.filter((p) => gpus.exprs(p.id).some((x) => /\bgpu\b/.test(x)));
    expect(perGpuCharts.map((p) => p.id)).toEqual([
      'gpus.utilization',
      'gpus.tensorActive',
      'gpus.smClock',
      'gpus.framebufferShare',
      'gpus.framebufferUsed',
      'gpus.power',
      'gpus.temperature',
      'gpus.nvlinkBandwidth',
      'gpus.nvlinkBytes',
      'gpus.pcie',
      'gpus.xid',
    ]);
    for (const p of perGpuCharts) {
      for (const x of gpus.exprs(p.id)) {
        expect([p.id, BOUNDED.test(x)]).toEqual([p.id, true]);
        expect(promqlSyntaxErrors(interpolate(x))).toEqual([]);
      }
      expect(p.description).toMatch(/Draws the \d+ /);
    }
  });

  it('ranks by the end that shows trouble: heat, power, errors and busy links high, a throttled clock or idle GPU low', () => {
    const top = (id: string) => gpus.exprs(id).map((x) => x.slice(0, x.indexOf('(')));
    expect(top('gpus.temperature')).toEqual(['topk', 'topk']);
    expect(top('gpus.xid')).toEqual(['topk']);
    expect(top('gpus.pcie')).toEqual(['topk', 'topk']);
    expect(top('gpus.power')).toEqual(['topk']);
    expect(top('gpus.smClock')).toEqual(['bottomk']);
    // A straggler or an idle GPU is the one to look at: high utilization is the healthy state.
    expect(top('gpus.utilization')).toEqual(['bottomk']);
  });

  it('lists every GPU beside the charts: the table unbounded, and how many GPUs report', () => {
    expect(BOUNDED.test(gpus.exprs('gpus.owners')[0])).toBe(false);
    expect(gpus.exprs('gpus.gpuCount')).toEqual([print(gpusReporting())]);
  });

  it("bounds the Overview's GPU memory and the Wide EP rank queues, and folds the rebalance timeline per pod", () => {
    const overview = pagePanels(OVERVIEW_PAGE);
    expect(overview.exprs('overview.gpuMemory')[0]).toMatch(/^topk\(8, \(sum by\(host, gpu\) /);
    const wideEp = pagePanels(WIDE_EP_PAGE);
    const [running, waiting] = wideEp.exprs('wideep.rankQueues');
    expect(running).toMatch(/^\(topk\(4, .*\)\) or \(bottomk\(4, .*\)\)$/s);
    expect(waiting).toMatch(/^topk\(8, sum by\(model_name, engine\) /);
    expect(wideEp.exprs('wideep.rebalanceTimeline')[0]).toMatch(/^max by\(model_name, pod\) \(/);
    // Throughput per rank: the recorded side keeps its record, bounded on either side of the gate.
    const [generation, prompt] = wideEp.exprs('wideep.rankThroughput');
    expect(generation).toMatch(
      /^\(\(topk\(4, sum by\(model_name, engine\) \(model_engine:vllm_generation_tokens:rate5m\{/
    );
    expect(generation).toContain(') or ((topk(4, sum by(model_name, engine) (rate(vllm:generation_tokens_total{');
    expect(prompt).toMatch(/^bottomk\(8, sum by\(model_name, engine\) /);
    // Routable engines: unroutable ones (state > 0) rank first.
    expect(wideEp.exprs('wideep.routable')[0]).toMatch(/^topk\(8, max by\(namespace, model_name, pod, engine\) /);
    for (const x of [generation, prompt, wideEp.exprs('wideep.routable')[0]]) {
      expect(promqlSyntaxErrors(interpolate(x))).toEqual([]);
    }
  });
});
