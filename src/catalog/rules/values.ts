/**
 * The tunable parts of the alert rules: each alert's threshold, minimum traffic, `for` and `keep_firing_for`,
 * and the base URL runbook links start with. Defaults follow the seeds' alert tables where they give a number
 * (seed 002, seed 003) and otherwise this project's reasoning, named per parameter in `origin`; docs/alerts.md
 * lists them all. `scripts/generate-rules.ts --values <file.yaml>` overrides any subset; the promtool tests are
 * generated for the values chosen, so they prove the rules as deployed.
 *
 * `keep_firing_for` is in Prometheus' rule format since 2.42.0 (prometheus/prometheus model/rulefmt/rulefmt.go
 * @ 01bfd185bf835bca9987b5a4cb2ec7b789c07070, `KeepFiringFor`); promtool 2.42.0, which refuses unknown rule
 * fields, accepts it (tests/rules/rules.test.ts runs it on the generated files).
 */
import { parse } from 'yaml';

export interface Tunable<T> {
  value: T;
  /** Where the default comes from: "seed 002", "seed 003" or "this project: <why>". */
  origin: string;
}

export interface AlertDefaults {
  /** The number the expression compares with, in `unit`. */
  threshold?: Tunable<number> & { unit: string };
  /** Traffic below which the ratio is not judged (a few requests make any ratio), in `unit`. */
  minVolume?: Tunable<number> & { unit: string };
  for: Tunable<string>;
  /** How long a firing alert stays firing after the condition clears, for conditions that flap. */
  keepFiringFor?: Tunable<string>;
}

/** Resolved values of one alert, as the rule builders use them. */
export interface AlertValues {
  threshold: number;
  minVolume: number;
  for: string;
  keepFiringFor?: string;
}

/** Where the Kubernetes manifests go and what they watch (deploy/kubernetes). */
export interface KubernetesValues {
  /** Namespace of the manifests (kustomization `namespace`): where kube-prometheus-stack runs. */
  namespace: string;
  /** Namespaces whose pods the PodMonitors scrape: only these, never every tenant's. */
  workloadNamespaces: string[];
  /** The `release` label kube-prometheus-stack's ruleSelector / podMonitorSelector match (its Helm release name). */
  release: string;
  /** Secret (key `token`) with a bearer token for the EPP's /metrics, which checks one unless run with --metrics-endpoint-auth=false. */
  eppMetricsTokenSecret?: string;
}

export interface RuleValues {
  alerts: Record<string, AlertValues>;
  /** Absolute URL of the folder holding docs/runbooks.md, ending in "/". */
  runbookBaseUrl: string;
  kubernetes: KubernetesValues;
}

export const DEFAULT_KUBERNETES: KubernetesValues = {
  namespace: 'monitoring',
  workloadNamespaces: ['llm-d'],
  release: 'kube-prometheus-stack',
};

const PROJECT = 'this project';
const SEED_002 = 'seed 002';
const SEED_003 = 'seed 003';
/**
 * Why the TTFT defaults are not the seed's: with P/D, decode TTFT includes the queue, the remote prefill and
 * the KV transfer; the simulated healthy fleet (steady-pd) has a p99 near 2 s, so 300/500 ms would page all
 * day (tests/integration/alerts.test.ts). deploy/rule-values.seed-003.yaml applies the seed's numbers.
 */
const TTFT_WHY = 'would fire on a healthy P/D fleet, whose decode TTFT includes the remote prefill and KV transfer (p99 near 2 s); deploy/rule-values.seed-003.yaml applies it';

/**
 * Grafana serves the plugin's files (the build ships docs/ in dist/docs) under its root URL; Grafana's default
 * root_url is http://localhost:3000/. Set runbookBaseUrl to your Grafana's address so Alertmanager and chat
 * links open.
 */
export const DEFAULT_RUNBOOK_BASE_URL = 'http://localhost:3000/public/plugins/llmd-fleet-app/';

export const ALERT_DEFAULTS: Record<string, AlertDefaults> = {
  VllmTtftP99High: {
    threshold: { value: 3, unit: 's', origin: `${PROJECT}: ${SEED_003}'s 300 ms ${TTFT_WHY}` },
    for: { value: '10m', origin: `${PROJECT}: a warning waits out a load spike` },
  },
  VllmTtftP99Critical: {
    threshold: { value: 10, unit: 's', origin: `${PROJECT}: ${SEED_003}'s 500 ms ${TTFT_WHY}` },
    for: { value: '5m', origin: `${PROJECT}: long enough to skip one slow batch` },
  },
  VllmInterTokenLatencyHigh: {
    threshold: { value: 0.25, unit: 's', origin: `${PROJECT}: 4 tokens/s per stream is visibly slow streaming` },
    for: { value: '10m', origin: `${PROJECT}: a warning waits out a load spike` },
  },
  VllmE2eLatencyP95High: {
    threshold: { value: 180, unit: 's', origin: `${PROJECT}: grows with output length; tune to the workload` },
    for: { value: '15m', origin: `${PROJECT}: e2e latency moves slowly with the output mix` },
  },
  VllmRequestsQueued: {
    threshold: { value: 10, unit: 'requests', origin: `${PROJECT}: a few waiting requests are normal under batching` },
    for: { value: '10m', origin: `${PROJECT}: a warning waits out a load spike` },
  },
  VllmKvCachePressure: {
    threshold: { value: 0.9, unit: 'fraction', origin: `${PROJECT}: vLLM starts preempting close to full` },
    for: { value: '15m', origin: `${PROJECT}: a full cache is normal at peak; a sustained one is not` },
  },
  VllmKvCacheExhausted: {
    threshold: { value: 0.98, unit: 'fraction', origin: `${PROJECT}: effectively full` },
    for: { value: '2m', origin: `${SEED_003} (KV exhausted for 2m)` },
    keepFiringFor: { value: '5m', origin: `${PROJECT}: usage hovers around full under preemption` },
  },
  VllmPreemptions: {
    threshold: { value: 0.1, unit: 'preemptions/s', origin: `${PROJECT}: one every 10 s recomputes noticeable work` },
    for: { value: '15m', origin: `${PROJECT}: isolated preemptions are harmless` },
  },
  VllmErrorRateHigh: {
    threshold: { value: 0.05, unit: 'fraction', origin: `${PROJECT}: clients retry a few failures` },
    minVolume: { value: 0.1, unit: 'requests/s', origin: `${PROJECT}: 30 requests per 5-minute window` },
    for: { value: '3m', origin: `${SEED_003} (request failures for 3m)` },
    keepFiringFor: { value: '5m', origin: `${PROJECT}: failures come in bursts` },
  },
  VllmNoEngineMetrics: {
    for: { value: '5m', origin: `${PROJECT}: longer than a rolling restart's gap` },
  },
  VllmTargetDown: {
    for: { value: '5m', origin: `${PROJECT}: longer than a pod restart` },
  },
  VllmPrefixCacheHitRateLow: {
    threshold: { value: 0.2, unit: 'fraction', origin: `${SEED_003} (cache hit rate < 20 %; ${SEED_002} has < 30 %)` },
    minVolume: { value: 1000, unit: 'query tokens/s', origin: `${PROJECT}: an idle prefill pool has no meaningful hit rate` },
    for: { value: '30m', origin: `${PROJECT}: the hit rate follows the traffic mix slowly` },
  },
  VllmSpecDecodeAcceptanceLow: {
    threshold: { value: 0.5, unit: 'fraction', origin: `${SEED_003} (speculative acceptance < 50 %)` },
    minVolume: { value: 10, unit: 'draft tokens/s', origin: `${PROJECT}: a few drafts make any acceptance rate` },
    for: { value: '10m', origin: `${SEED_003} (for 10m)` },
  },
  SchedulerUnhealthy: {
    for: { value: '2m', origin: `${PROJECT}: the router cannot route at all; page quickly` },
    keepFiringFor: { value: '5m', origin: `${PROJECT}: endpoints flap while pods restart` },
  },
  SchedulerStalled: {
    minVolume: { value: 0.1, unit: 'requests/s', origin: `${PROJECT}: seed 003 names a scheduler stall alert without numbers; 30 requests per 5 minutes` },
    for: { value: '5m', origin: `${PROJECT}: longer than an EPP restart` },
  },
  PdDecodeRecomputingPrefill: {
    for: { value: '10m', origin: `${PROJECT}: a warning waits out a burst of decode-only requests` },
  },
  PdKvTransferShareLow: {
    threshold: { value: 0.8, unit: 'fraction', origin: `${PROJECT}: with P/D nearly every prompt token should arrive by transfer` },
    minVolume: { value: 100, unit: 'prompt tokens/s', origin: `${PROJECT}: idle decode pods have no meaningful share` },
    for: { value: '15m', origin: `${PROJECT}: short decode-only bursts are normal` },
  },
  NixlTransferFailures: {
    threshold: { value: 0.02, unit: 'fraction', origin: `${PROJECT}: transfers retry rarely; 2 % is a broken link` },
    minVolume: { value: 1, unit: 'transfers/s', origin: `${PROJECT}: 300 transfers per 5-minute window, so 2 % is at least 6 failures` },
    for: { value: '5m', origin: `${PROJECT}: long enough to skip one reconnect` },
    keepFiringFor: { value: '10m', origin: `${PROJECT}: failures come in bursts while a link flaps` },
  },
  NixlKvExpired: {
    threshold: { value: 0.01, unit: 'requests/s', origin: `${PROJECT}: any steady expiry means decode cannot keep up` },
    for: { value: '10m', origin: `${PROJECT}: isolated expiries are harmless` },
  },
  NixlTransferLatencyHigh: {
    threshold: { value: 0.5, unit: 's', origin: `${PROJECT}: an RDMA transfer of one prompt's KV takes milliseconds` },
    for: { value: '15m', origin: `${PROJECT}: a warning waits out a load spike` },
  },
  PdRoleImbalance: {
    threshold: { value: 10, unit: 'waiting requests per engine', origin: `${PROJECT}: clear queueing on one side while the other idles (< 1)` },
    for: { value: '15m', origin: `${PROJECT}: replica ratios change slowly` },
  },
  PdPrefillQueueSaturated: {
    threshold: { value: 2, unit: 's', origin: `${PROJECT}: longer than a typical prefill` },
    for: { value: '10m', origin: `${PROJECT}: a warning waits out a load spike` },
  },
  PdDecodeKvCacheCritical: {
    threshold: { value: 0.93, unit: 'fraction', origin: `${PROJECT}: full enough that preemption starts` },
    for: { value: '5m', origin: `${PROJECT}: preempting decode pods hurt every stream` },
  },
  PdDeferredRequestsPiling: {
    threshold: { value: 10, unit: 'requests', origin: `${PROJECT}: a few requests wait for KV normally` },
    for: { value: '10m', origin: `${PROJECT}: a warning waits out a load spike` },
  },
  EplbBalancednessLow: {
    threshold: { value: 0.5, unit: 'mean/max', origin: `${PROJECT}: the busiest rank carries twice the mean` },
    for: { value: '15m', origin: `${PROJECT}: outlasts a rebalance` },
  },
  EplbRebalanceStuck: {
    for: { value: '10m', origin: `${PROJECT}: a rearrangement takes seconds` },
  },
  EplbRearrangementsTooFrequent: {
    threshold: { value: 1 / 30, unit: 'rearrangements/s', origin: `${PROJECT}: more than two a minute costs more than it balances` },
    for: { value: '30m', origin: `${PROJECT}: EPLB settles after a traffic change` },
  },
  EplbRearrangementSlow: {
    threshold: { value: 30, unit: 's', origin: `${PROJECT}: serving stalls while experts move` },
    for: { value: '5m', origin: `${PROJECT}: one evaluation window of slow rearrangements` },
  },
  DboFalloutHigh: {
    threshold: { value: 0.25, unit: 'fraction', origin: `${PROJECT}: a quarter of steps without overlap loses most of DBO's gain` },
    minVolume: { value: 1, unit: 'steps/s', origin: `${PROJECT}: a few steps make any fallout share` },
    for: { value: '15m', origin: `${PROJECT}: fallout follows batch sizes, which follow load` },
    keepFiringFor: { value: '10m', origin: `${PROJECT}: batch sizes swing around the DBO threshold` },
  },
  DpRankStraggler: {
    threshold: { value: 0.7, unit: 'slowest/mean', origin: `${PROJECT}: a rank at 70 % holds its EP group back` },
    minVolume: { value: 1, unit: 'tokens/s per rank', origin: `${PROJECT}: idle ranks are all equally slow` },
    for: { value: '15m', origin: `${PROJECT}: outlasts a rebalance` },
  },
  ExpertDebugMetricsEnabled: {
    for: { value: '1h', origin: `${PROJECT}: an investigation takes under an hour` },
  },
  GpuXidError: {
    for: { value: '0m', origin: `${PROJECT}: a new XID is an event; it fires on the first evaluation that sees it` },
    keepFiringFor: { value: '30m', origin: `${PROJECT}: the event leaves the 10-minute window; keep it visible while someone looks` },
  },
  GpuTemperatureHigh: {
    threshold: { value: 85, unit: '°C', origin: `${PROJECT}: data-center GPUs throttle from about 85 °C` },
    for: { value: '10m', origin: `${PROJECT}: a warning waits out a load spike` },
    keepFiringFor: { value: '5m', origin: `${PROJECT}: temperature hovers around the threshold` },
  },
  GpuFramebufferNearlyFull: {
    threshold: {
      value: 0.97,
      unit: 'fraction',
      origin: `${PROJECT}: vLLM preallocates 90 % of the framebuffer (gpu_memory_utilization), so ${SEED_002}'s > 90 % would fire on every healthy GPU`,
    },
    for: { value: '15m', origin: `${PROJECT}: a warning waits out a load spike` },
  },
  GpuIdleWhileRequestsWait: {
    threshold: { value: 5, unit: '% utilisation', origin: `${PROJECT}: an engine with work is never this idle (with > 5 requests waiting)` },
    for: { value: '10m', origin: `${PROJECT}: longer than a model load or a rebalance` },
  },
};

/** The values the committed files are generated with. */
export function defaultRuleValues(): RuleValues {
  const alerts: Record<string, AlertValues> = {};
  for (const [name, d] of Object.entries(ALERT_DEFAULTS)) {
    alerts[name] = {
      threshold: d.threshold?.value ?? 0,
      minVolume: d.minVolume?.value ?? 0,
      for: d.for.value,
      ...(d.keepFiringFor ? { keepFiringFor: d.keepFiringFor.value } : {}),
    };
  }
  return { alerts, runbookBaseUrl: DEFAULT_RUNBOOK_BASE_URL, kubernetes: { ...DEFAULT_KUBERNETES, workloadNamespaces: [...DEFAULT_KUBERNETES.workloadNamespaces] } };
}

const DURATION = /^\d+[smhd]$/;

/**
 * A values file (YAML) over the defaults:
 *   runbookBaseUrl: https://grafana.example.com/public/plugins/llmd-fleet-app/
 *   alerts:
 *     VllmTtftP99Critical: { threshold: 2, for: 5m }
 *   kubernetes: { namespace: monitoring, workloadNamespaces: [llm-d], release: prometheus }
 * Every mistake is reported with its path; nothing is applied unless all of it is valid.
 */
export function parseRuleValues(yamlText: string, source = 'values file'): RuleValues {
  let doc: unknown;
  try {
    doc = parse(yamlText) ?? {};
  } catch (e) {
    throw new Error(`${source} is not YAML: ${(e as Error).message}`);
  }
  const values = defaultRuleValues();
  const errors: string[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new Error(`${source} must be a mapping with "alerts", "runbookBaseUrl" and/or "kubernetes"`);
  }
  const { alerts, runbookBaseUrl, kubernetes, ...rest } = doc as Record<string, unknown>;
  for (const key of Object.keys(rest)) {
    errors.push(`unknown key "${key}" (use "alerts", "runbookBaseUrl" or "kubernetes")`);
  }
  if (kubernetes !== undefined) {
    errors.push(...applyKubernetes(values, kubernetes));
  }
  if (runbookBaseUrl !== undefined) {
    const problem = runbookBaseUrlProblem(runbookBaseUrl);
    if (problem) {
      errors.push(`runbookBaseUrl: ${problem}`);
    } else {
      values.runbookBaseUrl = runbookBaseUrl as string;
    }
  }
  if (alerts !== undefined) {
    if (typeof alerts !== 'object' || alerts === null || Array.isArray(alerts)) {
      errors.push('alerts must be a mapping from alert name to its values');
    } else {
      for (const [name, given] of Object.entries(alerts as Record<string, unknown>)) {
        errors.push(...applyAlert(values, name, given));
      }
    }
  }
  if (errors.length > 0) {
    throw new Error(`${source}:\n  ${errors.join('\n  ')}`);
  }
  return values;
}

function runbookBaseUrlProblem(url: unknown): string | undefined {
  if (typeof url !== 'string') {
    return 'must be a string';
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not an absolute URL (Alertmanager and chat cannot resolve a relative link)`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `"${url}" must use http or https`;
  }
  return url.endsWith('/') ? undefined : `"${url}" must end with "/" (docs/runbooks.md is appended)`;
}

function applyAlert(values: RuleValues, name: string, given: unknown): string[] {
  const defaults = ALERT_DEFAULTS[name];
  if (!defaults) {
    return [`alerts.${name}: no such alert (known: ${Object.keys(ALERT_DEFAULTS).join(', ')})`];
  }
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    return [`alerts.${name} must be a mapping of threshold, minVolume, for, keepFiringFor`];
  }
  const errors: string[] = [];
  const target = values.alerts[name];
  for (const [key, v] of Object.entries(given as Record<string, unknown>)) {
    const path = `alerts.${name}.${key}`;
    if (key === 'threshold' || key === 'minVolume') {
      if (!defaults[key]) {
        errors.push(`${path}: ${name} has no ${key}`);
      } else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        errors.push(`${path}: ${JSON.stringify(v)} is not a non-negative number (${defaults[key]!.unit})`);
      } else {
        target[key] = v;
      }
    } else if (key === 'for' || key === 'keepFiringFor') {
      if (typeof v !== 'string' || !DURATION.test(v)) {
        errors.push(`${path}: ${JSON.stringify(v)} is not a duration such as 30s, 5m, 1h`);
      } else if (key === 'for') {
        target.for = v;
      } else {
        target.keepFiringFor = /^0[smhd]$/.test(v) ? undefined : v;
      }
    } else {
      errors.push(`${path}: unknown key (use threshold, minVolume, for, keepFiringFor)`);
    }
  }
  return errors;
}

/** A Kubernetes namespace name (RFC 1123 label). */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A label value. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

function applyKubernetes(values: RuleValues, given: unknown): string[] {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    return ['kubernetes must be a mapping of namespace, workloadNamespaces, release, eppMetricsTokenSecret'];
  }
  const errors: string[] = [];
  const k = values.kubernetes;
  for (const [key, v] of Object.entries(given as Record<string, unknown>)) {
    const path = `kubernetes.${key}`;
    if (key === 'namespace' || key === 'eppMetricsTokenSecret') {
      if (typeof v !== 'string' || !NAMESPACE.test(v)) {
        errors.push(`${path}: ${JSON.stringify(v)} is not a Kubernetes name (lower-case letters, digits, "-")`);
      } else {
        k[key] = v;
      }
    } else if (key === 'workloadNamespaces') {
      if (!Array.isArray(v) || v.length === 0 || !v.every((n) => typeof n === 'string' && NAMESPACE.test(n))) {
        errors.push(`${path}: must be a non-empty list of namespace names; the PodMonitors scrape only these`);
      } else {
        k.workloadNamespaces = v as string[];
      }
    } else if (key === 'release') {
      if (typeof v !== 'string' || !v || !LABEL_VALUE.test(v)) {
        errors.push(`${path}: ${JSON.stringify(v)} is not a label value`);
      } else {
        k.release = v;
      }
    } else {
      errors.push(`${path}: unknown key (use namespace, workloadNamespaces, release, eppMetricsTokenSecret)`);
    }
  }
  return errors;
}
