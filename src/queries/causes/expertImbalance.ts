/**
 * expert_imbalance: some MoE layer sends far more tokens to one EP rank than the mean (a hot expert). Read from
 * the worst balancedness (mean / max tokens per rank) any layer reached in the window: 0.9 and above is
 * balanced, 0.6 and below scores 1.
 */
import { SIGNALS } from '../signals/signals';
import { minOverTime } from '../promql';
import { Cause } from './types';
import { overWindow, scale, strongest } from './window';

export const EXPERT_IMBALANCE: Cause = {
  name: 'expert_imbalance',
  title: 'Expert load imbalance',
  explanation:
    'The worst EPLB balancedness any layer reached in the window: 0.9 or better scores 0, 0.6 or worse scores 1 (a hot expert the last rebalance did not spread).',
  score: (c) => strongest([scale(overWindow(c, minOverTime, SIGNALS.eplbBalancedness), 0.9, 0.6)]),
  evidence: [SIGNALS.eplbBalancedness],
  page: 'wide-ep',
};
