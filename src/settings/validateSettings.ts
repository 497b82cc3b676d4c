/**
 * Validation of the configuration form. Each message says what is wrong and what is accepted, so a user can
 * fix it without reading code. A settings object with any error is never saved.
 */
import { checkRe2 } from './re2';
import type { AppSettings, TraceSettings } from './types';

export interface SettingsErrors {
  datasourceUid?: string;
  role?: string;
  roleLabel?: string;
  rolePrefill?: string;
  roleDecode?: string;
  sloTtftSeconds?: string;
  sloItlSeconds?: string;
  traceDatasource?: string;
  traceServiceName?: string;
  /** Set with either trace error: the trace setting is ignored as a whole. */
  traces?: string;
}

const DATASOURCE_UID = /^[a-zA-Z0-9_\-.]{1,40}$/;

/** A service name goes into a TraceQL string inside a link template: one line, no quotes, no `${`. */
const SERVICE_NAME = /^[^"\\$\x00-\x1f\x7f]{1,200}$/;

function validateTraces(traces: TraceSettings | undefined): Pick<SettingsErrors, 'traceDatasource' | 'traceServiceName'> {
  if (!traces) {
    return {};
  }
  const errors: Pick<SettingsErrors, 'traceDatasource' | 'traceServiceName'> = {};
  if (!DATASOURCE_UID.test(traces.datasourceUid)) {
    errors.traceDatasource = 'A data source uid has at most 40 letters, digits, "-", "_" or ".".';
  }
  // A blank name means "every service", as resolveSettings reads it.
  const named = Boolean(traces.serviceName?.trim());
  if (named && !SERVICE_NAME.test(traces.serviceName!)) {
    errors.traceServiceName = 'The service name is one line of at most 200 characters, without quotes, backslashes or "$".';
  } else if (traces.datasourceType === 'jaeger' && !named) {
    errors.traceServiceName =
      'Jaeger searches one service at a time: enter the service name the vLLM engines report (their OTEL_SERVICE_NAME).';
  }
  return errors;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function validateLabelName(label: string): string | undefined {
  if (!label.trim()) {
    return 'Enter the name of the label that carries the role.';
  }
  if (!LABEL_NAME.test(label)) {
    return `"${label}" is not a Prometheus label name: use letters, digits and underscores, not starting with a digit.`;
  }
  if (label.startsWith('__')) {
    return 'Labels starting with "__" are internal to Prometheus and never reach stored series.';
  }
  return undefined;
}

/** Longer expressions are almost certainly pasted by mistake, and every query repeats them. */
export const MAX_ROLE_REGEX_LENGTH = 500;

/**
 * Prometheus matches RE2 regular expressions, not JavaScript's: the expression is checked with an RE2 parser
 * (./re2.ts), so the form accepts exactly what Prometheus compiles, minus expressions that match the empty
 * value or span lines.
 */
export function validateRoleRegex(regex: string, role: string): string | undefined {
  if (!regex.trim()) {
    return `Enter a regular expression that matches the label's value on ${role} pods.`;
  }
  if (/[\n\r]/.test(regex)) {
    return 'The expression must be one line.';
  }
  if (regex.length > MAX_ROLE_REGEX_LENGTH) {
    return `The expression has ${regex.length} characters; keep it under ${MAX_ROLE_REGEX_LENGTH}.`;
  }
  const re2 = checkRe2(regex);
  if (re2.error) {
    return `Prometheus would refuse this expression (RE2 syntax): ${re2.error}.${hint(regex)}`;
  }
  if (re2.matchesEmpty) {
    return `The ${role} expression matches the empty value, so every pod without the label would count as ${role}.`;
  }
  return undefined;
}

/** A pointer for the JavaScript and PCRE habits RE2 lacks. */
function hint(regex: string): string {
  if (/\(\?<?[=!]/.test(regex)) {
    return ' Look-ahead and look-behind do not exist in RE2.';
  }
  if (/\\[1-9]|\\k</.test(regex)) {
    return ' Back-references do not exist in RE2.';
  }
  return '';
}

function validateSeconds(value: number, what: string): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    return `${what} must be a positive number of seconds.`;
  }
  if (value > 3600) {
    return `${what} above an hour is almost certainly a typo.`;
  }
  return undefined;
}

export function validateSettings(s: AppSettings): SettingsErrors {
  const errors: SettingsErrors = {};
  const roleLabel = validateLabelName(s.role.label);
  const rolePrefill = validateRoleRegex(s.role.prefill, 'prefill');
  const roleDecode = validateRoleRegex(s.role.decode, 'decode');
  if (roleLabel) {
    errors.roleLabel = roleLabel;
  }
  if (rolePrefill) {
    errors.rolePrefill = rolePrefill;
  }
  if (roleDecode) {
    errors.roleDecode = roleDecode;
  }
  if (!rolePrefill && !roleDecode && s.role.prefill === s.role.decode) {
    errors.roleDecode = 'Prefill and decode need different expressions, or every pod gets both roles.';
  }
  if (errors.roleLabel || errors.rolePrefill || errors.roleDecode) {
    errors.role = 'The role mapping is incomplete or invalid.';
  }
  if (s.datasourceUid !== undefined && !DATASOURCE_UID.test(s.datasourceUid)) {
    errors.datasourceUid = 'A data source uid has at most 40 letters, digits, "-", "_" or ".".';
  }
  const ttft = validateSeconds(s.sloTtftSeconds, 'The TTFT target');
  const itl = validateSeconds(s.sloItlSeconds, 'The inter-token latency target');
  if (ttft) {
    errors.sloTtftSeconds = ttft;
  }
  if (itl) {
    errors.sloItlSeconds = itl;
  }
  const traces = validateTraces(s.traces);
  if (traces.traceDatasource || traces.traceServiceName) {
    Object.assign(errors, traces, { traces: 'The trace data source setting is invalid.' });
  }
  return errors;
}

export function hasErrors(errors: SettingsErrors): boolean {
  return Object.keys(errors).length > 0;
}
