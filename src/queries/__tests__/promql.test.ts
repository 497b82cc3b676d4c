import { absent, agg, anyOf, eq, handWrittenParts, labelReplace, nre, onNothing, print, ratio, raw, re, scalarVector, selector, sumBy, rate, topk, histogramQuantile, whileDataExists, numberVariable, selectedMetrics, vectorOf } from '../promql';
import { promqlSyntaxErrors } from '../../testing/promqlGrammar';

describe('PromQL vocabulary', () => {
  it('escapes label values as PromQL strings', () => {
    expect(print(selector('up', [eq('pod', 'a"b\\c'), re('model_name', 'x.y'), nre('job', '$job')]))).toBe(
      'up{pod="a\\"b\\\\c",model_name=~"x.y",job!~"$job"}'
    );
  });

  it('adds a range to a selector', () => {
    expect(print(rate(selector('x_total', [], '$__rate_interval')))).toBe('rate(x_total[$__rate_interval])');
  });

  it('joins candidate names with or, preferred first', () => {
    expect(print(anyOf([selector('new'), selector('old'), selector('older')]))).toBe('(new) or ((old) or (older))');
  });

  it('refuses an empty candidate list', () => {
    expect(() => anyOf([])).toThrow('at least one');
  });

  it('guards the denominator of a ratio', () => {
    expect(print(ratio(selector('a'), selector('b')))).toBe('(a) / ((b) > (0))');
  });

  it('quotes label_replace arguments', () => {
    expect(print(labelReplace(selector('x'), 'role', '$1', 'pod', '.*-(prefill)-.*'))).toBe(
      'label_replace(x, "role", "$1", "pod", ".*-(prefill)-.*")'
    );
  });

  it('aggregates with and without grouping', () => {
    expect(print(sumBy([], selector('x')))).toBe('sum(x)');
    expect(print(sumBy(['le', 'role'], selector('x')))).toBe('sum by(le, role) (x)');
    expect(print(topk(5, ['layer'], selector('x')))).toBe('topk by(layer) (5, x)');
  });

  it('puts sum by (le) inside histogram_quantile', () => {
    expect(print(histogramQuantile(0.99, sumBy(['le'], rate(selector('h_bucket', [], '5m')))))).toBe(
      'histogram_quantile(0.99, sum by(le) (rate(h_bucket[5m])))'
    );
  });
});

describe('set operations matched on no labels', () => {
  it('prints on() with empty parentheses and both operands parenthesised', () => {
    expect(print(onNothing('unless', absent(selector('a')), agg('count', [], selector('b'))))).toBe('(absent(a)) unless on() (count(b))');
  });

  it('keeps a reference line only while the data has series', () => {
    const text = print(whileDataExists(scalarVector(0.5), selector('x')));
    expect(text).toBe('(vector(0.5)) and on() (count(x))');
    expect(promqlSyntaxErrors(text)).toEqual([]);
  });

  it('nests inside other builders and still parses', () => {
    const text = print(sumBy(['pod'], onNothing('and', selector('a'), selector('b'))));
    expect(text).toBe('sum by(pod) ((a) and on() (b))');
    expect(promqlSyntaxErrors(text)).toEqual([]);
  });
});

describe('hand-written parts of a tree', () => {
  it('finds none in a tree made by builders alone', () => {
    expect(handWrittenParts(ratio(selector('a'), onNothing('and', selector('b'), selector('c'))))).toEqual([]);
  });

  it('finds raw text anywhere, also below an on() node', () => {
    expect(handWrittenParts(sumBy(['x'], raw('vector(1)')))).toEqual(['vector(1)']);
    expect(handWrittenParts(onNothing('or', selector('a'), raw('b offset 5m')))).toEqual(['b offset 5m']);
  });
});

describe('selected metrics of a tree', () => {
  it('names every selector once, in order, also below an on() node', () => {
    const e = ratio(sumBy(['x'], rate(selector('a', [], '5m'))), onNothing('and', selector('b'), selector('a')));
    expect(selectedMetrics(e)).toEqual(['a', 'b']);
  });
});

describe('a number variable', () => {
  it('prints the reference inside vector(), and is no hand-written part', () => {
    const line = vectorOf(numberVariable('slo_ttft'));
    expect(print(line)).toBe('vector($slo_ttft)');
    expect(handWrittenParts(line)).toEqual([]);
    expect(selectedMetrics(line)).toEqual([]);
  });

  it('refuses anything but a variable name', () => {
    expect(() => numberVariable('x) or vector(1')).toThrow('not a variable name: "x) or vector(1"');
  });
});
