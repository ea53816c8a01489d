// The device's price table, live: costs on screen follow a price edit in any tab at once.
import { useDb } from './db-context';
import { useLiveData } from './use-live-data';
import { getPrices } from '@/lib/usage/prices-store';
import type { PriceTable } from '@sync/usage/prices';

/** `undefined` while the first read is in flight. */
export function usePrices(): PriceTable | undefined {
  const db = useDb();
  return useLiveData(() => getPrices(db), [db]);
}
