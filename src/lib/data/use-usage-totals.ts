// The kept usage totals of a period, live: a reply saved or pulled while the analytics page is open
// shows at once. The first read files replies pulled before their run and follows a time-zone change.
// Every row is read once (a few hundred to a few thousand: day × prompt × model, however many replies)
// and a period is cut from them in memory, so changing the period reads nothing from IndexedDB.
import { useMemo } from 'react';
import { prepareUsageTotals, readUsageTotals } from '@sync/usage/read-usage-totals';
import type { UsageTotalRow } from '@sync/usage/usage-totals';
import { sharedLiveQuery, useSharedLiveQuery } from './shared-live-query';

/** A period's totals rows, with the period they were cut for. */
export interface PeriodTotals {
  from: string | null;
  to: string | null;
  rows: UsageTotalRow[];
}

/** The rows of the days from `from` to `to` (inclusive 'YYYY-MM-DD'; null for no bound). */
export function rowsInPeriod(rows: readonly UsageTotalRow[], from: string | null, to: string | null): UsageTotalRow[] {
  if (from === null && to === null) return [...rows];
  return rows.filter((r) => (from === null || r.day >= from) && (to === null || r.day <= to));
}

/** Every totals row of a database, live; tidied (time zone, placeholders) before the first read. Primed by
 *  the analytics route while the app starts (routes.tsx), so the page's first render may already have them. */
export const sharedUsageTotals = sharedLiveQuery((db) => readUsageTotals(db, null, null), {
  what: 'the usage totals',
  prepare: prepareUsageTotals,
});

/**
 * `undefined` while the first read is in flight; days are inclusive 'YYYY-MM-DD', null for no bound. A
 * period change gives the new period's rows in the same render (no read): a page shows a whole period.
 */
export function useUsageTotals(from: string | null, to: string | null): PeriodTotals | undefined {
  const all = useSharedLiveQuery(sharedUsageTotals);
  return useMemo(() => (all ? { from, to, rows: rowsInPeriod(all, from, to) } : undefined), [all, from, to]);
}
