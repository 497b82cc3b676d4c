/**
 * Test helpers: substitute variables with sample values already formatted as the Prometheus data source would
 * format them, then parse with Prometheus' own grammar (@prometheus-io/lezer-promql) and report syntax errors.
 * `interpolate` does not apply Grafana's rules (formats, All, escaping) itself: the values below are its
 * output. Tests of saved dashboards use grafanaInterpolation.ts, which does.
 */
import { parser } from '@prometheus-io/lezer-promql';

/** Sample values for every variable the queries use; some are hostile on purpose. */
export const SAMPLE_VARIABLES: Record<string, string> = {
  __rate_interval: '1m',
  __interval: '15s',
  __range: '1h',
  datasource: 'prometheus',
  // What the data source makes of a multi-value selection with a dot, quotes and parentheses.
  model: '(deepseek\\\\.ai/DeepSeek-V3|model\\\\\\"quoted\\\\\\"\\\\(x\\\\))',
  namespace: 'llm-d',
  pod: '.*',
  engine: '(0|1)',
  layer: '3',
  hostname: 'node-0',
  role_label: 'llm_d_ai_role',
  role_affix: '.*',
  role: '(prefill|decode)',
  slo_ttft: '2',
  slo_itl: '0.1',
  'role:pipe': 'prefill|decode',
  // The recorded-mode gate (src/queries/recorded.ts) as its query finds the rules.
  recorded: 'recorded',
};

export function interpolate(expr: string, values: Record<string, string> = SAMPLE_VARIABLES): string {
  return expr.replace(/\$\{([a-zA-Z0-9_]+(?::[a-z]+)?)\}|\$([a-zA-Z0-9_]+)/g, (whole, braced, plain) => {
    const name = braced ?? plain;
    // `$1` is a label_replace capture reference; Grafana leaves names with no variable untouched.
    if (/^\d+$/.test(name)) {
      return whole;
    }
    if (!(name in values)) {
      throw new Error(`No sample value for variable ${whole} in: ${expr}`);
    }
    return values[name];
  });
}

/** Syntax errors of a PromQL expression, with their position; empty when it parses. */
export function promqlSyntaxErrors(expr: string): string[] {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(`at ${node.from}: …${expr.slice(Math.max(0, node.from - 20), node.from + 20)}…`);
      }
    },
  });
  return errors;
}
