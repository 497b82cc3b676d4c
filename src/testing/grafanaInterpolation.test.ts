/**
 * The transcription of Grafana's interpolation, checked on cases whose expected text follows from the cited
 * sources (see grafanaInterpolation.ts): what a Prometheus query receives for each kind of selection.
 */
import {
  applyVariableRegex,
  CLASSIC_ESCAPING,
  customOptions,
  defaultSelection,
  interpolateGrafana,
  ResolvedVariable,
  SPECIAL_CHARS_ESCAPING,
} from './grafanaInterpolation';

const multi = (name: string, value: string | string[], options: string[] = [], allValue?: string): ResolvedVariable => ({
  name,
  type: 'query',
  multi: true,
  includeAll: true,
  allValue,
  options,
  value,
});
const single = (name: string, value: string): ResolvedVariable => ({ name, type: 'custom', multi: false, includeAll: false, options: [value], value });

const run = (expr: string, vars: ResolvedVariable[], mode = CLASSIC_ESCAPING) =>
  interpolateGrafana(expr, Object.fromEntries(vars.map((v) => [v.name, v])), { __rate_interval: '1m' }, mode);

describe("Grafana's interpolation of a Prometheus query (transcribed)", () => {
  it('escapes multi-value selections for a regex inside a PromQL string and joins them as (a|b)', () => {
    expect(run('{m=~"$m"}', [multi('m', ['a.b', 'c'])]).text).toBe('{m=~"(a\\\\.b|c)"}');
    expect(run('{m=~"$m"}', [multi('m', ['a.b'])]).text).toBe('{m=~"a\\\\.b"}');
  });

  it('leaves double quotes unescaped in the classic mode and escapes them with the feature toggle', () => {
    expect(run('{m=~"$m"}', [multi('m', ['x"y'])]).text).toBe('{m=~"x"y"}');
    expect(run('{m=~"$m"}', [multi('m', ['x"y'])], SPECIAL_CHARS_ESCAPING).text).toBe('{m=~"x\\\\\\"y"}');
  });

  it('escapes a single value only for a string: backslashes doubled, regex characters kept', () => {
    expect(run('"$r"', [single('r', 'decode-\\d+')]).text).toBe('"decode-\\\\d+"');
    expect(run('"$r"', [single('r', '.*')]).text).toBe('".*"');
  });

  it('All is the custom allValue as written, or every option when there is none', () => {
    expect(run('"$m"', [multi('m', ['$__all'], ['a', 'b'], '.*')]).text).toBe('".*"');
    expect(run('"$m"', [multi('m', '$__all', ['a.b', 'c'])]).text).toBe('"(a\\\\.b|c)"');
    expect(run('"${m:pipe}"', [multi('m', ['$__all'], ['a', 'b'], '.*')]).text).toBe('".*"');
  });

  it('named formats do not escape for PromQL: pipe joins raw values', () => {
    expect(run('"${m:pipe}"', [multi('m', ['a\\d', 'b'])]).text).toBe('"a\\d|b"');
    expect(run('"${m:regex}"', [multi('m', ['a.b', 'c'])]).text).toBe('"(a\\.b|c)"');
  });

  it('reports names that are no variable, and leaves capture references and macros to their owners', () => {
    const r = run('label_replace(rate(x[$__rate_interval]), "a", "$1", "$role_label", "(.*)")', []);
    expect(r.text).toBe('label_replace(rate(x[1m]), "a", "$1", "$role_label", "(.*)")');
    expect(r.unknown).toEqual(['$role_label']);
  });

  it('parses custom options as Grafana does: commas split, " : " separates text from value', () => {
    expect(customOptions('is the role name : (?:), contains : .*, plain')).toEqual([
      { text: 'is the role name', value: '(?:)' },
      { text: 'contains', value: '.*' },
      { text: 'plain', value: 'plain' },
    ]);
    expect(customOptions('prefill : decode-\\d+,x').map((o) => o.value)).toEqual(['decode-\\d+', 'x']);
  });

  it("applies a variable's regex: non-matching texts dropped, the first group is the value", () => {
    expect(applyVariableRegex('/host="([^"\\n]+)"/', ['{host="n1"} 1 0', '{gpu="0"} 1 0'])).toEqual(['n1']);
    expect(applyVariableRegex('/^([^"\\n]*)$/', ['ok', 'x"y', 'a\nb'])).toEqual(['ok']);
  });

  it('picks the default as scenes does: saved value if still an option, else All or the first option', () => {
    const v = { type: 'query', name: 'm', multi: true, includeAll: true, current: { value: ['gone'] } };
    expect(defaultSelection(v, ['a', 'b'])).toEqual(['a']);
    expect(defaultSelection(v, [])).toEqual('$__all');
    expect(defaultSelection({ ...v, current: { value: ['$__all'] } }, ['a'])).toEqual(['$__all']);
  });
});
