/**
 * Validation of the configuration form. Each message says what is wrong and what is accepted, so a user can
 * fix it without reading code. A settings object with any error is never saved.
 */
import type { AppSettings } from './settings';

export interface SettingsErrors {
  datasourceUid?: string;
  role?: string;
  roleLabel?: string;
  rolePrefill?: string;
  roleDecode?: string;
  sloTtftSeconds?: string;
  sloItlSeconds?: string;
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

/**
 * Prometheus matches RE2 regular expressions. JavaScript's engine accepts a superset; reject the constructs
 * RE2 lacks (look-around, back-references) and anything that does not compile.
 */
export function validateRoleRegex(regex: string, role: string): string | undefined {
  if (!regex.trim()) {
    return `Enter a regular expression that matches the label's value on ${role} pods.`;
  }
  if (/\(\?<?[=!]/.test(regex)) {
    return 'Look-ahead and look-behind are not supported by Prometheus (RE2).';
  }
  if (/\\[1-9]/.test(regex)) {
    return 'Back-references are not supported by Prometheus (RE2).';
  }
  if (/[\n\r]/.test(regex)) {
    return 'The expression must be one line.';
  }
  try {
    new RegExp(`^(?:${regex})$`);
  } catch (e) {
    return `Not a valid regular expression: ${(e as Error).message}`;
  }
  if (new RegExp(`^(?:${regex})$`).test('')) {
    return `The ${role} expression matches the empty value, so every pod without the label would count as ${role}.`;
  }
  return undefined;
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
  if (s.datasourceUid !== undefined && !/^[a-zA-Z0-9_\-.]{1,40}$/.test(s.datasourceUid)) {
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
  return errors;
}

export function hasErrors(errors: SettingsErrors): boolean {
  return Object.keys(errors).length > 0;
}
