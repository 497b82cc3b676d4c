/**
 * The ranked view of the Likely causes query: frames shaped as Prometheus returns the instant query (one number
 * field per series, labels cause and evidence), ranked and rendered. Rendering uses a fixed data node in place of
 * Grafana's query runner (a fake of what Grafana's data source returns).
 */
import React from 'react';
import { render, screen } from '@testing-library/react';
import { DataFrame, FieldType, LoadingState, toDataFrame, getDefaultTimeRange } from '@grafana/data';
import { SceneDataNode } from '@grafana/scenes';
import { DEFAULT_RULE_MAPPING } from '../../../catalog/rules';
import { variableContext } from '../../../queries/context';
import { CAUSES } from '../../../queries/causes';
import { rankCauses } from '../rankCauses';
import { WhyThroughputDropped } from '../WhyThroughputDropped';
import { THROUGHPUT_TEST_ID, WHY_TEST_ID } from '../testIds';
import { BASELINE_REF, NOW_REF } from '../readThroughput';

const frame = (cause: string, value: number, evidence = 'present') =>
  toDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: [1000] },
      { name: 'Value', type: FieldType.number, values: [value], labels: { cause, evidence } },
    ],
  });

describe('rankCauses', () => {
  it('ranks by score, marks likely causes above 0.3, and lists missing evidence and unanswered causes last', () => {
    const ranked = rankCauses([
      frame('demand', 0.2),
      frame('straggler', 1),
      frame('gpu', 0.73),
      frame('nixl', 0, 'missing'),
    ]);
    expect(ranked.map((r) => r.cause.name).slice(0, 3)).toEqual(['straggler', 'gpu', 'demand']);
    expect(ranked.filter((r) => r.likely).map((r) => r.cause.name)).toEqual(['straggler', 'gpu']);
    expect(ranked).toHaveLength(CAUSES.length);
    expect(ranked.find((r) => r.cause.name === 'nixl')!.evidence).toBe('missing');
    expect(ranked.find((r) => r.cause.name === 'rebalance')!.evidence).toBe('no-answer');
    expect(ranked.slice(3).every((r) => r.evidence !== 'present')).toBe(true);
  });

  it('ignores series without a cause label and non-finite values', () => {
    const odd = toDataFrame({
      fields: [{ name: 'Value', type: FieldType.number, values: [NaN], labels: { cause: 'gpu' } }],
    });
    const unlabelled = toDataFrame({ fields: [{ name: 'Value', type: FieldType.number, values: [1] }] });
    const ranked = rankCauses([odd, unlabelled]);
    expect(ranked.every((r) => r.evidence === 'no-answer' && !r.likely)).toBe(true);
  });
});

const rate = (refId: string, value: number) =>
  toDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: [1000] },
      { name: 'Value', type: FieldType.number, values: [value] },
    ],
  });

const fixed = (series: DataFrame[], state = LoadingState.Done) =>
  new SceneDataNode({ data: { state, series, timeRange: getDefaultTimeRange() } });

/**
 * The view with fixed data nodes for the scores and the throughput rates. Evidence panels need Grafana's panel
 * plugins, which only run inside Grafana (tests/browser renders them): here their lists are emptied.
 */
function renderWith(series: DataFrame[], state = LoadingState.Done, rates = [rate(NOW_REF, 100), rate(BASELINE_REF, 100)]) {
  const view = new WhyThroughputDropped(variableContext(DEFAULT_RULE_MAPPING, ['namespace', 'model', 'role']));
  view.setState({ $data: fixed(series, state) });
  view.state.throughput.setState({ $data: fixed(rates) });
  view.state.evidence.forEach((e) => e.setState({ panels: [] }));
  return render(<view.Component model={view} />);
}

describe("WhyThroughputDropped with a fixed data node in place of Grafana's query runner", () => {
  it('lists the likely causes with a link to the page that shows their evidence', () => {
    renderWith([frame('straggler', 1), frame('gpu', 0.73), frame('demand', 0.1), frame('nixl', 0, 'missing')]);
    const box = screen.getByTestId(WHY_TEST_ID);
    const lines = box.querySelectorAll('li[data-cause]');
    expect(Array.from(lines).map((l) => l.getAttribute('data-cause'))).toEqual(['straggler', 'gpu']);
    expect(lines[0].querySelector('a')!.getAttribute('href')).toMatch(/\/wide-ep$/);
    expect(lines[0].querySelector('[data-evidence-metrics]')!.textContent).toContain('vllm:generation_tokens_total');
    expect(lines[1].querySelector('[data-evidence-metrics]')!.textContent).toContain('DCGM_FI_DEV_SM_CLOCK');
    expect(screen.getByTestId('llmd-no-evidence').textContent).toMatch(/KV transfer \(NIXL\) trouble/);
  });

  it('says first whether output tokens/s fell against the range before', () => {
    renderWith([frame('demand', 0.63)], LoadingState.Done, [rate(NOW_REF, 60), rate(BASELINE_REF, 100)]);
    const line = screen.getByTestId(THROUGHPUT_TEST_ID);
    expect(line.getAttribute('data-fell')).toBe('true');
    expect(line.textContent).toBe('Output tokens/s fell 40 % against the range before (100 tokens/s → 60 tokens/s).');
  });

  it('says plainly when throughput did not fall, and that the scores show what is abnormal anyway', () => {
    renderWith([frame('gpu', 0.8)], LoadingState.Done, [rate(NOW_REF, 102), rate(BASELINE_REF, 100)]);
    const line = screen.getByTestId(THROUGHPUT_TEST_ID);
    expect(line.getAttribute('data-fell')).toBe('false');
    expect(line.textContent).toMatch(/^Throughput did not fall: .*\+2 %.*scores show what is abnormal anyway/);
  });

  it('says plainly when no cause is likely', () => {
    renderWith(CAUSES.map((c) => frame(c.name, 0.1)));
    expect(screen.getByTestId('llmd-no-likely-cause').textContent).toMatch(/No cause scores above 0.3/);
    expect(screen.queryByTestId('llmd-no-evidence')).toBeNull();
  });

  it('reports a failed query instead of an empty list', () => {
    const view = new WhyThroughputDropped(variableContext(DEFAULT_RULE_MAPPING, []));
    view.state.throughput.setState({ $data: fixed([]) });
    view.state.evidence.forEach((e) => e.setState({ panels: [] }));
    view.setState({
      $data: new SceneDataNode({
        data: {
          state: LoadingState.Error,
          series: [],
          timeRange: getDefaultTimeRange(),
          errors: [{ message: 'bad_data: parse error' }],
        },
      }),
    });
    render(<view.Component model={view} />);
    expect(screen.getByText(/Prometheus did not answer: bad_data: parse error/)).toBeTruthy();
  });
});
