/**
 * Each cause's evidence panels as the scene builds them: VizPanels with their own query runner, queries that
 * parse and read the cause's evidence families under the page filters, and an empty text that names the missing
 * family and what would bring it.
 */
import { SceneQueryRunner, VizPanel } from '@grafana/scenes';
import { print } from '../../../queries/promql';
import { familiesRead } from '../../../catalog/compatibility';
import { SPEC_PAGES } from '../../../catalog/pages';
import { OVERVIEW_PAGE } from '../../../catalog/pages/overview';
import { REQUIREMENTS } from '../../../queries/signals/requirements';
import { DEFAULT_RULE_MAPPING } from '../../../catalog/rules';
import { SIGNALS } from '../../../queries/signals/signals';
import { CAUSES, outputTokensPerSecond } from '../../../queries/causes';
import { variableContext } from '../../../queries/context';
import { interpolate, promqlSyntaxErrors } from '../../../testing/promqlGrammar';
import { CauseEvidence } from '../CauseEvidence';
import { WhyThroughputDropped } from '../WhyThroughputDropped';

const ctx = variableContext(DEFAULT_RULE_MAPPING, OVERVIEW_PAGE.filters);

function queriesOf(panel: VizPanel): string[] {
  const runner = panel.state.$data;
  expect(runner).toBeInstanceOf(SceneQueryRunner);
  return (runner as SceneQueryRunner).state.queries.map((q) => q.expr as string);
}

describe.each(CAUSES.map((c) => [c.name, c] as const))('evidence of %s', (_, cause) => {
  const evidence = new CauseEvidence(cause.name, ctx);
  const panels = evidence.state.panels;

  it('has panels whose queries parse, over the selected range, under the page filters', () => {
    expect(panels.length).toBeGreaterThan(0);
    for (const expr of panels.flatMap(queriesOf)) {
      expect({ expr, errors: promqlSyntaxErrors(interpolate(expr)) }).toEqual({ expr, errors: [] });
      expect(expr).not.toMatch(/model_name="|namespace="|job="|\$__range/);
      if (/^vllm:/.test(familiesRead([expr])[0] ?? '')) {
        expect(expr).toContain('model_name=~"$model"');
      }
    }
  });

  it('draws every family the cause is judged from', () => {
    const read = familiesRead(panels.flatMap(queriesOf));
    for (const signal of cause.evidence) {
      expect({ signal: signal.id, read: signal.names.some((n) => read.includes(n.name)) }).toEqual({
        signal: signal.id,
        read: true,
      });
    }
  });

  it('says, when empty, which evidence family is missing and what would bring it', () => {
    for (const panel of panels) {
      const noValue = panel.state.fieldConfig.defaults.noValue as string;
      expect(noValue).toMatch(/^Evidence missing: /);
      const named = Object.values(SIGNALS).find((s) => noValue.includes(`(${s.names[0].name})`));
      expect(named).toBeDefined();
      expect(noValue).toContain(REQUIREMENTS[named!.requires].howTo);
    }
  });
});

describe('evidence panels beside the page panels', () => {
  it('have keys and titles of their own (tests and Grafana find panels by them)', () => {
    const evidence = CAUSES.flatMap((c) => new CauseEvidence(c.name, ctx).state.panels);
    const pageTitles = new Set(SPEC_PAGES.flatMap((p) => p.rows.flatMap((r) => r.panels.map((x) => x.title))));
    expect(new Set(evidence.map((p) => p.state.key)).size).toBe(evidence.length);
    expect(new Set(evidence.map((p) => p.state.title)).size).toBe(evidence.length);
    expect(evidence.filter((p) => pageTitles.has(p.state.title)).map((p) => p.state.title)).toEqual([]);
  });

  it('hang under the ranked view, one group per cause, next to the throughput comparison', () => {
    const view = new WhyThroughputDropped(ctx);
    expect(view.state.evidence.map((e) => e.state.cause)).toEqual(CAUSES.map((c) => c.name));
    expect(view.state.evidence.every((e) => e.parent === view)).toBe(true);
    const throughput = view.state.throughput.state.$data as SceneQueryRunner;
    // The runner sends printed PromQL (scenes/instantQuery.ts), never the tree.
    expect(throughput.state.queries.map((q) => q.expr)).toEqual([
      print(outputTokensPerSecond(ctx, false)),
      print(outputTokensPerSecond(ctx, true)),
    ]);
  });
});

describe('outputTokensPerSecond', () => {
  it('sums generated tokens/s over the range, and over the range before it for the baseline', () => {
    const now = print(outputTokensPerSecond(ctx, false));
    const before = print(outputTokensPerSecond(ctx, true));
    expect(promqlSyntaxErrors(interpolate(now))).toEqual([]);
    expect(promqlSyntaxErrors(interpolate(before))).toEqual([]);
    expect(now.startsWith('sum(rate(vllm:generation_tokens_total{')).toBe(true);
    expect(now).toContain('model_name=~"$model"');
    expect(now.endsWith('}[$__range]))')).toBe(true);
    expect(now).not.toContain('offset');
    expect(before).toContain('[$__range] offset $__range');
  });
});
