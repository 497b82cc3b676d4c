/**
 * Alert and recording rule templates: the one source every rule format is generated from (Prometheus rule
 * files, the Kubernetes PrometheusRule, Grafana-managed rules, promtool tests, the runbook and the Alerts page).
 * Expressions are the query builders' trees, printed only by those writers: a hand-written string does not type-check.
 */
import type { QueryContext } from '../../queries/context';
import type { Expr } from '../../queries/promql';
import type { AlertValues } from './values';

/** Critical alerts page someone; warnings open a ticket. */
export type Severity = 'critical' | 'warning';

export type RuleGroupId = 'serving' | 'pd' | 'wideep' | 'gpu';

/** One promtool input series: `metric{labels}` and its expanding notation (`0+10x60`). */
export interface InputSeries {
  series: string;
  values: string;
}

/** Series shaped like a simulator scenario, sampled every minute, under which the alert fires or stays silent. */
export interface AlertTest {
  firing: InputSeries[];
  silent: InputSeries[];
  /** Labels the firing alert carries besides alertname and severity. */
  labels: Record<string, string>;
  /** For ratio alerts: the firing ratio on traffic under the minimum volume, where the alert must stay silent. */
  lowVolume?: InputSeries[];
}

export interface Runbook {
  /** What the alert means. */
  meaning: string;
  /** How to confirm it (pages, queries). */
  confirm: string;
  /** What to do. */
  action: string;
}

export interface AlertRuleSpec {
  /** The alertname, CamelCase; also the runbook anchor (lower-cased). */
  name: string;
  severity: Severity;
  /** PromQL that returns one series per thing in trouble. */
  expr: Expr;
  /** How long the condition must hold before the alert fires. */
  for: string;
  /** How long the alert keeps firing after the condition clears (Prometheus 2.42+), for conditions that flap. */
  keepFiringFor?: string;
  /** One line; may name `{{ $labels.x }}` of the series. */
  summary: string;
  /** What to do, in one or two sentences. */
  description: string;
  runbook: Runbook;
  test: AlertTest;
}

/** One alert rule: its spec for a query context (role mapping, rule window) and the chosen values. */
export type AlertRule = (ctx: QueryContext, v: Record<string, AlertValues>) => AlertRuleSpec;

export interface AlertGroupSpec {
  id: RuleGroupId;
  /** Rule group name in Prometheus and Grafana. */
  name: string;
  title: string;
  rules: AlertRuleSpec[];
}

export interface RecordingRuleSpec {
  /** `level:metric:operations`. */
  record: string;
  expr: Expr;
  /** What the series holds, for pages and docs. */
  help: string;
  /** Constant labels the rule adds (the info series of recorded mode). */
  labels?: Record<string, string>;
}

/** One recording rule: its spec for a query context. */
export type RecordingRule = (ctx: QueryContext) => RecordingRuleSpec;
