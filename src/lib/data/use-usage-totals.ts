// The kept usage totals of a period, live: a reply saved or pulled while the analytics page is open
// shows at once. The first read files replies pulled before their run and follows a time-zone change.
import { useEffect, useState } from 'react';
import { prepareUsageTotals, readUsageTotals } from '@sync/usage/read-usage-totals';
import type { UsageTotalRow } from '@sync/usage/usage-totals';
import { useDb } from './db-context';
import { useLiveData } from './use-live-data';

/** A period's totals rows, with the period they were read for. */
export interface PeriodTotals {
  from: string | null;
  to: string | null;
  rows: UsageTotalRow[];
}

/**
 * `undefined` while the first read is in flight; days are inclusive 'YYYY-MM-DD', null for no bound. While
 * another period is read, the previous one's rows stay (with their own `from`/`to`), so a page can keep
 * showing a whole period rather than the new period's days over the old one's rows.
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
  return useLiveData(() => (ready ? readUsageTotals(db, from, to).then((rows) => ({ from, to, rows })) : undefined), [db, from, to, ready]);
}
