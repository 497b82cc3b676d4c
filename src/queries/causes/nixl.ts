/**
 * nixl: KV transfers between prefill and decode that fail (decode recomputes the prompt), expire on prefill
 * before decode reads them, or slow down against the baseline window.
 */
import { SIGNALS } from '../signals/signals';
import { add, div, ratio, sumBy } from '../promql';
import { Cause } from './types';
import { rateIn, scale, strongest } from './window';

const MODEL = ['namespace', 'model_name'];

export const NIXL: Cause = {
  name: 'nixl',
  title: 'KV transfer (NIXL) trouble',
  explanation:
    'Failed or expired KV transfers as a share of transfers (4 % or more scores 1), or mean transfer time up against the baseline window (doubled scores 1).',
  score: (c) => {
    const transfers = sumBy(MODEL, rateIn(c, SIGNALS.nixlXferTime, [], '_count'));
    const failed = add(
      sumBy(MODEL, rateIn(c, SIGNALS.nixlFailedTransfers)),
      sumBy(MODEL, rateIn(c, SIGNALS.nixlExpiredRequests))
    );
    const meanTime = (baseline: boolean) =>
      ratio(
        sumBy(MODEL, rateIn(c, SIGNALS.nixlXferTime, [], '_sum', baseline)),
        sumBy(MODEL, rateIn(c, SIGNALS.nixlXferTime, [], '_count', baseline))
      );
    return strongest([scale(ratio(failed, transfers), 0, 0.04), scale(div(meanTime(false), meanTime(true)), 1.2, 2)]);
  },
  evidence: [SIGNALS.nixlXferTime, SIGNALS.nixlFailedTransfers],
  page: 'prefill-decode',
};
