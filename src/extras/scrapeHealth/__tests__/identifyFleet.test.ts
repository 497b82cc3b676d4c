/**
 * Naming the fleet from its families: engines and release ranges, the router by its names, and the source each
 * Wide EP quantity reads (or what would bring one), from series counts as the presence query returns them.
 */
import { QUANTITIES } from '../../../queries/signals/quantities';
import { identifyFleet, MARKERS, markerNames } from '../identifyFleet';

const counts = (names: string[]) => new Map(names.map((n) => [n, 4]));
const quantity = (fleet: ReturnType<typeof identifyFleet>, id: string) => fleet.wideEp.find((q) => q.quantity.id === id)!;

describe('identifyFleet', () => {
  it('places a current vLLM by the families it exports, and names the router by its counter', () => {
    const fleet = identifyFleet(
      counts([MARKERS.vllm, MARKERS.vllmBySource, MARKERS.vllmWaitingByReason, 'llm_d_epp_disagg_decision_total'])
    );
    expect(fleet.engines).toEqual([
      { engine: 'vLLM', range: '0.20 or newer', evidence: [MARKERS.vllm, MARKERS.vllmBySource, MARKERS.vllmWaitingByReason] },
      { engine: 'llm-d router', range: 'current (llm_d_epp_* names)', evidence: ['llm_d_epp_disagg_decision_total'] },
    ]);
  });

  it('tells vLLM 0.16 to 0.19 from newer, and an older vLLM from its removed cache name', () => {
    expect(identifyFleet(counts([MARKERS.vllm, MARKERS.vllmBySource])).engines[0].range).toBe('0.16 to 0.19');
    const old = identifyFleet(counts([MARKERS.vllmOld, 'llm_d_inference_scheduler_pd_decision_total']));
    expect(old.engines.map((e) => [e.engine, e.range])).toEqual([
      ['older vLLM', 'before 0.10 (its cache names were removed in 0.12)'],
      ['llm-d router', 'llm-d router before 0.7'],
    ]);
  });

  it('names SGLang and its release shape, and ignores names with no series', () => {
    expect(identifyFleet(counts([MARKERS.sglang, MARKERS.sglangTransferHistogram])).engines[0]).toEqual({
      engine: 'SGLang',
      range: 'current (KV transfer histograms, bootstrap queue)',
      evidence: [MARKERS.sglang, MARKERS.sglangTransferHistogram],
    });
    expect(identifyFleet(counts([MARKERS.sglang, MARKERS.sglangPreallocQueue])).engines[0].range).toBe(
      'older (KV transfer gauges, prealloc queue)'
    );
    expect(identifyFleet(new Map([[MARKERS.sglang, 0]])).engines).toEqual([]);
    expect(markerNames()).toContain(MARKERS.sglangTransferGauge);
  });

  it('reads each Wide EP quantity from the most preferred source with series, or says what would bring one', () => {
    const vllmOnly = identifyFleet(counts([MARKERS.vllm, 'vllm:generation_tokens_total']));
    expect(quantity(vllmOnly, 'rankThroughput').source?.origin).toBe('upstream');
    expect(quantity(vllmOnly, 'balancedness').source).toBeUndefined();
    expect(quantity(vllmOnly, 'balancedness').text).toBe(`no source: ${QUANTITIES.balancedness.missing}`);
    expect(quantity(vllmOnly, 'dbo').text).toMatch(/--enable-dbo runs DBO without exporting anything/);

    const sglang = identifyFleet(counts([MARKERS.sglang, 'sglang:eplb_balancedness_count', 'sglang:eplb_gpu_physical_count_count']));
    expect(quantity(sglang, 'balancedness').source?.id).toBe('sglang-summary');
    expect(quantity(sglang, 'balancedness').text).toMatch(/^reads sglang:eplb_balancedness_count \(SGLang: sgl-project\/sglang /);
    expect(quantity(sglang, 'tokensPerRankByLayer').source?.id).toBe('sglang-heatmap');

    // The open pull request wins over the proposal where a build carries both.
    const prs = identifyFleet(
      counts(['vllm:eplb_balancedness_count', 'vllm:eplb_balancedness_ratio', 'vllm:eplb_rebalance_events_total', 'vllm:eplb_rearrangements_total'])
    );
    expect(quantity(prs, 'balancedness').source?.id).toBe('pr-43715-rank-load');
    expect(quantity(prs, 'rearrangements').families).toEqual(['vllm:eplb_rebalance_events_total']);
  });

  it('needs every signal of a source: the DBO proposal with one family missing is no source', () => {
    const partial = identifyFleet(counts(['vllm:dbo_active', 'vllm:dbo_fallout_total']));
    expect(quantity(partial, 'dbo').source).toBeUndefined();
    const whole = identifyFleet(counts(['vllm:dbo_active', 'vllm:dbo_fallout_total', 'vllm:ubatch_token_count_count']));
    expect(quantity(whole, 'dbo').text).toMatch(/proposal, not upstream/);
  });
});
