// Counts in words ("1 run", "6 messages"), through the language's plural rules rather than a trailing "s".
const rules = new Intl.PluralRules('en');

/** Thousands grouped ("1,100"), made on first use: a page's first NumberFormat is costly, and most counts are small. */
let grouping: Intl.NumberFormat | null = null;
export const grouped = (n: number): string => (Math.abs(n) < 1_000 ? String(n) : (grouping ??= new Intl.NumberFormat('en-US')).format(n));

/** `count(1, 'run')` → "1 run", `count(2, 'run')` → "2 runs", `count(1100, 'run')` → "1,100 runs"; `other` for irregular plurals. */
export function count(n: number, one: string, other = `${one}s`): string {
  return `${grouped(n)} ${rules.select(n) === 'one' ? one : other}`;
}

/** The word alone, for sentences that put the number elsewhere ("them" / "it"). */
export function pick<T>(n: number, one: T, other: T): T {
  return rules.select(n) === 'one' ? one : other;
}
