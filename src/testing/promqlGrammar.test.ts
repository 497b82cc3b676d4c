import { interpolate, promqlSyntaxErrors } from './promqlGrammar';

describe('PromQL grammar check', () => {
  it('accepts valid PromQL', () => {
    expect(promqlSyntaxErrors('histogram_quantile(0.9, sum by (le) (rate(x_bucket{a=~"b"}[5m])))')).toEqual([]);
  });

  it.each(['sum(rate(x[5m])', 'rate(x{a="b}[5m])', 'x{a=~"\\."}) + ', 'sum by (le (x)'])('rejects %s', (bad) => {
    expect(promqlSyntaxErrors(bad).length).toBeGreaterThan(0);
  });

  it('interpolates variables and leaves capture references alone', () => {
    expect(interpolate('rate(x{pod=~"$pod"}[$__rate_interval]) $1 ${role:pipe}')).toBe(
      'rate(x{pod=~".*"}[1m]) $1 prefill|decode'
    );
  });

  it('fails loudly on a variable it has no value for', () => {
    expect(() => interpolate('x{a="$nope"}')).toThrow('No sample value');
  });
});
