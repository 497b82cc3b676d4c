/**
 * Random, often hostile input through every query the app builds: role labels and role regexes as the
 * configuration form takes them, variable values as the preview's data source (a stand-in for Grafana's,
 * preview/src/datasource/escape.ts) formats them, SLO text as the SLO variables take it. Each input is either
 * refused with a message, or every query it produces parses under Prometheus' grammar, every string literal
 * unquotes as Prometheus' lexer reads it, and every regex in it compiles as RE2 (src/settings/re2.ts, checked
 * against promtool in tests/rules/roleRegex.test.ts). Nothing may throw. Seeded, so a failure reproduces.
 */
import { interpolateQueryExpr } from '../datasource/escape';
import { print } from '../../../src/queries/promql';
import { everyPanel } from '../../../src/catalog/pages';
import { numberVariableValue, roleOptions } from '../../../src/catalog/variableSpecs';
import { variableContext } from '../../../src/queries/context';
import { checkRe2 } from '../../../src/settings/re2';
import { defaultSettings } from '../../../src/settings/settings';
import { hasErrors, validateSettings } from '../../../src/settings/validateSettings';
import { promqlSyntaxErrors, SAMPLE_VARIABLES } from '../../../src/testing/promqlGrammar';
import { promqlStrings, unquotePromql } from '../../../src/testing/promqlStrings';

/** mulberry32: small, seeded, good enough to pick fragments. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGEX_PIECES = [
  'prefill', 'decode', '.*', '-', '(', ')', '[', ']', '[^]', '|', '?', '+', '*', '{2}', '{1001}', '\\', '\\\\', '"', "'", '`',
  '$', '^', '\\d', '\\u0070', '\\e', '\\cA', '\\k<a>', '(?i)', '(?=x)', '(?P<n>', '\\Q', '\\E', '\\pL', '\\p{Greek}',
  '[[:alpha:]]', '\n', '}', '{', '\\x41', '\\x{1F600}', 'é', '😀', ' ', '\\1', '$1', '${role}', '%', '\u0000',
];
const LABEL_PIECES = ['role', 'llm_d_ai_role', 'job', 'pod', '_', '9', '-', 'a', '__name__', '"', ' ', 'é', '{', '}', '.'];
/**
 * Label values as variables offer them. No control characters: Grafana's Prometheus data source (and
 * escape.ts, which follows it) does not escape a newline in a value, so a label value holding one breaks the
 * query in Grafana itself, out of the app's reach.
 */
const VALUE_PIECES = ['a', '.', '*', '"', '\\', '|', '(', ')', '$', '{', '}', '[', ']', "'", '`', 'deepseek-ai/DeepSeek-V3', '😀', ' or on() vector(1)', '=~', ''];
const SLO_PIECES = ['2', '0.5', '.1', '1e3', 's', ')', ' or on() vector(9', '-', '0', 'NaN', ' ', '3601', '"'];

const pick = <T,>(r: () => number, from: T[]) => from[Math.floor(r() * from.length)];
const compose = (r: () => number, from: string[], max: number) =>
  Array.from({ length: 1 + Math.floor(r() * max) }, () => pick(r, from)).join('');

const panels = everyPanel();
const ROUNDS = 120;

/** Every problem of one expression: syntax, string escapes Prometheus refuses, regexes RE2 refuses. */
function problems(expr: string): string[] {
  const found = promqlSyntaxErrors(expr).map((e) => `syntax ${e}`);
  const { all, regexes } = promqlStrings(expr);
  for (const literal of all) {
    try {
      unquotePromql(literal);
    } catch (e) {
      found.push((e as Error).message);
    }
  }
  for (const literal of regexes) {
    try {
      const error = checkRe2(unquotePromql(literal)).error;
      if (error) {
        found.push(`regex ${literal}: ${error}`);
      }
    } catch {
      // reported above as an escape problem
    }
  }
  return found;
}

/** Variable values the way the data source formats them: multi-value with All, so regex-escaped. */
function variableValues(r: () => number, roleValues: string[], slo: { ttft: string; itl: string }): Record<string, string> {
  const multi = () => interpolateQueryExpr(Array.from({ length: 1 + Math.floor(r() * 3) }, () => compose(r, VALUE_PIECES, 4)), { multi: true, includeAll: true });
  const chosenRoles = roleValues.filter(() => r() < 0.7);
  return {
    ...SAMPLE_VARIABLES,
    model: multi(),
    namespace: multi(),
    pod: multi(),
    engine: multi(),
    layer: multi(),
    hostname: multi(),
    'role:pipe': (chosenRoles.length ? chosenRoles : roleValues).join('|'),
    slo_ttft: slo.ttft,
    slo_itl: slo.itl,
  };
}

/** Grafana's $var / ${var} / ${var:format} substitution over the given values. */
function substitute(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{([a-zA-Z0-9_]+(?::[a-z]+)?)\}|\$([a-zA-Z0-9_]+)/g, (whole, braced, plain) => {
    const name = braced ?? plain;
    return /^\d+$/.test(name) || !(name in values) ? whole : values[name];
  });
}

describe('input fuzz: every query builder and the preview data source', () => {
  it(`refuses or parses ${ROUNDS} random role mappings, variable values and SLO entries, without throwing`, () => {
    const r = random(20261128);
    let accepted = 0;
    let refused = 0;
    let queries = 0;
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS && failures.length < 5; round++) {
      const role = {
        label: r() < 0.5 ? pick(r, ['llm_d_ai_role', 'role', 'job']) : compose(r, LABEL_PIECES, 4),
        prefill: r() < 0.3 ? 'prefill' : compose(r, REGEX_PIECES, 5),
        decode: r() < 0.3 ? 'decode' : compose(r, REGEX_PIECES, 5),
      };
      const settings = { ...defaultSettings(), rolePreset: 'custom' as const, role };
      const errors = validateSettings(settings);
      if (hasErrors(errors)) {
        refused++;
        for (const message of Object.values(errors)) {
          expect(typeof message === 'string' && message.length > 10).toBe(true);
        }
        continue;
      }
      accepted++;
      const sloText = { ttft: compose(r, SLO_PIECES, 3), itl: compose(r, SLO_PIECES, 3) };
      const bounds = { fallback: 1, above: 0, max: 3600 };
      const slo = { ttft: numberVariableValue(sloText.ttft, bounds).value, itl: numberVariableValue(sloText.itl, bounds).value };
      const values = variableValues(r, roleOptions(role).map((o) => o.value), slo);
      for (const { page, panel } of panels) {
        const ctx = variableContext(role, page.filters);
        for (const q of panel.queries(ctx)) {
          queries++;
          const expr = substitute(print(q.expr), values);
          const found = problems(expr);
          if (found.length > 0) {
            failures.push(`${panel.id} with ${JSON.stringify(role)} / ${JSON.stringify(sloText)}: ${found.join('; ')}\n  ${expr}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // The generator must exercise both paths, or the test proves little.
    expect(accepted).toBeGreaterThan(ROUNDS / 10);
    expect(refused).toBeGreaterThan(ROUNDS / 10);
    expect(queries).toBeGreaterThan(1000);
  });

  it('finds the problems it is looking for (the checks can fail)', () => {
    expect(problems('up{job=~"[^]x"}')).toEqual([expect.stringContaining('missing closing ]')]);
    expect(problems('up{job=~"a\\.b"}')).toEqual([expect.stringContaining('invalid escape')]);
    expect(problems('vector(1) or on() vector(')).not.toEqual([]);
    expect(problems('label_replace(up, "a", "$1", "b", "(?=x)")')).toEqual([expect.stringContaining('regex')]);
  });
});
