/**
 * demand: fewer requests than in the baseline window. Not a fault: output falls because input fell. Scored
 * from the fall in finished requests per second (10 % scores 0, 90 % scores 1).
 */
import { SIGNALS } from '../signals/signals';
import { agg, div, num, sub } from '../promql';
import { Cause } from './types';
import { rateIn, scale, strongest } from './window';

export const DEMAND: Cause = {
  name: 'demand',
  title: 'Lower demand (no fault)',
  explanation: 'Finished requests per second against the baseline window: a 10 % fall scores 0, a 90 % fall scores 1.',
  score: (c) => {
    const now = agg('sum', [], rateIn(c, SIGNALS.requestSuccess));
    const before = agg('sum', [], rateIn(c, SIGNALS.requestSuccess, [], '', true));
    return strongest([scale(sub(num(1), div(now, before)), 0.1, 0.9)]);
  },
  evidence: [SIGNALS.requestSuccess],
  page: 'overview',
};
