/** The TraceQL grammar helper reports what Grafana's TraceQL parser rejects, and accepts what it reads. */
import { traceqlStrings, traceqlSyntaxErrors } from './traceqlGrammar';

describe('traceqlSyntaxErrors', () => {
  it('accepts span selections with attributes, comparisons and select()', () => {
    expect(traceqlSyntaxErrors('{ name = "llm_request" && span.gen_ai.latency.time_to_first_token > 2 }')).toEqual([]);
    expect(traceqlSyntaxErrors('{ resource.service.name = "a\\"b" } | select(span.x, span.y)')).toEqual([]);
  });

  it('reports unbalanced braces, a dangling operator and an unterminated string', () => {
    expect(traceqlSyntaxErrors('{ name = "llm_request" ')).not.toEqual([]);
    expect(traceqlSyntaxErrors('{ span.x > }')).not.toEqual([]);
    expect(traceqlSyntaxErrors('{ name = "llm_request }')).not.toEqual([]);
  });

  it('reads string literals back unescaped', () => {
    expect(traceqlStrings('{ name = "llm_request" && resource.service.name = "a\\"b\\\\c" }')).toEqual([
      'llm_request',
      'a"b\\c',
    ]);
  });
});
