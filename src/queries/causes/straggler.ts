/**
 * straggler: the slowest data-parallel rank against the mean of its role, from generated tokens per second.
 * Every rank of an EP group waits for the slowest, so one slow rank costs the whole group.
 */
import { SIGNALS } from '../signals/signals';
import { agg, ratio } from '../promql';
import { aggByRole, ROLE_LABEL } from '../role';
import { Cause } from './types';
import { rateIn, scale, strongest } from './window';

const ROLE_KEY = ['namespace', 'model_name', ROLE_LABEL];

export const STRAGGLER: Cause = {
  name: 'straggler',
  title: 'Straggling rank',
  explanation:
    'Slowest rank / mean rank generated tokens per second over the window, per role: 0.9 or more scores 0, 0.6 or less scores 1.',
  score: (c) => {
    const perEngine = aggByRole('sum', [...ROLE_KEY, 'pod', 'engine'], rateIn(c, SIGNALS.generationTokens), c.ctx.role);
    return strongest([scale(ratio(agg('min', ROLE_KEY, perEngine), agg('avg', ROLE_KEY, perEngine)), 0.9, 0.6)]);
  },
  evidence: [SIGNALS.generationTokens],
  page: 'wide-ep',
};
