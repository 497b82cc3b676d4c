/**
 * Every rule expression is a builder's tree: the type refuses a string, and this walk refuses raw() text, so an
 * alert or recording rule cannot drift from the queries the panels print.
 */
import { handWrittenParts, print, selector } from '../../../queries/promql';
import { ROLE_PRESETS } from '../../../settings/rolePresets';
import { promqlSyntaxErrors } from '../../../testing/promqlGrammar';
import { allAlerts, recordingRuleSpecs } from '..';
import { AlertRuleSpec, RecordingRuleSpec } from '../types';

const rules = ROLE_PRESETS.flatMap((p) => [
  ...allAlerts(p.mapping).map((r) => [`${p.id} alert ${r.name}`, r.expr] as const),
  ...recordingRuleSpecs(p.mapping).map((r) => [`${p.id} record ${r.record}`, r.expr] as const),
]);

describe('rule expressions come from the query builders', () => {
  it.each(rules)('%s holds no hand-written PromQL and parses', (_name, expr) => {
    expect(handWrittenParts(expr)).toEqual([]);
    expect(promqlSyntaxErrors(print(expr))).toEqual([]);
  });

  it('the rule types refuse a string expression', () => {
    const alert: Pick<AlertRuleSpec, 'expr'> = {
      // @ts-expect-error a rule expression is a builder's tree, not text
      expr: 'up == 0',
    };
    const record: Pick<RecordingRuleSpec, 'expr'> = {
      // @ts-expect-error a recording rule's expression is a builder's tree, not text
      expr: 'sum(up)',
    };
    const tree: Pick<AlertRuleSpec, 'expr'> = { expr: selector('up') };
    expect([typeof alert.expr, typeof record.expr, typeof tree.expr]).toEqual(['string', 'string', 'object']);
  });
});
