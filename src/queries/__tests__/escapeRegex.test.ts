import { anyOfLiterals, escapeRegex } from '../escapeRegex';

describe('regex escaping of literal names', () => {
  it('matches exactly the literal, metacharacters included', () => {
    const names = ['vllm:num_requests_running', 'a.b*c', 'x(y)|z', 'back\\slash', '[br]{1}$^+?'];
    for (const name of names) {
      const re = new RegExp(`^(?:${escapeRegex(name)})$`);
      expect(re.test(name)).toBe(true);
      expect(re.test(`${name}x`)).toBe(false);
    }
    expect(new RegExp(`^(?:${escapeRegex('a.b')})$`).test('axb')).toBe(false);
  });

  it('joins alternatives that each match only themselves', () => {
    const re = new RegExp(`^(?:${anyOfLiterals(['a.b', 'c|d'])})$`);
    expect(['a.b', 'c|d'].every((n) => re.test(n))).toBe(true);
    expect(['axb', 'c', 'd'].some((n) => re.test(n))).toBe(false);
  });
});
