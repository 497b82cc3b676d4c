import { FieldType } from '@grafana/data';
import { promqlSyntaxErrors } from '../../../../src/testing/promqlGrammar';
import { interpolateQueryExpr, regexEscape, regularEscape } from '../escape';
import { heatmapFrames, renderLegend, seriesFrames, tableFrame } from '../frames';
import { formatSeconds, parseDuration, rateIntervalSeconds, stepSeconds } from '../rateInterval';

describe('variable escaping (Grafana Prometheus interpolateQueryExpr)', () => {
  it('escapes a single value for a quoted string only', () => {
    expect(regularEscape('a"b\\c.d')).toBe('a\\"b\\\\c.d');
    expect(interpolateQueryExpr('x.y', { multi: false, includeAll: false })).toBe('x.y');
  });

  it('escapes regex metacharacters of multi values and joins them', () => {
    expect(regexEscape('deepseek-ai/DeepSeek-V3.1')).toBe('deepseek-ai/DeepSeek-V3\\\\.1');
    expect(interpolateQueryExpr(['a.b', 'c|d'], { multi: true })).toBe('(a\\\\.b|c\\\\|d)');
    expect(interpolateQueryExpr(['only'], { multi: true })).toBe('only');
  });

  it.each(['x"} or vector(1) #', '<script>alert(1)</script>', 'a\\b.c|d', 'model/with (parens)'])(
    'the hostile value %s stays one matcher that matches exactly itself',
    (hostile) => {
      const expr = `up{model_name=~"${interpolateQueryExpr([hostile, 'other'], { multi: true })}"}`;
      expect(promqlSyntaxErrors(expr)).toEqual([]);
      // The PromQL string literal decodes like a JSON string; the result is the RE2 pattern Prometheus anchors.
      const literal = /=~(".*")\}$/.exec(expr)![1];
      const pattern = new RegExp(`^(?:${JSON.parse(literal)})$`);
      expect(pattern.test(hostile)).toBe(true);
      expect(pattern.test(`${hostile}x`)).toBe(false);
    }
  );
});

describe('step and $__rate_interval (Grafana semantics)', () => {
  it('parses and formats durations', () => {
    expect(parseDuration('30s')).toBe(30);
    expect(parseDuration('2m')).toBe(120);
    expect(parseDuration('>1m')).toBe(60);
    expect(parseDuration('bogus')).toBeUndefined();
    expect(formatSeconds(120)).toBe('2m');
    expect(formatSeconds(45)).toBe('45s');
  });

  it('step is the largest of panel interval, min interval, scrape interval and the point cap', () => {
    expect(stepSeconds(3600, 9000, undefined, 5)).toBe(9);
    expect(stepSeconds(3600, 1000, '30s', 5)).toBe(30);
    expect(stepSeconds(3600, 100, undefined, 5)).toBe(5);
    expect(stepSeconds(30 * 86400, 1000, undefined, 5)).toBe(Math.ceil((30 * 86400) / 11000));
  });

  it('rate interval is max(step + scrape, 4 × scrape)', () => {
    expect(rateIntervalSeconds(5, 5)).toBe(20);
    expect(rateIntervalSeconds(60, 5)).toBe(65);
  });
});

describe('Prometheus results as frames', () => {
  const series = [
    { metric: { __name__: 'x', role: 'decode', le: '1' }, values: [[1, '2'], [2, '4']] as Array<[number, string]> },
    { metric: { __name__: 'x', role: 'decode', le: '0.5' }, values: [[1, '1'], [2, '1']] as Array<[number, string]> },
  ];

  it('renders legend formats, and the Grafana default without one', () => {
    expect(renderLegend('{{role}} p99', { role: 'prefill' })).toBe('prefill p99');
    expect(renderLegend(undefined, { __name__: 'up', job: 'vllm' })).toBe('up{job="vllm"}');
  });

  it('one time/value frame per series, values in milliseconds and numbers', () => {
    const frames = seriesFrames(series, { refId: 'A', legendFormat: '{{le}}' });
    expect(frames).toHaveLength(2);
    expect(frames[0].fields[0].type).toBe(FieldType.time);
    expect(frames[0].fields[0].values).toEqual([1000, 2000]);
    expect(frames[0].fields[1].values).toEqual([2, 4]);
    expect(frames[0].fields[1].labels).toEqual({ role: 'decode', le: '1' });
    expect(frames[0].name).toBe('1');
  });

  it('heatmap frames are sorted by le and de-accumulated', () => {
    const frames = heatmapFrames(series, { refId: 'A' });
    expect(frames.map((f) => f.name)).toEqual(['0.5', '1']);
    expect(frames[1].fields[1].values).toEqual([1, 3]);
  });

  it('table frames have one column per label and the value named as Grafana names it', () => {
    const series = [{ metric: { pod: 'p1', role: 'decode' }, value: [5, '0.5'] as [number, string] }];
    // One table query in the request: `Value`; several: `Value #<refId>`.
    expect(tableFrame(series, { refId: 'A' }, 1).fields.map((f) => f.name)).toEqual(['Time', 'pod', 'role', 'Value']);
    const frame = tableFrame(series, { refId: 'B' }, 2);
    expect(frame.fields.map((f) => f.name)).toEqual(['Time', 'pod', 'role', 'Value #B']);
    expect(frame.fields[3].values).toEqual([0.5]);
  });
});
