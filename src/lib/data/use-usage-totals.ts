// The kept usage totals of a period, live: a reply saved or pulled while the analytics page is open
// shows at once. The first read files replies pulled before their run and follows a time-zone change.
// Every row is read once (a few hundred to a few thousand: day × prompt × model, however many replies)
// and a period is cut from them in memory, so changing the period reads nothing from IndexedDB.
import { useEffect, useMemo, useState } from 'react';
import { prepareUsageTotals, readUsageTotals } from '@sync/usage/read-usage-totals';
import type { UsageTotalRow } from '@sync/usage/usage-totals';
import { useDb } from './db-context';
import { useLiveData } from './use-live-data';

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

/**
 * `undefined` while the first read is in flight; days are inclusive 'YYYY-MM-DD', null for no bound. A
 * period change gives the new period's rows in the same render (no read): a page shows a whole period.
 */
export function useUsageTotals(from: string | null, to: string | null): PeriodTotals | undefined {
  const db = useDb();
  const [prepared, setPrepared] = useState<typeof db | null>(null);
  useEffect(() => {
    let live = true;
    prepareUsageTotals(db)
      .catch((error: unknown) => console.warn('[prompt-runs] could not tidy the usage totals; showing them as kept', error))
      .finally(() => live && setPrepared(db));
    return () => {
      live = false;
    };
  }, [db]);
  const ready = prepared === db;
  const all = useLiveData(() => (ready ? readUsageTotals(db, null, null) : undefined), [db, ready]);
  return useMemo(() => (all ? { from, to, rows: rowsInPeriod(all, from, to) } : undefined), [all, from, to]);
}
