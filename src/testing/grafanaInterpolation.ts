/**
 * Grafana's variable interpolation for a Prometheus query, transcribed so tests can send exactly what a
 * dashboard would send. Sources (the spec):
 * - grafana/scenes packages/scenes/src/variables/interpolation/sceneInterpolator.ts
 *   @eb13a420ff2b63f3a4f695436023f8c4e768127e: the variable syntax (`$x`, `${x}`, `${x:fmt}`, `[[x]]`),
 *   unknown names left as they are, a function format receiving `{ multi, includeAll }`;
 * - grafana/scenes packages/scenes/src/variables/variants/MultiValueVariable.ts
 *   @54f7b920e63df3f704b26a277acd065d90dadb6b: All with a custom `allValue` is that text, unformatted except
 *   by `text`/`percentencode`, and interpolated again; All without one is every option's value; a current
 *   value that is no option falls back to the first option, and no options with includeAll to All;
 * - grafana/scenes packages/scenes/src/variables/variants/CustomVariable.ts (same tree): options are
 *   `text : value` pairs split on commas not preceded by a backslash;
 * - grafana/scenes packages/scenes/src/variables/interpolation/formatRegistry.ts
 *   @59f4d8432ac7b971fd3d23685aa904412173ff91 and grafana/grafana packages/grafana-data/src/text/string.ts
 *   @ede04418b28e9f03a6f2c51c95cbe8e8026b66a0 (escapeRegex): the named formats;
 * - grafana/grafana packages/grafana-prometheus/src/datasource.ts @012d362d19341918c7424fab9d216fb0a40d99f2
 *   (interpolateQueryExpr, the format used when a query names none) and packages/grafana-prometheus/src/escaping.ts
 *   @057ec1211c72e8a642158fe1fd9eb88b26a2cacb (prometheusRegularEscape, prometheusSpecialRegexEscape, classic and
 *   with the experimental `prometheusSpecialCharsInLabelValues` feature toggle, off by default).
 */

export const ALL_VALUE = '$__all';

/** The scenes VARIABLE_REGEX: `$name`, `[[name:fmt]]`, `${name.path:fmt}`. */
const VARIABLE_REGEX = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)((?:\.[^:^{}[\]]+|\["[^"]*"\]|\['[^']*'\]|\[[^\]"']*\])*)(?::([^}]+))?}/g;

/** A variable as a dashboard holds it at query time. */
export interface ResolvedVariable {
  name: string;
  type: string;
  multi: boolean;
  includeAll: boolean;
  allValue?: string;
  /** Every option's value, what All means without a custom allValue. */
  options: string[];
  /** The selection; `$__all` (alone or in an array) is All. */
  value: string | string[];
}

export interface EscapeMode {
  /** Grafana's experimental `prometheusSpecialCharsInLabelValues` feature toggle. */
  specialCharsInLabelValues: boolean;
}

export const CLASSIC_ESCAPING: EscapeMode = { specialCharsInLabelValues: false };
export const SPECIAL_CHARS_ESCAPING: EscapeMode = { specialCharsInLabelValues: true };

export function prometheusRegularEscape(value: string, mode: EscapeMode): string {
  if (mode.specialCharsInLabelValues) {
    if (/^\w+(=|!=|=~|!~)".*"$/.test(value)) {
      return value;
    }
    return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  }
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
}

export function prometheusSpecialRegexEscape(value: string, mode: EscapeMode): string {
  if (mode.specialCharsInLabelValues) {
    return value
      .replace(/\\/g, '\\\\\\\\')
      .replace(/"/g, '\\\\\\"')
      .replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
  }
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]+?.()|]/g, '\\\\$&');
}

/** The Prometheus data source's format for a variable the query names without one. */
export function interpolateQueryExpr(value: string | string[], variable: { multi: boolean; includeAll: boolean }, mode: EscapeMode): string {
  if (!variable.multi && !variable.includeAll) {
    // The data source hands the array to a string escape, which returns a non-string untouched; the
    // interpolator then joins it with commas.
    return Array.isArray(value) ? String(value) : prometheusRegularEscape(value, mode);
  }
  if (typeof value === 'string') {
    return prometheusSpecialRegexEscape(value, mode);
  }
  const escaped = value.map((v) => prometheusSpecialRegexEscape(v, mode));
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}

const escapeRegex = (value: string): string => value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');

/** The named formats queries here may use. An unknown one fails loudly rather than guessing. */
function namedFormat(format: string, value: string | string[]): string {
  const list = Array.isArray(value) ? value : [value];
  switch (format) {
    case 'raw':
      return String(value);
    case 'pipe':
      return list.join('|');
    case 'csv':
      return list.join(',');
    case 'regex':
      return list.length === 1 && !Array.isArray(value) ? escapeRegex(value) : `(${list.map(escapeRegex).join('|')})`;
    case 'glob':
      return list.length > 1 ? `{${list.join(',')}}` : String(list[0] ?? '');
    case 'text':
      return list.join(' + ');
    default:
      throw new Error(`Variable format ${format} is not transcribed here`);
  }
}

const isAll = (v: string | string[]): boolean => (Array.isArray(v) ? v.includes(ALL_VALUE) : v === ALL_VALUE);

export interface Interpolation {
  text: string;
  /** `$name` references to no variable and no macro (capture references like `$1` excepted). */
  unknown: string[];
}

/**
 * Interpolates `expr` as the Prometheus data source does: `variables` by Grafana's rules, then `macros`
 * (`__rate_interval`, `__range` ...), which the data source supplies as scoped variables.
 */
export function interpolateGrafana(
  expr: string,
  variables: Record<string, ResolvedVariable>,
  macros: Record<string, string>,
  mode: EscapeMode,
  depth = 0
): Interpolation {
  const unknown: string[] = [];
  const text = expr.replace(VARIABLE_REGEX, (match, var1, var2, fmt2, var3, fieldPath, fmt3) => {
    const name: string = var1 || var2 || var3;
    const format: string | undefined = fmt2 || fmt3;
    if (fieldPath) {
      throw new Error(`Field paths (${match}) are not transcribed here`);
    }
    if (name in macros) {
      return macros[name];
    }
    const variable = variables[name];
    if (!variable) {
      if (!/^\d+$/.test(name)) {
        unknown.push(match);
      }
      return match;
    }
    if (isAll(variable.value) && variable.includeAll) {
      if (variable.allValue !== undefined) {
        if (format === 'text') {
          return 'All';
        }
        if (depth > 5) {
          throw new Error(`allValue of ${name} refers to itself`);
        }
        const inner = interpolateGrafana(variable.allValue, variables, macros, mode, depth + 1);
        unknown.push(...inner.unknown);
        return inner.text;
      }
      return format ? namedFormat(format, variable.options) : interpolateQueryExpr(variable.options, variable, mode);
    }
    return format ? namedFormat(format, variable.value) : interpolateQueryExpr(variable.value, variable, mode);
  });
  return { text, unknown };
}

/** A custom variable's options from its `query` text, as scenes' CustomVariable parses them. */
export function customOptions(query: string): Array<{ text: string; value: string }> {
  return (query.match(/(?:\\,|[^,])+/g) ?? []).map((raw) => {
    const text = raw.replace(/\\,/g, ',');
    const pair = /^\s*(.+)\s:\s(.+)$/.exec(text);
    return pair ? { text: pair[1].trim(), value: pair[2].trim() } : { text: text.trim(), value: text.trim() };
  });
}

/** Grafana's variable `regex` ("/re/flags") applied to option texts: non-matching dropped, group 1 is the value. */
export function applyVariableRegex(regex: string | undefined, texts: string[]): string[] {
  if (!regex) {
    return texts;
  }
  const m = /^\/(.*)\/([gimsuy]*)$/s.exec(regex);
  const re = m ? new RegExp(m[1], m[2].replace('g', '')) : new RegExp(regex);
  const out: string[] = [];
  for (const t of texts) {
    const hit = re.exec(t);
    if (hit) {
      out.push(hit[1] ?? hit[0]);
    }
  }
  return [...new Set(out)];
}

/** A variable as dashboard JSON saves it. */
export interface SavedVariable {
  type: string;
  name: string;
  query?: unknown;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  regex?: string;
  current?: { text?: string | string[]; value?: string | string[] };
}

/**
 * A saved variable at its default: the saved current value if it is still an option (or All), else what
 * scenes picks (All when there are no options and All is offered, else the first option).
 */
export function defaultSelection(v: SavedVariable, options: string[]): string | string[] {
  const multi = Boolean(v.multi);
  const current = v.current?.value;
  if (current !== undefined) {
    const values = Array.isArray(current) ? current : [current];
    if (values.includes(ALL_VALUE) && v.includeAll) {
      return multi ? [ALL_VALUE] : ALL_VALUE;
    }
    const valid = values.filter((c) => options.includes(c));
    if (valid.length > 0) {
      return multi ? valid : valid[0];
    }
  }
  if (options.length === 0) {
    return v.includeAll ? ALL_VALUE : multi ? [] : '';
  }
  return multi ? [options[0]] : options[0];
}
