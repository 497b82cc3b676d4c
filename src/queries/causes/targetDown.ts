/**
 * target_down: engines seen in the window or the baseline window that no longer answer scrapes (their series
 * went stale), or that restarted (a counter reset). A restart that came back scores 0.8, a target still gone 1.
 */
import * as pb from '@grafana/promql-builder';
import { SIGNALS } from '../signals/signals';
import { agg, gt, lastOverTime, mul, num, or } from '../promql';
import { gauge } from '../select';
import { Cause } from './types';
import { overWindow, scale, strongest } from './window';

const ENGINE_KEY = ['namespace', 'model_name', 'pod', 'engine'];

export const TARGET_DOWN: Cause = {
  name: 'target_down',
  title: 'Engine down or restarted',
  explanation:
    'Engines that reported in the window or the one before it and no longer do score 1; engines whose counters reset (a restart) score 0.8.',
  score: (c) => {
    const seen = agg(
      'group',
      ENGINE_KEY,
      or(overWindow(c, lastOverTime, SIGNALS.kvCacheUsage), overWindow(c, lastOverTime, SIGNALS.kvCacheUsage, [], true))
    );
    const now = agg('group', ENGINE_KEY, gauge(c.ctx, SIGNALS.kvCacheUsage));
    const lost = agg('count', [], pb.unless(seen, now).on(ENGINE_KEY));
    const restarted = agg(
      'count',
      [],
      gt(
        overWindow(c, (e) => pb.resets(e), SIGNALS.generationTokens),
        num(0)
      )
    );
    return strongest([scale(lost, 0, 1), mul(scale(restarted, 0, 1), num(0.8))]);
  },
  evidence: [SIGNALS.kvCacheUsage],
  page: 'scrape-health',
};
