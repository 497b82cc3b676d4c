/** The routability timeline's query: parses, reads only the recorded series, and gives each reason its own value. */
import { DEFAULT_RULE_MAPPING } from '../../catalog/rules';
import { print } from '../promql';
import { interpolate, promqlSyntaxErrors } from '../../testing/promqlGrammar';
import { variableContext } from '../context';
import { ROUTABLE_REASONS, ROUTABLE_STATES, routableStatePerEngine } from '../routability';

describe('routableStatePerEngine', () => {
  const q = print(
    routableStatePerEngine(variableContext(DEFAULT_RULE_MAPPING, ['model', 'namespace', 'role', 'engine']))
  );

  it('parses with the dashboard variables interpolated', () => {
    expect(promqlSyntaxErrors(interpolate(q))).toEqual([]);
  });

  it('keeps the engine-key filters and drops the role filter the recorded series cannot match', () => {
    expect(q).toContain('model_name=~"$model"');
    expect(q).toContain('engine=~"$engine"');
    expect(q).not.toContain('llm_d_ai_role');
    expect(q).toMatch(/^max by\(namespace, model_name, pod, engine\)/);
  });

  it('maps routable to 0 and each reason to its own value', () => {
    expect(ROUTABLE_STATES.map((s) => s.text)).toEqual(['routable', ...ROUTABLE_REASONS]);
    expect(new Set(ROUTABLE_STATES.map((s) => s.value)).size).toBe(ROUTABLE_STATES.length);
    ROUTABLE_REASONS.forEach((reason, i) => expect(q).toContain(`reason="${reason}"}) + (${i + 1})`));
    expect(q).toContain('reason=""}) - (1)');
  });
});
