// Counts in words ("1 run", "6 messages"), through the language's plural rules rather than a trailing "s".
const rules = new Intl.PluralRules('en');

/** `count(1, 'run')` → "1 run", `count(2, 'run')` → "2 runs"; `other` for irregular plurals. */
export function count(n: number, one: string, other = `${one}s`): string {
  return `${n} ${rules.select(n) === 'one' ? one : other}`;
}

/** The word alone, for sentences that put the number elsewhere ("them" / "it"). */
export function pick<T>(n: number, one: T, other: T): T {
  return rules.select(n) === 'one' ? one : other;
}
