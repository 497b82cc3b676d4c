/**
 * rebalance: experts being rearranged. A rearrangement stalls its EP group for seconds; one that lasts past
 * `stuck`, or rearrangements filling much of the window, explain a drop.
 */
import { SIGNALS } from '../signals/signals';
import { avgOverTime, minOverTime } from '../promql';
import { Cause } from './types';
import { overWindow, scale, strongest } from './window';

export const REBALANCE: Cause = {
  name: 'rebalance',
  title: 'EPLB rebalancing',
  explanation:
    'Experts were being rearranged: a rearrangement that lasted past the stuck limit scores 1; otherwise the share of the window spent rearranging (half the window or more scores 1).',
  score: (c) =>
    strongest([
      overWindow({ ...c, window: { ...c.window, range: c.window.stuck } }, minOverTime, SIGNALS.eplbRebalancing),
      scale(overWindow(c, avgOverTime, SIGNALS.eplbRebalancing), 0.2, 0.5),
    ]),
  evidence: [SIGNALS.eplbRebalancing],
  page: 'wide-ep',
};
