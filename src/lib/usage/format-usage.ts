// How usage figures read: token counts with plurals, dollars with enough digits for a fraction of a
// cent, durations in ms or s, and estimates marked with "≈" plus the word for screen readers.

const tokenRule = new Intl.PluralRules('en');

/**
 * Made once, at first use: a table of a year's days formats hundreds of costs in one render. Not as the
 * module loads, which is inside start-up's first long task: a page's first NumberFormat loads the number
 * data of its locale (about 30 ms at full speed, 130 ms on Lighthouse's emulated phone), and a first start
 * on the prompts page formats no number.
 */
let made: { integer: Intl.NumberFormat; dollars: Intl.NumberFormat; centFraction: Intl.NumberFormat } | undefined;
const formats = () =>
  (made ??= {
    integer: new Intl.NumberFormat('en', { maximumFractionDigits: 0 }),
    dollars: new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    centFraction: new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 }),
  });

export function formatCount(n: number): string {
  return formats().integer.format(n);
}

export function formatTokens(n: number): string {
  return `${formatCount(n)} ${tokenRule.select(n) === 'one' ? 'token' : 'tokens'}`;
}

/** $1.23, $0.0042, $0 — a cent's fraction keeps two significant digits so small replies do not read $0.00. */
export function formatCost(dollarsSpent: number): string {
  if (dollarsSpent === 0) return '$0';
  const { dollars, centFraction } = formats();
  return (Math.abs(dollarsSpent) >= 0.01 ? dollars : centFraction).format(dollarsSpent);
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "≈" before a figure that is an estimate (the caller adds "estimated" in words once per line). */
export function approx(value: string, estimated: boolean): string {
  return estimated ? `≈${value}` : value;
}
