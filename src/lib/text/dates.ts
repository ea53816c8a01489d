// Time labels: relative times ("2 hours ago", the runs list and the runner's continue offer) and the date groups chat apps use.

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "just now", "5 minutes ago", "yesterday", "2 hours ago"… */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const diff = Date.parse(iso) - now.getTime();
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) < ms) continue;
    // Days count calendar days, as the date groups do: at 8 am, a run from 11 pm two evenings ago is
    // "2 days ago", not "yesterday" (33 hours rounded), which contradicted its "Previous 7 days" heading.
    if (unit === 'day') return relative.format(-calendarDays(new Date(iso), now), unit);
    return relative.format(Math.round(diff / ms), unit);
  }
  return 'just now';
}

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
/** Midnights between `at` and `now`, in local time. */
const calendarDays = (at: Date, now: Date) => Math.round((startOfDay(now) - startOfDay(at)) / 86_400_000);
const monthLabel = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric' });

/** Today, Yesterday, Previous 7 days, Previous 30 days, then the month ("March 2026"), in local time. */
export function dateGroup(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  const days = calendarDays(at, now);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days <= 7) return 'Previous 7 days';
  if (days <= 30) return 'Previous 30 days';
  return monthLabel.format(at);
}
