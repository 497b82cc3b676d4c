/** Command-line options: defaults, parsing and validation. Bad input raises UsageError with one clear line. */
import { DEFAULT_PROFILE, PROFILE_NAMES } from './profiles';
import { SCENARIO_NAMES } from './scenarios';
import { seriesBudgetProblem } from './seriesBudget';

export interface Options {
  port: number;
  host: string;
  profile: string;
  scenario: string;
  seed: number;
  models: string[];
  namespace: string;
  prefillPods: number;
  decodePods: number;
  enginesPerPod: number;
  layers: number;
  experts: number;
  redundantExperts: number;
  gpusPerNode: number;
  nodes?: number;
  expertDebug: boolean;
  expertDebugDuration?: number;
  loadWave: number;
  wavePeriod: number;
  eplbStepInterval: number;
  /** Unset: the profile's (hostname for current dcgm-exporter, Hostname for older). */
  dcgmHostnameLabel?: 'Hostname' | 'hostname';
  /** SGLang P/D transfer metrics: histograms (current releases) or gauges (older). */
  sglangTransferMetrics: 'histogram' | 'gauge';
  scrapeTimeoutPod?: string;
  sdHost?: string;
  help: boolean;
}

export class UsageError extends Error {}

export const DEFAULT_OPTIONS: Options = {
  port: 9400,
  host: '127.0.0.1',
  profile: DEFAULT_PROFILE,
  scenario: 'steady-pd',
  seed: 1,
  models: ['deepseek-ai/DeepSeek-V3'],
  namespace: 'llm-d',
  prefillPods: 2,
  decodePods: 2,
  enginesPerPod: 2,
  layers: 8,
  experts: 32,
  redundantExperts: 4,
  gpusPerNode: 4,
  expertDebug: false,
  loadWave: 0.2,
  wavePeriod: 300,
  eplbStepInterval: 60,
  sglangTransferMetrics: 'histogram',
  help: false,
};

interface FlagSpec {
  key: keyof Options;
  kind: 'int' | 'number' | 'string' | 'bool' | 'list';
  help: string;
  min?: number;
  max?: number;
}

export const FLAGS: Record<string, FlagSpec> = {
  '--port': { key: 'port', kind: 'int', min: 0, max: 65535, help: 'port to listen on (default 9400; 0 = any free port)' },
  '--host': { key: 'host', kind: 'string', help: 'address to bind (default 127.0.0.1; 0.0.0.0 in containers)' },
  '--profile': { key: 'profile', kind: 'string', help: `which families the fleet exposes (default ${DEFAULT_PROFILE}; see below)` },
  '--scenario': { key: 'scenario', kind: 'string', help: 'scenario at start (default steady-pd; see below)' },
  '--seed': { key: 'seed', kind: 'int', min: 0, max: 2 ** 31, help: 'seed for every deterministic draw (default 1)' },
  '--model': { key: 'models', kind: 'list', help: 'served model name; repeat or comma-separate (default deepseek-ai/DeepSeek-V3)' },
  '--namespace': { key: 'namespace', kind: 'string', help: 'Kubernetes namespace of the simulated pods (default llm-d)' },
  '--prefill-pods': { key: 'prefillPods', kind: 'int', min: 0, max: 512, help: 'prefill pods per model (default 2)' },
  '--decode-pods': { key: 'decodePods', kind: 'int', min: 1, max: 512, help: 'decode pods per model (default 2)' },
  '--engines-per-pod': { key: 'enginesPerPod', kind: 'int', min: 1, max: 16, help: 'data-parallel engines per pod, one GPU each (default 2)' },
  '--layers': { key: 'layers', kind: 'int', min: 1, max: 128, help: 'MoE layers (default 8; DeepSeek-V3 has 58 of 61)' },
  '--experts': { key: 'experts', kind: 'int', min: 2, max: 1024, help: 'logical experts per layer (default 32; DeepSeek-V3 has 256)' },
  '--redundant-experts': { key: 'redundantExperts', kind: 'int', min: 0, max: 1024, help: 'redundant (replicated) expert slots per EP group (default 4)' },
  '--gpus-per-node': { key: 'gpusPerNode', kind: 'int', min: 1, max: 16, help: 'GPUs per node (default 4)' },
  '--nodes': { key: 'nodes', kind: 'int', min: 1, max: 4096, help: 'nodes (default: as many as the pods need)' },
  '--expert-debug': { key: 'expertDebug', kind: 'bool', help: 'emit the per-expert DEBUG load gauge (layers x experts series)' },
  '--expert-debug-duration': { key: 'expertDebugDuration', kind: 'number', min: 1, help: 'seconds after which the DEBUG gauge switches itself off' },
  '--load-wave': { key: 'loadWave', kind: 'number', min: 0, max: 1, help: 'amplitude of the load wave, 0..1 (default 0.2; 0 = constant rates)' },
  '--wave-period': { key: 'wavePeriod', kind: 'number', min: 1, help: 'period of the load wave in seconds (default 300)' },
  '--eplb-step-interval': { key: 'eplbStepInterval', kind: 'number', min: 1, help: 'seconds between EPLB rebalances (default 60)' },
  '--dcgm-hostname-label': { key: 'dcgmHostnameLabel', kind: 'string', help: 'DCGM host label: Hostname (dcgm-exporter before #655) or hostname (default: the profile\'s)' },
  '--sglang-transfer-metrics': { key: 'sglangTransferMetrics', kind: 'string', help: 'sglang profile: KV transfer metrics as histogram (current) or gauge (older releases)' },
  '--scrape-timeout-pod': { key: 'scrapeTimeoutPod', kind: 'string', help: 'pod that stops answering in the pod-down scenario (default: the last decode pod)' },
  '--sd-host': { key: 'sdHost', kind: 'string', help: 'host:port that /sd puts in targets (default: the Host header of the /sd request)' },
  '--help': { key: 'help', kind: 'bool', help: 'print this help' },
};

/** Parses argv (without node and script) into validated options. */
export function parseOptions(argv: string[]): Options {
  const options: Options = { ...DEFAULT_OPTIONS, models: [...DEFAULT_OPTIONS.models] };
  let modelsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      options.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = FLAGS[flag];
    if (!spec) {
      throw new UsageError(`unknown argument "${arg}" (see --help)`);
    }
    if (spec.kind === 'bool') {
      if (eq > 0) {
        const text = arg.slice(eq + 1);
        if (text !== 'true' && text !== 'false') {
          throw new UsageError(`${flag} takes no value or true/false, got "${text}"`);
        }
        (options[spec.key] as boolean) = text === 'true';
      } else {
        (options[spec.key] as boolean) = true;
      }
      continue;
    }
    let text: string | undefined;
    if (eq > 0) {
      text = arg.slice(eq + 1);
    } else {
      text = argv[++i];
      if (text === undefined || (text.startsWith('--') && text.length > 2)) {
        throw new UsageError(`${flag} needs a value`);
      }
    }
    if (spec.kind === 'list') {
      const names = text.split(',').map((s) => s.trim()).filter(Boolean);
      if (names.length === 0) {
        throw new UsageError(`${flag} needs a non-empty value`);
      }
      options.models = modelsGiven ? [...options.models, ...names] : names;
      modelsGiven = true;
    } else if (spec.kind === 'string') {
      if (text.trim() === '') {
        throw new UsageError(`${flag} needs a non-empty value`);
      }
      (options[spec.key] as string) = text;
    } else {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) {
        throw new UsageError(`${flag} must be a number, got "${text}"`);
      }
      if (spec.kind === 'int' && !Number.isInteger(value)) {
        throw new UsageError(`${flag} must be an integer, got "${text}"`);
      }
      if (spec.min !== undefined && value < spec.min) {
        throw new UsageError(`${flag} must be at least ${spec.min}, got ${text}`);
      }
      if (spec.max !== undefined && value > spec.max) {
        throw new UsageError(`${flag} must be at most ${spec.max}, got ${text}`);
      }
      (options[spec.key] as number) = value;
    }
  }
  validate(options);
  return options;
}

function validate(options: Options): void {
  if (!SCENARIO_NAMES.includes(options.scenario)) {
    throw new UsageError(`unknown scenario "${options.scenario}"; choose one of: ${SCENARIO_NAMES.join(', ')}`);
  }
  if (!(PROFILE_NAMES as readonly string[]).includes(options.profile)) {
    throw new UsageError(`unknown profile "${options.profile}"; choose one of: ${PROFILE_NAMES.join(', ')}`);
  }
  if (options.sglangTransferMetrics !== 'histogram' && options.sglangTransferMetrics !== 'gauge') {
    throw new UsageError(`--sglang-transfer-metrics must be histogram or gauge, got "${options.sglangTransferMetrics}"`);
  }
  if (options.dcgmHostnameLabel !== undefined && options.dcgmHostnameLabel !== 'Hostname' && options.dcgmHostnameLabel !== 'hostname') {
    throw new UsageError(`--dcgm-hostname-label must be Hostname or hostname, got "${options.dcgmHostnameLabel}"`);
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(options.namespace)) {
    throw new UsageError(`--namespace must be a Kubernetes name (lower-case letters, digits, '-'), got "${options.namespace}"`);
  }
  const unique = new Set(options.models);
  if (unique.size !== options.models.length) {
    throw new UsageError('--model names must be distinct');
  }
  if (options.sdHost !== undefined && !/^[^\s/:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(options.sdHost)) {
    throw new UsageError(`--sd-host must be host:port, got "${options.sdHost}"`);
  }
  if (options.expertDebugDuration !== undefined && !options.expertDebug) {
    throw new UsageError('--expert-debug-duration needs --expert-debug');
  }
  const tooLarge = seriesBudgetProblem(options);
  if (tooLarge) {
    throw new UsageError(tooLarge);
  }
}

/** The --help text: every flag, then every scenario. */
export function helpText(scenarios: Array<{ name: string; summary: string }>, profiles: Array<{ name: string; summary: string }> = []): string {
  const lines = [
    'llm-d fleet simulator: vLLM, llm-d router and DCGM metrics for a simulated P/D + wide-EP deployment.',
    '',
    'Usage: npm run sim -- [flags]',
    '',
    'Flags:',
  ];
  for (const [flag, spec] of Object.entries(FLAGS)) {
    const value = spec.kind === 'bool' ? '' : spec.kind === 'list' ? ' <name>' : ` <${spec.kind === 'string' ? 'text' : 'n'}>`;
    lines.push(`  ${(flag + value).padEnd(30)} ${spec.help}`);
  }
  lines.push('', 'Profiles:');
  for (const profile of profiles) {
    lines.push(`  ${profile.name.padEnd(30)} ${profile.summary}`);
  }
  lines.push('', 'Scenarios:');
  for (const scenario of scenarios) {
    lines.push(`  ${scenario.name.padEnd(30)} ${scenario.summary}`);
  }
  lines.push(
    '',
    'Endpoints: /sd?kind=vllm|dcgm|epp|all (Prometheus http_sd), /pods/<pod>/metrics, /nodes/<node>/dcgm/metrics,',
    '/epp/metrics, /truth, /scenario (GET; POST {"scenario":..} as application/json to switch), /healthz.'
  );
  return lines.join('\n');
}
