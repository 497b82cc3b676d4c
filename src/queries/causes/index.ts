/**
 * "Why did throughput drop?": every candidate cause, scored 0..1 in PromQL from evidence over a window against
 * a baseline. One query returns one series per cause (label `cause`, and `evidence` = present or missing), so
 * the Overview table, the app's scene and the tests read the same expression.
 */
import { QueryContext } from '../context';
import { agg, anyOf, Expr, labelReplace, mul, num, or, scalarVector, selector } from '../promql';
import { DBO_FALLOUT } from './dboFallout';
import { DEMAND } from './demand';
import { EXPERT_IMBALANCE } from './expertImbalance';
import { GPU } from './gpu';
import { KV_PRESSURE } from './kvPressure';
import { NIXL } from './nixl';
import { REBALANCE } from './rebalance';
import { ROUTING } from './routing';
import { STRAGGLER } from './straggler';
import { TARGET_DOWN } from './targetDown';
import { Cause, CauseName } from './types';
import { CauseContext, CauseWindow, DASHBOARD_WINDOW } from './window';
import { gauge, rateOf } from '../select';
import * as pb from '@grafana/promql-builder';

export const CAUSES: Cause[] = [
  REBALANCE,
  EXPERT_IMBALANCE,
  DBO_FALLOUT,
  STRAGGLER,
  NIXL,
  KV_PRESSURE,
  ROUTING,
  TARGET_DOWN,
  GPU,
  DEMAND,
];

export const CAUSE_LABEL = 'cause';
export const EVIDENCE_LABEL = 'evidence';

export function findCause(name: string): Cause | undefined {
  return CAUSES.find((c) => c.name === name);
}

function tagged(e: Expr, cause: CauseName, evidence: 'present' | 'missing'): Expr {
  return labelReplace(labelReplace(e, CAUSE_LABEL, cause, '', ''), EVIDENCE_LABEL, evidence, '', '');
}

/** Any series of the cause's evidence signals, however the deployment names them (DCGM unfiltered). */
function evidencePresent(c: CauseContext, cause: Cause): Expr {
  const one = cause.evidence.map((s) => {
    if (s.requires === 'dcgm' || s.requires === 'epp') {
      return anyOf(s.names.map((n) => selector(n.name, s.requires === 'epp' ? c.ctx.router : [])));
    }
    if (s.type === 'histogram') {
      return rateOf({ ...c.ctx, window: c.window.range }, s, [], '_count');
    }
    return s.type === 'counter' ? rateOf({ ...c.ctx, window: c.window.range }, s) : gauge(c.ctx, s);
  });
  return agg('count', [], anyOf(one.map((e) => agg('count', [], e))));
}

/**
 * One cause's row: its score clamped to 0..1 with evidence="present"; 0 with evidence="present" when the
 * evidence exists but says nothing (e.g. no baseline yet); 0 with evidence="missing" when none is exported.
 */
export function causeRow(c: CauseContext, cause: Cause): Expr {
  const score = tagged(pb.clamp(cause.score(c), 0, 1), cause.name, 'present');
  const quiet = tagged(mul(evidencePresent(c, cause), num(0)), cause.name, 'present');
  const missing = tagged(scalarVector(0), cause.name, 'missing');
  return pb.or(pb.or(score, quiet).on([CAUSE_LABEL]), missing).on([CAUSE_LABEL]);
}

/** Every cause's row joined by `or`: the "Likely causes" query. */
export function likelyCauses(ctx: QueryContext, window: CauseWindow = DASHBOARD_WINDOW): Expr {
  const c: CauseContext = { ctx, window };
  return CAUSES.map((cause) => causeRow(c, cause)).reduce((acc, row) => or(acc, row));
}

/** One cause's score alone (0..1, absent without evidence), e.g. to open one cause in Explore. */
export function causeScore(ctx: QueryContext, cause: Cause, window: CauseWindow = DASHBOARD_WINDOW): Expr {
  return pb.clamp(cause.score({ ctx, window }), 0, 1);
}

export type { Cause, CauseName } from './types';
export type { CauseWindow } from './window';
export { DASHBOARD_WINDOW } from './window';
export { outputTokensPerSecond } from './throughput';
