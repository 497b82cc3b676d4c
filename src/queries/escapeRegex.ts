/** Literal text inside an RE2 regex (a `=~` matcher, a variable's regex filter): every metacharacter escaped. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex that matches exactly one of these literal names. */
export function anyOfLiterals(names: string[]): string {
  return names.map(escapeRegex).join('|');
}
