// How usage figures read: token counts with plurals, dollars with enough digits for a fraction of a
// cent, durations in ms or s, and estimates marked with "≈" plus the word for screen readers.

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const tokenRule = new Intl.PluralRules('en');

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatTokens(n: number): string {
  return `${integer.format(n)} ${tokenRule.select(n) === 'one' ? 'token' : 'tokens'}`;
}

// Made once: a NumberFormat costs a fraction of a millisecond to build, and a table of a year's days formats
// hundreds of costs in one render.
const dollars = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const centFraction = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });

/** $1.23, $0.0042, $0 — a cent's fraction keeps two significant digits so small replies do not read $0.00. */
export function formatCost(dollarsSpent: number): string {
  if (dollarsSpent === 0) return '$0';
  return (Math.abs(dollarsSpent) >= 0.01 ? dollars : centFraction).format(dollarsSpent);
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "≈" before a figure that is an estimate (the caller adds "estimated" in words once per line). */
export function approx(value: string, estimated: boolean): string {
  return estimated ? `≈${value}` : value;
}
