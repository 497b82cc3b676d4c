/**
 * The role regex validator against Prometheus' own parser: each case goes into a matcher of a recording rule
 * and `promtool check rules` (Prometheus 2.42, the Debian build) says whether it compiles. The validator must
 * agree on every case: what Prometheus accepts the form accepts, and nothing else.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRe2 } from '../../src/settings/re2';
import { validateRoleRegex } from '../../src/settings/validateSettings';
import { roleOptions } from '../../src/catalog/variableSpecs';

/** [regex, what it exercises]. */
const CASES: Array<[string, string]> = [
  ['prefill', 'plain literal'],
  ['.*-prefill-.*', 'preset pattern'],
  ['(?i)prefill', 'flags group, refused by the JavaScript engine'],
  ['(?i:pre)fill', 'flags on a group'],
  ['(?i-s:p.)refill', 'flag negation'],
  ['(?)prefill', 'empty flags group'],
  ['(?-)prefill', 'negation without a flag'],
  ['(?i-)prefill', 'trailing negation'],
  ['(?x)prefill', 'unknown flag'],
  ['(?P<r>prefill)', 'named capture'],
  ['(?P<>prefill)', 'empty capture name'],
  ['(?<r>prefill)', 'named capture without P (Go 1.22+)'],
  ['(?=p)prefill', 'look-ahead'],
  ['(?<!x)prefill', 'look-behind'],
  ['(p)\\1', 'back-reference'],
  ['\\u0070refill', '\\u escape'],
  ['\\eprefill', '\\e escape'],
  ['\\cAprefill', 'control escape'],
  ['\\k<a>prefill', 'named back-reference'],
  ['[^]prefill', 'JavaScript any-character class'],
  ['[]a]prefill', '] first in a class'],
  ['[^]a]prefill', '] first in a negated class'],
  ['[a-]prefill', '- last in a class'],
  ['[z-a]prefill', 'reversed range'],
  ['[[:alpha:]]+', 'POSIX class'],
  ['[[:^digit:]]+', 'negated POSIX class'],
  ['[[:word]]x', 'unterminated POSIX name is literal'],
  ['[[:foo:]]x', 'unknown POSIX class'],
  ['[\\d-]x', 'Perl class in a class'],
  ['[\\b]x', 'backspace in a class'],
  ['\\pLrefill', 'one-letter Unicode class'],
  ['\\p{Greek}x', 'Unicode script'],
  ['\\p{^Greek}x', 'negated Unicode script'],
  ['\\p{Grek}x', 'ISO 15924 alias'],
  ['\\p{Letter}x', 'long category name'],
  ['\\p{Nope}x', 'unknown class'],
  ['\\PLx', 'negated one-letter class'],
  ['\\p{Lx', 'unterminated class'],
  ['\\Qa.b\\Ex', 'quoted literal'],
  ['\\Qa.b', 'quoted literal to the end'],
  ['x\\z', 'end of text'],
  ['x\\Z', '\\Z is Perl only'],
  ['\\Ax', 'start of text'],
  ['\\bx\\B', 'word boundaries'],
  ['\\Cx', 'any byte'],
  ['\\x41x', 'two-digit hex'],
  ['\\x4x', 'short hex'],
  ['\\x{41}x', 'braced hex'],
  ['\\x{}x', 'empty braced hex'],
  ['\\x{110000}x', 'hex above the last code point'],
  ['\\0x', 'octal zero'],
  ['\\08x', 'octal zero then a digit'],
  ['\\101x', 'three-digit octal'],
  ['\\12x', 'two-digit octal'],
  ['\\8x', 'non-octal digit'],
  ['\\tx\\n', 'C escapes'],
  ['\\_x\\-\\/\\#\\ ', 'escaped punctuation'],
  ['\\qx', 'unknown letter escape'],
  ['\\éx', 'escaped non-ASCII'],
  ['x\\', 'trailing backslash'],
  ['a**', 'stacked repetition'],
  ['a*?', 'non-greedy'],
  ['a*??', 'non-greedy twice'],
  ['a++', 'possessive'],
  ['*a', 'repetition without argument'],
  ['x|*a', 'repetition after |'],
  ['(*a)', 'repetition after ('],
  ['^*x', 'repeated assertion'],
  ['(?i)*x', 'repetition after a flags group at the start'],
  ['a(?i)*', 'repetition after a flags group'],
  ['a{2}', 'count'],
  ['a{2,}', 'open count'],
  ['a{2,5}', 'range count'],
  ['a{5,2}', 'reversed count'],
  ['a{1000}', 'largest count'],
  ['a{1001}', 'count too large'],
  ['a{02}', 'leading zero makes a literal'],
  ['a{,2}', 'missing minimum makes a literal'],
  ['a{2', 'unterminated count is literal'],
  ['a{2}{3}', 'stacked counts'],
  ['(a{100}){20}', 'nested counts over 1000'],
  ['(a{10}){20}', 'nested counts under 1000'],
  ['a{999999999}', 'huge count'],
  ['{2}a', 'count without argument'],
  ['x{', 'lone brace'],
  ['}x]', 'closing brackets are literals'],
  ['(x', 'missing )'],
  ['x)', 'unexpected )'],
  ['x)|(y', 'group break-out'],
  ['()x', 'empty group'],
  ['a|', 'empty alternative'],
  ['prefill|decode', 'alternation'],
  ['[a', 'missing ]'],
  ['[\\]]x', 'escaped ] in a class'],
  ['[^\\x00-\\x{10FFFF}]', 'empty class'],
];

function promtoolVerdicts(regexes: string[]): boolean[] {
  const dir = mkdtempSync(join(tmpdir(), 'role-regex-'));
  const file = join(dir, 'rules.yml');
  const rules = regexes.map((r, i) => `  - record: case_${i}\n    expr: ${JSON.stringify(`up{job=~${JSON.stringify(r)}}`)}\n`);
  writeFileSync(file, `groups:\n- name: cases\n  rules:\n${rules.join('')}`);
  let output = '';
  try {
    execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    output = `${err.stdout ?? ''}${err.stderr ?? ''}`;
  }
  const failed = new Set([...output.matchAll(/rule (\d+), "case_\d+"/g)].map((m) => Number(m[1]) - 1));
  return regexes.map((_, i) => !failed.has(i));
}

describe('role regexes against promtool (Prometheus 2.42)', () => {
  const verdicts = promtoolVerdicts(CASES.map(([r]) => r));

  it('promtool refuses some cases and accepts others, so the table tests both ways', () => {
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(20);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(20);
  });

  it.each(CASES.map(([regex, what], i) => [regex, what, i] as const))('%s (%s)', (regex, _what, i) => {
    const re2 = checkRe2(regex);
    expect({ regex, accepted: re2.error === undefined }).toEqual({ regex, accepted: verdicts[i] });
  });

  it('the form refuses every case promtool refuses, with a message naming the problem', () => {
    CASES.forEach(([regex], i) => {
      if (!verdicts[i]) {
        expect(validateRoleRegex(regex, 'prefill')).toMatch(/Prometheus would refuse|must be one line/);
      }
    });
  });
});

describe('both roles selected', () => {
  it('keeps a flag of one role to that role when the options are joined with | (promtool evaluates the filter)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'role-join-'));
    const joined = roleOptions({ label: 'role', prefill: '(?i)prefill', decode: 'decode' })
      .map((o) => o.value)
      .join('|');
    writeFileSync(join(dir, 'rules.yml'), 'groups: []\n');
    const test = {
      rule_files: ['rules.yml'],
      tests: [
        {
          interval: '1m',
          input_series: ['Prefill', 'decode', 'DECODE'].map((role) => ({ series: `up{role="${role}"}`, values: '1x5' })),
          promql_expr_test: [{ expr: `sort(count by (role) (up{role=~"${joined}"}))`, eval_time: '1m', exp_samples: [{ labels: '{role="Prefill"}', value: 1 }, { labels: '{role="decode"}', value: 1 }] }],
        },
      ],
    };
    writeFileSync(join(dir, 'test.yml'), JSON.stringify(test));
    let output: string;
    try {
      output = execFileSync('promtool', ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      output = `${err.stdout ?? ''}${err.stderr ?? ''}`;
    }
    expect(output).toContain('SUCCESS');
  });
});
