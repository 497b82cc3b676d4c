/**
 * routing: the router sends requests decode-only, so decode pods compute prompts they should receive by KV
 * transfer. Scored from decode's locally computed share of prompt tokens and from the router's decode-only share.
 */
import { SIGNALS } from '../signals/signals';
import { DECISION_LABEL } from '../pd/router';
import { onRole } from '../pd/scope';
import { anyOf, eq, rate, ratio, selector, sumBy } from '../promql';
import { Cause } from './types';
import { CauseContext, rateIn, scale, strongest } from './window';

const MODEL = ['namespace', 'model_name'];
/**
 * The router's label value for a request sent to decode alone: llm-d/llm-d-inference-scheduler,
 * pkg/metrics/metrics.go @ 4128dc60ff67f0121aa201108bdc2e47a4c441ea (DecisionTypeDecodeOnly).
 */
const DECODE_ONLY = 'decode-only';

function decisions(c: CauseContext, decision?: string) {
  const extra = decision ? [eq(DECISION_LABEL, decision)] : [];
  return anyOf(
    SIGNALS.pdDecisions.names.map((n) =>
      sumBy(['model_name'], rate(selector(n.name, [...c.ctx.router, ...extra], c.window.range)))
    )
  );
}

export const ROUTING: Cause = {
  name: 'routing',
  title: 'Routing: decode computes prompts',
  explanation:
    "Decode's locally computed share of prompt tokens (15 % or more scores 1), or the router's decode-only share of requests (25 % or more scores 1).",
  score: (c) => {
    const decode = { ...c, ctx: onRole(c.ctx, 'decode') };
    const local = sumBy(MODEL, rateIn(decode, SIGNALS.promptTokensBySource, [eq('source', 'local_compute')]));
    const all = sumBy(MODEL, rateIn(decode, SIGNALS.promptTokensBySource));
    return strongest([
      scale(ratio(local, all), 0.02, 0.15),
      scale(ratio(decisions(c, DECODE_ONLY), decisions(c)), 0.02, 0.25),
    ]);
  },
  evidence: [SIGNALS.promptTokensBySource, SIGNALS.pdDecisions],
  page: 'prefill-decode',
};
