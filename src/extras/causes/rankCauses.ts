/**
 * The Likely causes query's frames → one ranked line per cause: score, whether its evidence exists, what it
 * means and the page that shows it. Causes the query did not return are listed as "no answer" rather than hidden.
 */
import { DataFrame, FieldType } from '@grafana/data';
import { Cause, CAUSE_LABEL, CAUSES, EVIDENCE_LABEL } from '../../queries/causes';

/** Below this a score is noise (docs/causes.md). */
export const LIKELY_THRESHOLD = 0.3;

export type Evidence = 'present' | 'missing' | 'no-answer';

export interface RankedCause {
  cause: Cause;
  score: number;
  evidence: Evidence;
  likely: boolean;
}

function readScores(frames: DataFrame[]): Map<string, { score: number; evidence: Evidence }> {
  const scores = new Map<string, { score: number; evidence: Evidence }>();
  for (const frame of frames) {
    for (const field of frame.fields) {
      const name = field.labels?.[CAUSE_LABEL];
      if (field.type !== FieldType.number || !name) {
        continue;
      }
      const last = field.values[field.values.length - 1];
      if (typeof last === 'number' && Number.isFinite(last)) {
        scores.set(name, {
          score: last,
          evidence: field.labels?.[EVIDENCE_LABEL] === 'missing' ? 'missing' : 'present',
        });
      }
    }
  }
  return scores;
}

/** Highest score first; ties keep the catalog's order; unanswered causes last. */
export function rankCauses(frames: DataFrame[]): RankedCause[] {
  const scores = readScores(frames);
  return CAUSES.map((cause) => {
    const s = scores.get(cause.name);
    const score = s?.score ?? 0;
    const evidence: Evidence = s?.evidence ?? 'no-answer';
    return { cause, score, evidence, likely: evidence === 'present' && score > LIKELY_THRESHOLD };
  }).sort((a, b) => Number(b.evidence === 'present') - Number(a.evidence === 'present') || b.score - a.score);
}
