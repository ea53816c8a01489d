// The periods the analytics page offers, as inclusive ranges of local days ('YYYY-MM-DD'), and the days
// and weeks (starting Monday) inside a range, so a chart shows quiet days as zero rather than skipping them.

export const PERIODS = [
  { id: '7d', label: 'Last 7 days', days: 7 },
  { id: '30d', label: 'Last 30 days', days: 30 },
  { id: '90d', label: 'Last 90 days', days: 90 },
  { id: '365d', label: 'Last 12 months', days: 365 },
  { id: 'all', label: 'All time', days: null },
] as const;

export type PeriodId = (typeof PERIODS)[number]['id'];

const pad = (n: number) => String(n).padStart(2, '0');
export const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const parseDay = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!);
};

/** The days a period covers, today included; both null for all time. */
export function periodRange(id: PeriodId, today: Date = new Date()): { from: string | null; to: string | null } {
  const period = PERIODS.find((p) => p.id === id) ?? PERIODS[1];
  if (period.days === null) return { from: null, to: null };
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (period.days - 1));
  return { from: dayOf(from), to: dayOf(today) };
}

/** The Monday of a day's week. */
export function weekOf(day: string): string {
  const d = parseDay(day);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return dayOf(d);
}

/** Every day (or week start) from `from` to `to`. */
export function stepsBetween(from: string, to: string, step: 'day' | 'week'): string[] {
  const out: string[] = [];
  const d = parseDay(step === 'week' ? weekOf(from) : from);
  const end = parseDay(to);
  while (d <= end && out.length < 5000) {
    out.push(dayOf(d));
    d.setDate(d.getDate() + (step === 'week' ? 7 : 1));
  }
  return out;
}

const dayLabel = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });
const dayYearLabel = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric' });
/** "Nov 6" this year, "Nov 6, 2025" before it; weeks "Week of Nov 3". */
export function stepLabel(day: string, step: 'day' | 'week'): string {
  const date = parseDay(day);
  const text = (date.getFullYear() === new Date().getFullYear() ? dayLabel : dayYearLabel).format(date);
  return step === 'week' ? `Week of ${text}` : text;
}
