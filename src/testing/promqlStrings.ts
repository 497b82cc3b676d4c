/**
 * The string literals of a PromQL expression that Prometheus compiles as regular expressions: the values of
 * `=~` / `!~` matchers and label_replace's last argument. The grammar (lezer-promql) accepts any escape in a
 * string and any text as a regex; Prometheus does not, so tests check these separately.
 */
import { parser } from '@prometheus-io/lezer-promql';

type SyntaxNode = ReturnType<ReturnType<typeof parser.parse>['resolve']>;

/**
 * A PromQL string literal's value, as Prometheus' lexer reads it (Go's strconv.Unquote): backquotes are raw,
 * quotes allow Go's escapes only. Throws on an escape Prometheus refuses.
 */
export function unquotePromql(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') {
    return body;
  }
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
  simple[quote] = quote;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const hex = (n: number) => {
      const digits = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) {
        throw new Error(`invalid escape \\${e}${digits} in ${literal}`);
      }
      i += n;
      return String.fromCodePoint(parseInt(digits, 16));
    };
    if (e in simple) {
      out += simple[e];
    } else if (e === 'x') {
      out += hex(2);
    } else if (e === 'u') {
      out += hex(4);
    } else if (e === 'U') {
      out += hex(8);
    } else if (/[0-7]/.test(e) && /^[0-7]{2}$/.test(body.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      throw new Error(`invalid escape \\${e ?? ''} in ${literal}`);
    }
  }
  return out;
}

/** Every string literal of `expr` (raw text, quotes included), and those compiled as regular expressions. */
export function promqlStrings(expr: string): { all: string[]; regexes: string[] } {
  const all: string[] = [];
  const regexes: string[] = [];
  const text = (n: SyntaxNode | null) => (n ? expr.slice(n.from, n.to) : '');
  parser.parse(expr).iterate({
    enter: (ref) => {
      const node = ref.node;
      if (ref.name === 'StringLiteral') {
        all.push(text(node));
      } else if (ref.name === 'UnquotedLabelMatcher' || ref.name === 'QuotedLabelMatcher') {
        const op = node.getChild('MatchOp')?.firstChild?.name;
        if (op === 'EqlRegex' || op === 'NeqRegex') {
          regexes.push(text(node.getChild('StringLiteral')));
        }
      } else if (ref.name === 'FunctionCall' && node.getChild('FunctionIdentifier')?.firstChild?.name === 'LabelReplace') {
        const args = node.getChild('FunctionCallBody')?.getChildren('StringLiteral') ?? [];
        if (args.length > 0) {
          regexes.push(text(args[args.length - 1]));
        }
      }
    },
  });
  return { all, regexes };
}
