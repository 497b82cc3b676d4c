/**
 * Bounding a chart of one line per GPU or per engine. Such a chart returns series × steps points (64 engines over
 * an hour at 15 s: 15,424 a query), so a fleet page passes any sane budget; the few worst at each step are what an
 * SRE reads. topk/bottomk in a range query choose per step: a series that becomes the worst at any instant is drawn
 * from that instant on, and the query returns at most k × steps points.
 */
import { bottomk, Expr, or, topk } from './promql';

/** Lines a bounded chart draws at each instant. */
export const WORST_LINES = 8;

/**
 * Which end of a quantity shows trouble: the highest (heat, errors, a queue, a saturated link), the lowest (a
 * throttled clock) or both (utilization, power, memory: a series far from its peers either way).
 */
export type WorstRank = 'highest' | 'lowest' | 'both';

/** The `k` worst series of `e` at each step by `rank` (for `both`, k/2 from each end). */
export function worstAtEachStep(e: Expr, rank: WorstRank, k: number = WORST_LINES): Expr {
  if (rank === 'highest') {
    return topk(k, [], e);
  }
  if (rank === 'lowest') {
    return bottomk(k, [], e);
  }
  const half = Math.max(1, Math.floor(k / 2));
  return or(topk(half, [], e), bottomk(half, [], e));
}

/** The sentence a bounded chart's description carries: what it draws and where every series is. */
export function worstNote(rank: WorstRank, what: string, k: number = WORST_LINES): string {
  const drawn = rank === 'both' ? `the ${k / 2} highest and ${k / 2} lowest ${what}` : `the ${k} ${rank} ${what}`;
  return `Draws ${drawn} at each instant (every one on small fleets).`;
}
