/**
 * Test helper: syntax errors of a TraceQL query, from Grafana's own TraceQL grammar (@grafana/lezer-traceql, the
 * parser Grafana's Tempo query editor uses). Variables such as `${slo_ttft}` must be filled first (interpolate in
 * promqlGrammar.ts), as Grafana fills them before Tempo sees the query.
 */
import { parser } from '@grafana/lezer-traceql';

/** Syntax errors of a TraceQL query, with their position; empty when it parses. */
export function traceqlSyntaxErrors(query: string): string[] {
  const errors: string[] = [];
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(`at ${node.from}: …${query.slice(Math.max(0, node.from - 20), node.from + 20)}…`);
      }
    },
  });
  return errors;
}

/** The values of a TraceQL query's string literals, unescaped (`\"` and `\\`, the escapes the links write), in order. */
export function traceqlStrings(query: string): string[] {
  const values: string[] = [];
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.name === 'String') {
        values.push(query.slice(node.from + 1, node.to - 1).replace(/\\(.)/g, '$1'));
      }
    },
  });
  return values;
}
