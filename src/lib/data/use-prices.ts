// The device's price table, live: costs on screen follow a price edit in any tab at once. One live query
// per database, shared by every reader: each reply's usage line reads prices, and a long conversation
// scrolled through mounts and unmounts hundreds of them (one query each cost a transaction per row and
// made the scroll's longest tasks).
import type { PriceTable } from '@sync/usage/prices';
import { getPrices } from '@/lib/usage/prices-store';
import { sharedLiveQuery, useSharedLiveQuery } from './shared-live-query';

/** One live query of the price table per database, shared by every reader. */
export const sharedPrices = sharedLiveQuery((db) => getPrices(db), { what: 'the price table; costs are not shown' });

/** `undefined` while the first read is in flight. */
export function usePrices(): PriceTable | undefined {
  return useSharedLiveQuery(sharedPrices);
}
