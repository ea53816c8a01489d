// The device's price table, live: costs on screen follow a price edit in any tab at once. One live query
// per database, shared by every reader: each reply's usage line reads prices, and a long conversation
// scrolled through mounts and unmounts hundreds of them (one query each cost a transaction per row and
// made the scroll's longest tasks).
import { useCallback, useSyncExternalStore } from 'react';
import { liveQuery, type Subscription } from 'dexie';
import type { PromptRunsDB } from '@sync/db';
import type { PriceTable } from '@sync/usage/prices';
import { getPrices } from '@/lib/usage/prices-store';
import { useDb } from './db-context';

/** How long the query outlives its last reader, so rows scrolled out and in do not restart it. */
const LINGER_MS = 2000;

interface SharedPrices {
  value: PriceTable | undefined;
  readers: Set<() => void>;
  subscription: Subscription | null;
  stopTimer: ReturnType<typeof setTimeout> | null;
}

const shared = new WeakMap<PromptRunsDB, SharedPrices>();

function sharedPrices(db: PromptRunsDB): SharedPrices {
  let entry = shared.get(db);
  if (!entry) shared.set(db, (entry = { value: undefined, readers: new Set(), subscription: null, stopTimer: null }));
  return entry;
}

function subscribe(db: PromptRunsDB, notify: () => void): () => void {
  const entry = sharedPrices(db);
  entry.readers.add(notify);
  if (entry.stopTimer !== null) clearTimeout(entry.stopTimer);
  entry.stopTimer = null;
  entry.subscription ??= liveQuery(() => getPrices(db)).subscribe({
    next: (value) => {
      entry.value = value;
      entry.readers.forEach((read) => read());
    },
    error: (error: unknown) => console.warn('[prompt-runs] could not read the price table; costs are not shown', error),
  });
  return () => {
    entry.readers.delete(notify);
    if (entry.readers.size > 0 || entry.stopTimer !== null) return;
    entry.stopTimer = setTimeout(() => {
      entry.stopTimer = null;
      if (entry.readers.size > 0) return;
      entry.subscription?.unsubscribe();
      entry.subscription = null;
      entry.value = undefined; // not followed any more: the next reader reads it afresh
    }, LINGER_MS);
  };
}

/** `undefined` while the first read is in flight. */
export function usePrices(): PriceTable | undefined {
  const db = useDb();
  const listen = useCallback((notify: () => void) => subscribe(db, notify), [db]);
  const read = useCallback(() => sharedPrices(db).value, [db]);
  return useSyncExternalStore(listen, read, read);
}
