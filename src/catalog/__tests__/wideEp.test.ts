/**
 * The Wide EP page: every panel the issue asks for exists, explains itself, says what enables it when empty,
 * keeps the per-expert queries bounded, and marks rearrangements on the page and in its dashboard.
 */
import { WIDE_EP_PAGE } from '../pages/wideEp';
import { panelSignals } from '../panelSignals';
import { print } from '../../queries/promql';
import { PanelSpec } from '../panelSpec';
import { QUANTITIES } from '../../queries/signals/quantities';
import { REQUIREMENTS } from '../../queries/signals/requirements';
import { SIGNALS } from '../../queries/signals/signals';
import { buildPanel } from '../../panels/buildPanel';
import { EXPERT_MATRIX_PANEL_ID } from '../../panels/model';
import { dashboardFor } from '../../dashboards/dashboardModel';
import { pagePanels } from '../../testing/pagePanels';
import { interpolate, promqlSyntaxErrors } from '../../testing/promqlGrammar';

const page = WIDE_EP_PAGE;
const { panels, ctx, byId, exprs } = pagePanels(page);

describe('Wide EP page', () => {
  const ISSUE_PANELS: Record<string, string[]> = {
    '1 balancedness over time': ['wideep.balancedness'],
    '2 balancedness heatmap': ['wideep.balancednessHeatmap'],
    '3 max vs avg tokens and imbalance': ['wideep.tokensPerRank', 'wideep.layerImbalance'],
    '4 rebalance timeline, count, duration, since last': [
      'wideep.rebalanceTimeline',
      'wideep.rearrangements',
      'wideep.rearrangementDuration',
      'wideep.sinceRearrangement',
    ],
    '5 rebalancing right now': ['wideep.rebalancingNow'],
    '6 expert load, hot experts, cardinality': ['wideep.expertMatrix', 'wideep.hotExperts', 'wideep.expertSeries'],
    '7 expert config': ['wideep.expertConfig'],
    '8 DBO': ['wideep.dboActive', 'wideep.dboEngaged', 'wideep.dboFallout', 'wideep.ubatchTokens'],
    '9 per rank': ['wideep.rankThroughput', 'wideep.rankImbalance', 'wideep.slowestRank', 'wideep.rankQueues'],
    '10 throughput variance': ['wideep.throughputVariance'],
  };

  it.each(Object.entries(ISSUE_PANELS))('has the panels of point %s', (_point, ids) => {
    ids.forEach((id) => expect(byId(id).id).toBe(id));
  });

  it('offers the model, namespace, engine and layer controls', () => {
    expect(page.filters).toEqual(['model', 'namespace', 'engine']);
    expect(page.extraVariables).toEqual(['layer']);
  });

  it.each(panels.map((p) => [p.id, p]))('%s names its metric and parses', (_id, p) => {
    const panel = p as PanelSpec;
    expect(panel.description.length).toBeGreaterThan(80);
    const metric = SIGNALS[panelSignals(panel, ctx)[0]].names[0].name;
    expect(panel.description).toContain(metric);
    for (const q of panel.queries(ctx)) {
      expect(promqlSyntaxErrors(interpolate(print(q.expr)))).toEqual([]);
    }
  });

  it('says, on every panel no release feeds, which source would bring it, never a flag that exports nothing', () => {
    const notUpstream = panels.filter((p) =>
      SIGNALS[panelSignals(p, ctx)[0]].names.every((n) => n.status !== 'current')
    );
    expect(notUpstream.length).toBeGreaterThanOrEqual(15);
    for (const p of notUpstream) {
      const texts = Object.values(QUANTITIES)
        .filter((x) => x.sources.some((s) => s.signals.includes(panelSignals(p, ctx)[0])))
        .map((x) => x.missing);
      const expected = texts.length > 0 ? texts : [REQUIREMENTS[SIGNALS[panelSignals(p, ctx)[0]].requires].howTo];
      expect({ id: p.id, saysWhatBringsIt: expected.some((t) => p.noData?.includes(t)) }).toEqual({ id: p.id, saysWhatBringsIt: true });
      expect({ id: p.id, noData: p.noData }).not.toEqual({ id: p.id, noData: expect.stringMatching(/run with --enable-(eplb|dbo)/i) });
    }
  });

  it('says so in the text of every panel that reads a proposed family', () => {
    const proposed = panels.filter((p) =>
      panelSignals(p, ctx).every((id) =>
        SIGNALS[id].names.every((n) => n.status === 'proposed' || n.status === 'alternative')
      )
    );
    expect(proposed.length).toBeGreaterThanOrEqual(8);
    for (const p of proposed) {
      expect({ id: p.id, says: /propos/i.test(p.description) }).toEqual({ id: p.id, says: true });
    }
  });

  it('narrows per-layer panels with the layer variable', () => {
    for (const id of [
      'wideep.tokensPerRank',
      'wideep.layerImbalance',
      'wideep.expertMatrix',
    ]) {
      exprs(id).forEach((e) => expect(e).toContain('layer=~"$layer"'));
    }
  });

  it('keeps every per-expert query bounded: instant, per layer, or top-k', () => {
    for (const p of panels.filter((x) => panelSignals(x, ctx).includes('expertLoad'))) {
      for (const q of p.queries(ctx)) {
        const bounded =
          q.instant === true && (print(q.expr).includes('layer=~"$layer"') || /^(topk|count)/.test(print(q.expr)));
        expect({ id: p.id, expr: print(q.expr), bounded }).toEqual({ id: p.id, expr: print(q.expr), bounded: true });
      }
    }
  });

  it('draws the expert matrix with the app panel and falls back to a heatmap in the dashboard', () => {
    expect(buildPanel(byId('wideep.expertMatrix'), ctx).type).toBe(EXPERT_MATRIX_PANEL_ID);
    const dashboard = dashboardFor(page) as unknown as {
      panels: Array<{ type: string; title: string; panels?: unknown[] }>;
    };
    const all = dashboard.panels.flatMap((p) => [p, ...((p.panels ?? []) as typeof dashboard.panels)]);
    expect(all.find((p) => p.title === byId('wideep.expertMatrix').title)?.type).toBe('heatmap');
  });

  it('marks expert rearrangements on every time series', () => {
    expect(page.annotations).toHaveLength(1);
    const expr = print(page.annotations![0].expr(ctx));
    expect(expr).toContain('increase(vllm:eplb_rearrangements_total{model_name=~"$model"');
    expect(promqlSyntaxErrors(interpolate(expr))).toEqual([]);
  });

  it('maps the rebalancing gauge to words', () => {
    expect(byId('wideep.rebalancingNow').mappings?.map((m) => m.text)).toEqual(['serving', 'rebalancing']);
  });

  it('marks the imbalanced threshold and the 256-token micro-batch boundary', () => {
    expect(byId('wideep.balancedness').thresholds?.map((t) => t.value)).toEqual([null, 0.8]);
    expect(byId('wideep.ubatchTokens').thresholds?.map((t) => t.value)).toEqual([null, 256]);
  });
});
