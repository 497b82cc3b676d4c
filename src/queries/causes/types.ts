/** What a cause is: its name (as the simulator's /truth uses it), how it is scored and where to look. */
import { Signal } from '../signals/signals';
import { Expr } from '../promql';
import { CauseContext } from './window';

export type CauseName =
  | 'rebalance'
  | 'expert_imbalance'
  | 'dbo_fallout'
  | 'straggler'
  | 'nixl'
  | 'kv_pressure'
  | 'routing'
  | 'target_down'
  | 'gpu'
  | 'demand';

export interface Cause {
  name: CauseName;
  title: string;
  /** One sentence: what a high score means and which evidence raised it. */
  explanation: string;
  /** One series (or several, reduced by max) valued 0..1; absent when the evidence is not exported. */
  score: (c: CauseContext) => Expr;
  /** Signals whose presence means the cause can be judged; none present is reported as "no evidence". */
  evidence: Signal[];
  /** The app page (route) that shows the evidence. */
  page: string;
}
