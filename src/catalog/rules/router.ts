/**
 * The router (llm-d's endpoint picker, EPP): seed 002's SchedulerUnhealthy and seed 003's scheduler stall.
 * Names from metrics/catalog.json, which cites the upstream source of each: `llm_d_epp_ready_endpoints`
 * (llm-d-router v0.9.0+, was `inference_pool_ready_pods`), `llm_d_epp_request_total` (was
 * `inference_objective_request_total`) and `llm_d_epp_scheduler_attempts_total{status}` (was
 * `inference_extension_scheduler_attempts_total`). Both spellings are read, as the router dual-emits them
 * during the rename. The router is one per pool, so these alerts are raised per namespace and pool.
 */
import * as pb from '@grafana/promql-builder';
import { QueryContext } from '../../queries/context';
import { anyOf, agg, eq, Expr, Matcher, rate, selector, sumBy } from '../../queries/promql';
import { above, below } from './exprs';
import { counter, FIXTURE_NAMESPACE, gauge as gaugeSeries, perMinute } from './fixtures';
import { AlertRule, AlertRuleSpec } from './types';
import { AlertValues } from './values';

const READY = ['llm_d_epp_ready_endpoints', 'inference_pool_ready_pods'];
const REQUESTS = ['llm_d_epp_request_total', 'inference_objective_request_total'];
const ATTEMPTS = ['llm_d_epp_scheduler_attempts_total', 'inference_extension_scheduler_attempts_total'];

const POOL_KEY = ['namespace', 'name'];
const ROUTER_KEY = ['namespace'];
const WINDOW = '5m';

const anyName = (names: string[], matchers: Matcher[] = [], window?: string): Expr =>
  anyOf(names.map((n) => (window ? rate(selector(n, matchers, window)) : selector(n, matchers))));

const pool = { namespace: FIXTURE_NAMESPACE, name: 'test-pool', job: 'llm-d-epp', pod: 'test-epp-0' };
const router = { namespace: FIXTURE_NAMESPACE, job: 'llm-d-epp', pod: 'test-epp-0' };
const arriving = sumBy(ROUTER_KEY, anyName(REQUESTS, [], WINDOW));
const scheduled = sumBy(ROUTER_KEY, anyName(ATTEMPTS, [eq('status', 'success')], WINDOW));

export const SCHEDULER_UNHEALTHY: AlertRule = (ctx, v) => ({
  name: 'SchedulerUnhealthy',
  severity: 'critical',
  expr: below(agg('max', POOL_KEY, anyName(READY)), 1),
  for: v.SchedulerUnhealthy.for,
  summary: 'The router of pool {{ $labels.name }} in {{ $labels.namespace }} has no ready endpoint',
  description:
    "The endpoint picker sees no ready vLLM pod in its InferencePool, so every request through the gateway fails. Check the pool's pods and their readiness, and the pool selector.",
  runbook: {
    meaning: 'llm_d_epp_ready_endpoints (inference_pool_ready_pods before llm-d-router 0.9) is 0 for the pool.',
    confirm: "Scrape health page: vLLM targets up; kubectl get pods of the pool; the InferencePool's selector.",
    action:
      'Fix the failing pods (see VllmTargetDown); if pods run, fix the InferencePool selector or the readiness probe.',
  },
  test: {
    firing: [gaugeSeries('llm_d_epp_ready_endpoints', pool, 0)],
    silent: [gaugeSeries('llm_d_epp_ready_endpoints', pool, 4)],
    labels: { namespace: FIXTURE_NAMESPACE, name: 'test-pool' },
  },
});

export const SCHEDULER_STALLED: AlertRule = (ctx, v) => {
  const stall = v.SchedulerStalled;
  return {
    name: 'SchedulerStalled',
    severity: 'critical',
    expr: pb.unless(above(arriving, stall.minVolume), above(scheduled, 0)).on(ROUTER_KEY),
    for: stall.for,
    summary: 'The router in {{ $labels.namespace }} receives requests but schedules none',
    description:
      'Requests reach the endpoint picker but no scheduling attempt succeeds: the scheduler is stuck or every filter rejects every pod. Read the EPP logs and restart it if it hangs.',
    runbook: {
      meaning: `Requests arrive at the router (llm_d_epp_request_total above ${stall.minVolume}/s) while successful scheduling attempts (llm_d_epp_scheduler_attempts_total{status="success"}) stay at zero, for ${stall.for}.`,
      confirm: 'Prefill/Decode page: router decisions; EPP logs for filter or scorer errors.',
      action:
        'Restart the EPP; check its plugin configuration (filters that reject every endpoint) and that endpoints report metrics.',
    },
    test: {
      firing: [
        counter('llm_d_epp_request_total', { ...router, model_name: 'test-model' }, perMinute(stall.minVolume * 3)),
        counter('llm_d_epp_scheduler_attempts_total', { ...router, status: 'success' }, 0),
      ],
      silent: [
        counter('llm_d_epp_request_total', { ...router, model_name: 'test-model' }, perMinute(stall.minVolume * 3)),
        counter('llm_d_epp_scheduler_attempts_total', { ...router, status: 'success' }, perMinute(stall.minVolume * 3)),
      ],
      lowVolume: [
        counter('llm_d_epp_request_total', { ...router, model_name: 'test-model' }, perMinute(stall.minVolume / 10)),
        counter('llm_d_epp_scheduler_attempts_total', { ...router, status: 'success' }, 0),
      ],
      labels: { namespace: FIXTURE_NAMESPACE },
    },
  };
};

export function routerAlerts(ctx: QueryContext, v: Record<string, AlertValues>): AlertRuleSpec[] {
  return [SCHEDULER_UNHEALTHY, SCHEDULER_STALLED].map((rule) => rule(ctx, v));
}
