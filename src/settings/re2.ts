/**
 * RE2 syntax as Prometheus compiles it: Go's regexp/syntax with the Perl flags (PerlX, UnicodeGroups,
 * ClassNL, OneLine). JavaScript's engine accepts escapes RE2 refuses (`\u0070`, `\e`, `\cA`, `\k<a>`, `[^]`)
 * and refuses syntax RE2 accepts (`(?i)`, `\Q…\E`, `[[:alpha:]]`, `\z`), so the form checks the expression
 * with this parser instead. It only decides "would Prometheus compile this?" and "can it match the empty
 * value?"; it builds no matcher.
 *
 * Transcribed from golang/go src/regexp/syntax/parse.go @ 9cf37f752a7aaca2c0eca582b15843dea531da39
 * (parse, parsePerlFlags, parseRepeat, parseInt, repeatIsValid, parseEscape, parseClass, parseNamedClass,
 * parseUnicodeClass), restricted to Go 1.19/1.20 behaviour, the toolchain Prometheus 2.42 is built with:
 * `(?<name>` is refused there (Go 1.22 added it). Prometheus 2.42 compiles a matcher twice: the expression
 * alone and wrapped as `^(?:…)$` (model/labels/regexp.go, NewFastRegexMatcher); both must succeed, so `\Qa`
 * (its `\Q` swallows the wrapper's `)`) and `a)|(b` (balanced only once wrapped) are refused. Later releases
 * parse the expression alone (prometheus/prometheus model/labels/regexp.go @ 00461aca541af854644b7787e9f673d2ef67fe65),
 * which accepts a superset, so what passes here passes there too. tests/rules/roleRegex.test.ts checks a case
 * table against promtool.
 */

export interface Re2Result {
  /** Why Prometheus would refuse the expression, undefined when it compiles. */
  error?: string;
  /** True when the expression can match the empty string (zero-width assertions count as matching). */
  matchesEmpty: boolean;
}

/** Unicode general categories Go's unicode.Categories knows (\p{L}, \pL, …). */
const CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' ')
);

const POSIX_CLASSES = new Set(
  'alnum alpha ascii blank cntrl digit graph lower print punct space upper word'.split(' ')
);

const MAX_REPEAT = 1000;

class Re2Error extends Error {}

/** A script name Go's unicode.Scripts knows: Go uses the long Unicode names (Greek, Old_Italic, Han). */
function isScriptName(name: string): boolean {
  if (!/^[A-Z][A-Za-z_]*$/.test(name)) {
    return false;
  }
  try {
    new RegExp(`\\p{Script=${name}}`, 'u');
  } catch {
    return false;
  }
  // The engine also accepts four-letter ISO 15924 aliases (Grek); Go knows only long names, a few of
  // which have four letters.
  return name.length !== 4 || FOUR_LETTER_SCRIPTS.has(name);
}

const FOUR_LETTER_SCRIPTS = new Set(['Ahom', 'Cham', 'Lisu', 'Modi', 'Newa', 'Thai']);

interface Node {
  nullable: boolean;
  /** Largest product of nested {n,m} counts below and including this node (Go's repeatIsValid). */
  repeatWeight: number;
}

const ZERO_WIDTH: Node = { nullable: true, repeatWeight: 1 };
const CHAR: Node = { nullable: false, repeatWeight: 1 };

/** Parses one RE2 expression. */
export function checkRe2(source: string): Re2Result {
  const alone = parse(source);
  if (alone.error) {
    return alone;
  }
  const anchored = parse(`^(?:${source})$`);
  if (anchored.error) {
    return { error: `${anchored.error}, once anchored as ^(?:…)$`, matchesEmpty: false };
  }
  return alone;
}

function parse(source: string): Re2Result {
  try {
    return { matchesEmpty: new Parser(Array.from(source)).parseAll().nullable };
  } catch (e) {
    if (e instanceof Re2Error) {
      return { error: e.message, matchesEmpty: false };
    }
    throw e;
  }
}

class Parser {
  private i = 0;

  constructor(private readonly s: string[]) {}

  private peek(offset = 0): string | undefined {
    return this.s[this.i + offset];
  }

  private fail(what: string, from: number): never {
    throw new Re2Error(`${what}: \`${this.s.slice(from, this.i + 1).join('')}\``);
  }

  parseAll(): Node {
    const node = this.alternation();
    if (this.i < this.s.length) {
      this.fail('unexpected )', this.i);
    }
    return node;
  }

  /** alternation := concat ('|' concat)*; stops at ')' or the end. */
  private alternation(): Node {
    const branches = [this.concat()];
    while (this.peek() === '|') {
      this.i++;
      branches.push(this.concat());
    }
    return {
      nullable: branches.some((b) => b.nullable),
      repeatWeight: Math.max(...branches.map((b) => b.repeatWeight)),
    };
  }

  private concat(): Node {
    const items: Node[] = [];
    /** The previous token was a repetition operator: RE2 refuses stacking them (`a**`). */
    let lastRepeat = false;
    while (this.i < this.s.length && this.peek() !== '|' && this.peek() !== ')') {
      const start = this.i;
      const c = this.peek()!;
      if (c === '*' || c === '+' || c === '?' || (c === '{' && this.braceRepeat() !== undefined)) {
        const counts = c === '{' ? this.braceRepeat()! : undefined;
        if (counts) {
          this.i = counts.end;
          if (counts.min < 0 || counts.min > MAX_REPEAT || counts.max > MAX_REPEAT || (counts.max >= 0 && counts.min > counts.max)) {
            this.i--;
            this.fail('invalid repeat count', start);
          }
        } else {
          this.i++;
        }
        if (this.peek() === '?') {
          this.i++;
        }
        if (lastRepeat) {
          this.i--;
          this.fail('invalid nested repetition operator', start);
        }
        if (items.length === 0) {
          this.i--;
          this.fail('missing argument to repetition operator', start);
        }
        const sub = items.pop()!;
        if (counts) {
          const m = counts.max === 0 ? 0 : counts.max < 0 ? counts.min : counts.max;
          const weight = m > 0 ? sub.repeatWeight * m : sub.repeatWeight;
          if ((counts.min >= 2 || counts.max >= 2) && weight > MAX_REPEAT) {
            this.i--;
            this.fail('invalid repeat count', start);
          }
          items.push({ nullable: counts.min === 0 || sub.nullable, repeatWeight: weight });
        } else {
          items.push({ nullable: c !== '+' || sub.nullable, repeatWeight: sub.repeatWeight });
        }
        lastRepeat = true;
        continue;
      }
      lastRepeat = false;
      switch (c) {
        case '(': {
          const group = this.group();
          if (group) {
            items.push(group);
          }
          break;
        }
        case '[':
          this.charClass();
          items.push(CHAR);
          break;
        case '^':
        case '$':
          this.i++;
          items.push(ZERO_WIDTH);
          break;
        case '\\':
          items.push(...this.escapeAtom());
          break;
        default:
          this.i++;
          items.push(CHAR);
      }
    }
    return {
      nullable: items.every((n) => n.nullable),
      repeatWeight: Math.max(1, ...items.map((n) => n.repeatWeight)),
    };
  }

  /** `{n}`, `{n,}`, `{n,m}` at the cursor, or undefined when the brace is a literal. */
  private braceRepeat(): { min: number; max: number; end: number } | undefined {
    let j = this.i + 1;
    const int = (): number | undefined => {
      const from = j;
      while (j < this.s.length && /[0-9]/.test(this.s[j])) {
        j++;
      }
      const digits = this.s.slice(from, j).join('');
      if (!digits || (digits.length >= 2 && digits[0] === '0')) {
        return undefined;
      }
      return digits.length > 8 ? -1 : Number(digits);
    };
    let min = int();
    if (min === undefined || j >= this.s.length) {
      return undefined;
    }
    let max = min;
    if (this.s[j] === ',') {
      j++;
      if (j >= this.s.length) {
        return undefined;
      }
      if (this.s[j] === '}') {
        max = -1;
      } else {
        const m = int();
        if (m === undefined) {
          return undefined;
        }
        max = m;
        if (m < 0) {
          min = -1;
        }
      }
    }
    if (this.s[j] !== '}') {
      return undefined;
    }
    return { min, max, end: j + 1 };
  }

  /** A group at `(`; undefined for a flags-only group such as `(?i)`, which adds no item. */
  private group(): Node | undefined {
    const start = this.i;
    this.i++;
    if (this.peek() === '?') {
      if (this.peek(1) === 'P' && this.peek(2) === '<') {
        const close = this.s.indexOf('>', this.i);
        const name = close < 0 ? '' : this.s.slice(this.i + 3, close).join('');
        if (close < 0 || !/^[A-Za-z0-9_]+$/.test(name)) {
          this.i = close < 0 ? this.s.length - 1 : close;
          this.fail('invalid named capture', start);
        }
        this.i = close + 1;
      } else {
        this.i++;
        let sign = 1;
        let sawFlag = false;
        for (;;) {
          const f = this.peek();
          if (f === 'i' || f === 'm' || f === 's' || f === 'U') {
            sawFlag = true;
            this.i++;
          } else if (f === '-' && sign > 0) {
            sign = -1;
            sawFlag = false;
            this.i++;
          } else if ((f === ':' || f === ')') && (sign > 0 || sawFlag)) {
            this.i++;
            if (f === ')') {
              return undefined;
            }
            break;
          } else {
            this.fail('invalid or unsupported Perl syntax', start);
          }
        }
      }
    }
    const inner = this.alternation();
    if (this.peek() !== ')') {
      this.i = this.s.length - 1;
      this.fail('missing closing )', start);
    }
    this.i++;
    return inner;
  }

  /** `\…` outside a class: assertions, \Q…\E, \p{…}, \d-style classes or a single escaped character. */
  private escapeAtom(): Node[] {
    const start = this.i;
    const next = this.peek(1);
    if (next === 'A' || next === 'z' || next === 'b' || next === 'B') {
      this.i += 2;
      return [ZERO_WIDTH];
    }
    if (next === 'C') {
      this.i++;
      this.fail('invalid escape sequence', start);
    }
    if (next === 'Q') {
      this.i += 2;
      const literal: Node[] = [];
      while (this.i < this.s.length && !(this.peek() === '\\' && this.peek(1) === 'E')) {
        literal.push(CHAR);
        this.i++;
      }
      if (this.i < this.s.length) {
        this.i += 2;
      }
      return literal;
    }
    if (this.unicodeClass() || this.perlClass()) {
      return [CHAR];
    }
    this.escapeChar();
    return [CHAR];
  }

  /** `\pL`, `\p{Greek}`, `\P{^Lu}`…; false when the cursor is not at one. */
  private unicodeClass(): boolean {
    const start = this.i;
    if (this.peek() !== '\\' || (this.peek(1) !== 'p' && this.peek(1) !== 'P')) {
      return false;
    }
    this.i += 2;
    let name: string;
    if (this.peek() === '{') {
      const close = this.s.indexOf('}', this.i);
      if (close < 0) {
        this.i = this.s.length - 1;
        this.fail('invalid character class range', start);
      }
      name = this.s.slice(this.i + 1, close).join('');
      this.i = close;
    } else {
      if (this.peek() === undefined) {
        this.i--;
        this.fail('invalid character class range', start);
      }
      name = this.peek()!;
    }
    if (name.startsWith('^')) {
      name = name.slice(1);
    }
    if (name !== 'Any' && !CATEGORIES.has(name) && !isScriptName(name)) {
      this.fail('invalid character class range', start);
    }
    this.i++;
    return true;
  }

  private perlClass(): boolean {
    if (this.peek() === '\\' && 'dDsSwW'.includes(this.peek(1) ?? '')) {
      this.i += 2;
      return true;
    }
    return false;
  }

  /** A single escaped character (Go's parseEscape); returns its code point. */
  private escapeChar(): number {
    const start = this.i;
    this.i++;
    const c = this.peek();
    if (c === undefined) {
      this.i--;
      this.fail('trailing backslash at end of expression', start);
    }
    this.i++;
    if (/^[0-7]$/.test(c)) {
      if (c !== '0' && !/^[0-7]$/.test(this.peek() ?? '')) {
        this.i--;
        this.fail('invalid escape sequence', start);
      }
      let value = Number(c);
      for (let k = 1; k < 3 && /^[0-7]$/.test(this.peek() ?? ''); k++) {
        value = value * 8 + Number(this.peek());
        this.i++;
      }
      return value;
    }
    if (c === 'x') {
      if (this.peek() === '{') {
        this.i++;
        let value = 0;
        let digits = 0;
        while (this.peek() !== '}') {
          const h = this.peek();
          if (h === undefined || !/^[0-9A-Fa-f]$/.test(h) || (value = value * 16 + parseInt(h, 16)) > 0x10ffff) {
            this.i = Math.min(this.i, this.s.length - 1);
            this.fail('invalid escape sequence', start);
          }
          digits++;
          this.i++;
        }
        if (digits === 0) {
          this.fail('invalid escape sequence', start);
        }
        this.i++;
        return value;
      }
      const hex = `${this.peek() ?? ''}${this.peek(1) ?? ''}`;
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        this.i = Math.min(this.i + 1, this.s.length - 1);
        this.fail('invalid escape sequence', start);
      }
      this.i += 2;
      return parseInt(hex, 16);
    }
    const controls: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (c in controls) {
      return controls[c];
    }
    const code = c.codePointAt(0)!;
    if (code < 0x80 && !/^[A-Za-z0-9]$/.test(c)) {
      return code;
    }
    this.i--;
    this.fail('invalid escape sequence', start);
  }

  /** `[…]` at the cursor (Go's parseClass). */
  private charClass(): void {
    const start = this.i;
    this.i++;
    if (this.peek() === '^') {
      this.i++;
    }
    let first = true;
    while (this.peek() !== ']' || first) {
      first = false;
      if (this.peek() === undefined) {
        this.i = this.s.length - 1;
        this.fail('missing closing ]', start);
      }
      if (this.peek() === '[' && this.peek(1) === ':') {
        const rest = this.s.slice(this.i + 2).join('');
        const end = rest.indexOf(':]');
        if (end >= 0) {
          const name = rest.slice(0, end);
          const count = Array.from(name).length;
          if (!POSIX_CLASSES.has(name.replace(/^\^/, ''))) {
            this.i += count + 3;
            this.fail('invalid character class range', this.i - count - 3);
          }
          this.i += count + 4;
          continue;
        }
      }
      if (this.unicodeClass() || this.perlClass()) {
        continue;
      }
      const rangeStart = this.i;
      const lo = this.classChar(start);
      if (this.peek() === '-' && this.peek(1) !== undefined && this.peek(1) !== ']') {
        this.i++;
        const hi = this.classChar(start);
        if (hi < lo) {
          this.i--;
          this.fail('invalid character class range', rangeStart);
        }
      }
    }
    this.i++;
  }

  private classChar(classStart: number): number {
    const c = this.peek();
    if (c === undefined) {
      this.i = this.s.length - 1;
      this.fail('missing closing ]', classStart);
    }
    if (c === '\\') {
      return this.escapeChar();
    }
    this.i++;
    return c.codePointAt(0)!;
  }
}
