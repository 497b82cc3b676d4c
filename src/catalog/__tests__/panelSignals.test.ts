/** The signals a panel reads come from its query trees, through recording rules to what they read. */
import { panelSignals, signalsRead } from '../panelSignals';
import { PanelSpec } from '../panelSpec';
import { findPanel } from '../../testing/pagePanels';
import { DEFAULT } from '../../testing/fixtures';
import { variableContext } from '../../queries/context';
import { num, selector, sumBy } from '../../queries/promql';
import { rateOf } from '../../queries/select';
import { SIGNALS } from '../../queries/signals/signals';
import { PREFILL_DECODE_PAGE } from '../pages/prefillDecode';
import { OVERVIEW_PAGE } from '../pages/overview';

const ctx = variableContext(DEFAULT, ['model']);

describe('signalsRead', () => {
  it('reads a histogram part as its family, every spelling of a signal as that signal, once each', () => {
    const itl = sumBy(['le'], rateOf(ctx, SIGNALS.itl, [], '_bucket'));
    expect(signalsRead([itl, rateOf(ctx, SIGNALS.requestsRunning)])).toEqual(['itl', 'requestsRunning']);
  });

  it('follows a recording rule to the signals its own tree reads', () => {
    const read = signalsRead([selector('llmd:engine_routable')]);
    expect(read).toEqual(
      expect.arrayContaining(['generationTokens', 'kvCacheUsage', 'eplbRebalancing', 'nixlXferTime'])
    );
  });

  it('reads nothing from a constant or a series outside the catalog', () => {
    expect(signalsRead([num(1), selector('up')])).toEqual([]);
  });
});

describe('panelSignals', () => {
  const spec = (lead?: PanelSpec['lead']): PanelSpec => ({
    id: 'test.panel',
    title: 'T',
    description: 'D',
    viz: 'timeseries',
    queries: (c) => [
      { expr: rateOf(c, SIGNALS.ttft, [], '_count') },
      { expr: rateOf(c, SIGNALS.queueTime, [], '_count') },
    ],
    ...(lead ? { lead } : {}),
  });

  it('lists what the queries read, in order, or the lead first where one is named', () => {
    expect(panelSignals(spec(), ctx)).toEqual(['ttft', 'queueTime']);
    expect(panelSignals(spec('queueTime'), ctx)).toEqual(['queueTime', 'ttft']);
  });

  it('derives the signals of the catalog panels, through their rules', () => {
    const pd = variableContext(DEFAULT, PREFILL_DECODE_PAGE.filters);
    expect(panelSignals(findPanel(PREFILL_DECODE_PAGE, 'pd.ttftDecomposition'), pd)).toEqual([
      'ttft',
      'queueTime',
      'prefillTime',
      'nixlXferTime',
    ]);
    expect(panelSignals(findPanel(PREFILL_DECODE_PAGE, 'pd.routable'), pd)).toContain('nixlXferTime');
    const overview = variableContext(DEFAULT, OVERVIEW_PAGE.filters);
    expect(panelSignals(findPanel(OVERVIEW_PAGE, 'overview.models'), overview)).toEqual(
      expect.arrayContaining(['requestsRunning', 'ttft'])
    );
  });
});
