/**
 * How Grafana's Prometheus data source formats a variable's value into a query (interpolateQueryExpr,
 * with the prometheusSpecialCharsInLabelValues behaviour that current Grafana enables): single values are
 * escaped for a quoted string, multi/All values for a regex alternation inside a quoted string.
 */
export interface VariableShape {
  multi?: boolean;
  includeAll?: boolean;
}

export function regularEscape(value: string): string {
  // A complete label matcher (job="x") is passed through, as Grafana does.
  if (/^\w+(=|!=|=~|!~)".*"$/.test(value)) {
    return value;
  }
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export function regexEscape(value: string): string {
  return value
    .replace(/\\/g, '\\\\\\\\')
    .replace(/"/g, '\\\\\\"')
    .replace(/[$^*{}\[\]'+?.()|]/g, '\\\\$&');
}

export function interpolateQueryExpr(value: string | string[] = [], variable: VariableShape): string {
  if (!variable.multi && !variable.includeAll) {
    return Array.isArray(value) ? value.map(regularEscape).join('|') : regularEscape(value);
  }
  if (typeof value === 'string') {
    return regexEscape(value);
  }
  const escaped = value.map(regexEscape);
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}
