/**
 * The PromQL vocabulary every query builder uses.
 *
 * A thin layer over @grafana/promql-builder (an AST with a printer) that adds what the builders here need:
 * - string arguments of functions are quoted (the library prints `label_replace` arguments bare),
 * - a selector can follow several candidate metric names with `or` (renamed and proposed metrics),
 * - denominators are guarded so "no traffic" reads as no data instead of NaN.
 * Label values are escaped by the library (JSON string escaping is valid PromQL string escaping).
 */
import * as pb from '@grafana/promql-builder';

export type Expr = pb.Builder<pb.Expr>;

export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One label matcher. `value` is the raw value: escaping happens when printed. */
export interface Matcher {
  label: string;
  op: MatchOp;
  value: string;
}

export const eq = (label: string, value: string): Matcher => ({ label, op: '=', value });
export const re = (label: string, value: string): Matcher => ({ label, op: '=~', value });
export const nre = (label: string, value: string): Matcher => ({ label, op: '!~', value });

/** Prints an expression. */
export const print = (e: Expr): string => pb.toString(e.build());

/** A quoted PromQL string literal. */
export const quote = (s: string): string => JSON.stringify(s);

/** Nodes made by raw(): no rule or panel query may hold one (handWrittenParts finds them). */
const HAND_WRITTEN = new WeakSet<pb.Expr>();
/** The operand trees of each printed on() node, so a walk of the tree still reaches them. */
const OPERANDS = new WeakMap<pb.Expr, pb.Expr[]>();

/** An expression printed verbatim: for the few constructs the builder lacks. Keep its text valid PromQL. */
export function raw(text: string): Expr {
  const b = pb.s(text);
  HAND_WRITTEN.add(b.build());
  return b;
}

/** Visits every node of the tree, the operands of on() nodes included. */
function everyNode(e: Expr, visit: (n: pb.Expr) => void): void {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node !== null && typeof node === 'object') {
      const n = node as pb.Expr;
      visit(n);
      OPERANDS.get(n)?.forEach(walk);
      Object.values(n).forEach(walk);
    }
  };
  walk(e.build());
}

/** The texts of raw() nodes anywhere in the tree: empty when every part came from a builder. */
export function handWrittenParts(e: Expr): string[] {
  const out: string[] = [];
  everyNode(e, (n) => {
    if (HAND_WRITTEN.has(n)) {
      out.push((n as pb.StringLiteralExpr).value);
    }
  });
  return out;
}

/** The metric names the tree's selectors select, each once, in the order met. */
export function selectedMetrics(e: Expr): string[] {
  const out = new Set<string>();
  everyNode(e, (n) => {
    if (n.type === 'vectorExpr' && n.metric !== '') {
      out.add(n.metric);
    }
  });
  return [...out];
}

type SetOp = 'and' | 'or' | 'unless';

/**
 * `(a) op on() (b)`: a set operation that ignores every label, so b only asks "is there any series at all".
 * The builder prints an empty on() as a bare `on` before b's parentheses, which PromQL reads as `on(b's text)`
 * (grafana/promql-builder typescript/src/promql/types.gen.ts binaryExprToString, commit
 * dd9335ae7c8b66e27e34eba7d7a6cd372af24086, as shipped in 0.0.6); this node keeps both operand trees and prints
 * them the way the builder prints every other binary operation.
 */
class OnNothing implements pb.Builder<pb.Expr> {
  constructor(
    private readonly op: SetOp,
    private readonly left: Expr,
    private readonly right: Expr
  ) {}

  build(): pb.Expr {
    const left = this.left.build();
    const right = this.right.build();
    const node = pb.s(`(${pb.toString(left)}) ${this.op} on() (${pb.toString(right)})`).build();
    OPERANDS.set(node, [left, right]);
    return node;
  }
}

/** `(a) op on() (b)`: see OnNothing. */
export const onNothing = (op: SetOp, a: Expr, b: Expr): Expr => new OnNothing(op, a, b);

/**
 * `$name`: a Grafana variable that stands for a number (an SLO), interpolated before Prometheus reads the query.
 * The builder's number literal holds only numbers, so this leaf prints the reference itself.
 */
export function numberVariable(name: string): Expr {
  if (!/^\w+$/.test(name)) {
    throw new Error(`not a variable name: ${JSON.stringify(name)}`);
  }
  return pb.s(`$${name}`);
}

/** `vector(n)` of a number the builder cannot hold, e.g. numberVariable(...). */
export const vectorOf = (n: Expr): Expr => new pb.FuncCallExprBuilder().functionVal('vector').arg(n);

/** `metric{matchers}` with an optional range. */
export function selector(metric: string, matchers: Matcher[] = [], range?: string): pb.VectorExprBuilder {
  const v = pb.vector(metric);
  for (const m of matchers) {
    switch (m.op) {
      case '=':
        v.label(m.label, m.value);
        break;
      case '!=':
        v.labelNeq(m.label, m.value);
        break;
      case '=~':
        v.labelMatchRegexp(m.label, m.value);
        break;
      case '!~':
        v.labelNotMatchRegexp(m.label, m.value);
        break;
    }
  }
  if (range) {
    v.range(range);
  }
  return v;
}

/** `a or b or c`: the first expression wins for every label set, so list the preferred name first. */
export function anyOf(exprs: Expr[]): Expr {
  if (exprs.length === 0) {
    throw new Error('anyOf needs at least one expression');
  }
  return exprs.reduceRight((acc, e) => pb.or(e, acc));
}

export const rate = (e: Expr): Expr => pb.rate(e);
export const increase = (e: Expr): Expr => pb.increase(e);

export type AggOp = 'sum' | 'min' | 'max' | 'avg' | 'count' | 'stddev' | 'group';

/** `op by (labels) (e)`; with no labels, `op(e)`. */
export function agg(op: AggOp, by: string[], e: Expr): Expr {
  const a = pb[op](e);
  return by.length > 0 ? a.by(by) : a;
}

export const sumBy = (by: string[], e: Expr): Expr => agg('sum', by, e);

export const topk = (k: number, by: string[], e: Expr): Expr => {
  const a = pb.topk(k, e);
  return by.length > 0 ? a.by(by) : a;
};

export const bottomk = (k: number, by: string[], e: Expr): Expr => {
  const a = pb.bottomk(k, e);
  return by.length > 0 ? a.by(by) : a;
};

export const histogramQuantile = (q: number, e: Expr): Expr => pb.histogramQuantile(q, e);

/** Ascending by value; only an instant query (such as a variable's query_result) keeps the order. */
export const sortAsc = (e: Expr): Expr => pb.sort(e);

/**
 * `histogram_quantile(q, e) >= 0`: the quantile where the window saw observations, absent where it saw none.
 * An idle window gives NaN, which a stat panel would print as "NaN"; every comparison with NaN is false, so the
 * filter drops exactly those series and the panel shows its no-data text instead.
 */
export const observedQuantile = (q: number, e: Expr): Expr => pb.gte(pb.histogramQuantile(q, e), pb.n(0));

export const div = (a: Expr, b: Expr): Expr => pb.div(a, b);
export const mul = (a: Expr, b: Expr): Expr => pb.mul(a, b);
export const add = (a: Expr, b: Expr): Expr => pb.add(a, b);
export const sub = (a: Expr, b: Expr): Expr => pb.sub(a, b);
export const gt = (a: Expr, b: Expr): Expr => pb.gt(a, b);
export const lt = (a: Expr, b: Expr): Expr => pb.lt(a, b);
export const gte = (a: Expr, b: Expr): Expr => pb.gte(a, b);
export const equals = (a: Expr, b: Expr): Expr => pb.eq(a, b);
export const and = (a: Expr, b: Expr): Expr => pb.and(a, b);
export const or = (a: Expr, b: Expr): Expr => pb.or(a, b);
export const unless = (a: Expr, b: Expr): Expr => pb.unless(a, b);
export const num = (n: number): Expr => pb.n(n);

/** `a / (b > 0)`: a ratio that is absent, not NaN or Inf, when the denominator is zero. */
export function ratio(a: Expr, b: Expr): Expr {
  return pb.div(a, pb.gt(b, pb.n(0)));
}

/** `a / on(labels) (b > 0)` for ratios whose sides carry different label sets. */
export function ratioOn(a: Expr, b: Expr, on: string[]): Expr {
  return pb.div(a, pb.gt(b, pb.n(0))).on(on);
}

/** `a / on(labels) group_left() (b > 0)`: each series of a divided by the one series of b that shares `labels`. */
export function ratioGroupLeft(a: Expr, b: Expr, on: string[]): Expr {
  return pb.div(a, pb.gt(b, pb.n(0))).on(on).groupLeft([]);
}

/** `a or on(labels) b`: b's series only where a has none with the same `labels` (a's may carry more labels). */
export function orOn(a: Expr, b: Expr, on: string[]): Expr {
  return pb.or(a, b).on(on);
}

/** `a and on(labels) b`: a's series that have a match in b on `labels`. */
export function andOn(a: Expr, b: Expr, on: string[]): Expr {
  return pb.and(a, b).on(on);
}

/** `a * on(labels) group_left(extra) b`: each series of a gains the `extra` labels of its one match in b. */
export function joinLabels(a: Expr, b: Expr, on: string[], extra: string[]): Expr {
  return pb.mul(a, b).on(on).groupLeft(extra);
}

/** `label_replace(e, dst, replacement, src, regex)` with its string arguments quoted. */
export function labelReplace(e: Expr, dst: string, replacement: string, src: string, regex: string): Expr {
  return pb.labelReplace(e, quote(dst), quote(replacement), quote(src), quote(regex));
}

export const avgOverTime = (e: Expr): Expr => pb.avgOverTime(e);
export const maxOverTime = (e: Expr): Expr => pb.maxOverTime(e);
export const minOverTime = (e: Expr): Expr => pb.minOverTime(e);
export const stddevOverTime = (e: Expr): Expr => pb.stddevOverTime(e);
export const lastOverTime = (e: Expr): Expr => pb.lastOverTime(e);
export const changes = (e: Expr): Expr => pb.changes(e);
export const absent = (e: Expr): Expr => pb.absent(e);
export const clampMax = (e: Expr, max: number): Expr => pb.clampMax(e, max);
export const clampMin = (e: Expr, min: number): Expr => pb.clampMin(e, min);
export const timestamp = (e: Expr): Expr => pb.timestamp(e);
export const time = (): Expr => pb.time();
export const scalarVector = (n: number): Expr => pb.vect(n);

/**
 * A reference line (an SLO, a baseline) drawn only while `data` has series: a constant alone would keep a panel
 * whose data is missing from showing its empty text.
 */
export function whileDataExists(line: Expr, data: Expr): Expr {
  return onNothing('and', line, pb.count(data));
}

/**
 * `(e)[range:step]`: a subquery, for *_over_time of an expression. The step is required: the builder prints a
 * subquery without one as `[range]`, which is not valid PromQL.
 */
export function subquery(e: Expr, range: string, step: string): Expr {
  return pb.subquery(e).range(range).resolution(step);
}
