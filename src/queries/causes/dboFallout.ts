/**
 * dbo_fallout: steps that ran as one batch instead of two overlapped micro-batches, as a share of all steps
 * (fallouts + steps with a second micro-batch). A healthy wide-EP decode falls out in about 10 % of steps.
 */
import { SIGNALS } from '../signals/signals';
import { add, eq, ratio, sumBy } from '../promql';
import { Cause } from './types';
import { rateIn, scale, strongest } from './window';

export const DBO_FALLOUT: Cause = {
  name: 'dbo_fallout',
  title: 'Dual-batch overlap fallout',
  explanation:
    'Share of engine steps that fell out of dual-batch overlap in the window: 20 % or less scores 0, 50 % or more scores 1.',
  score: (c) => {
    const fallout = sumBy(['namespace', 'model_name'], rateIn(c, SIGNALS.dboFallout));
    const second = sumBy(
      ['namespace', 'model_name'],
      rateIn(c, SIGNALS.ubatchTokens, [eq('ubatch_index', 'second')], '_count')
    );
    return strongest([scale(ratio(fallout, add(fallout, second)), 0.2, 0.5)]);
  },
  evidence: [SIGNALS.dboFallout],
  page: 'wide-ep',
};
