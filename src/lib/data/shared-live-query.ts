// A live query shared by every reader of one database: one subscription and one read however many
// components show its answer, and a reader mounting after the answer came gets it in its first render.
// It can also be started before any reader mounts (`prime`): a deep link's page data is then read while
// the app itself starts, instead of after the page's first render.
import { useCallback, useSyncExternalStore } from 'react';
import { liveQuery } from 'dexie';
import type { PromptRunsDB } from '@sync/db';
import { useDb } from './db-context';

/** How long the query outlives its last reader, so rows scrolled out and in do not restart it. */
const LINGER_MS = 2000;
/** How long a primed query waits for its first reader (the page's code and the app's start). */
const PRIMED_MS = 15_000;

interface Entry<T> {
  value: T | undefined;
  readers: Set<() => void>;
  /** Ends the subscription (or the preparation before it); null when not following. */
  stop: (() => void) | null;
  stopTimer: ReturnType<typeof setTimeout> | null;
}

export interface SharedLiveQuery<T> {
  /** The latest answer for `db`; `undefined` while the first read is in flight. */
  current(db: PromptRunsDB): T | undefined;
  /** A reader: follows the query until the returned function is called. */
  listen(db: PromptRunsDB, notify: () => void): () => void;
  /** Starts following the query for `db` before any reader (a no-op when it already is). */
  prime(db: PromptRunsDB): void;
}

export interface SharedLiveQueryOptions {
  /** What the query reads, for the warning when it fails ("the price table"). */
  what: string;
  /** Run once before each subscription starts (tidying that writes, which a live query may not do). */
  prepare?: (db: PromptRunsDB) => Promise<void>;
}

export function sharedLiveQuery<T>(query: (db: PromptRunsDB) => Promise<T>, options: SharedLiveQueryOptions): SharedLiveQuery<T> {
  const entries = new WeakMap<PromptRunsDB, Entry<T>>();
  const entryOf = (db: PromptRunsDB) => {
    let entry = entries.get(db);
    if (!entry) entries.set(db, (entry = { value: undefined, readers: new Set(), stop: null, stopTimer: null }));
    return entry;
  };

  const follow = (db: PromptRunsDB, entry: Entry<T>) => {
    if (entry.stop) return;
    let stopped = false;
    let unsubscribe = () => {};
    entry.stop = () => {
      stopped = true;
      unsubscribe();
    };
    const subscribe = () => {
      if (stopped) return;
      const subscription = liveQuery(() => query(db)).subscribe({
        next: (value) => {
          entry.value = value;
          entry.readers.forEach((read) => read());
        },
        error: (error: unknown) => console.warn(`[prompt-runs] could not read ${options.what}`, error),
      });
      unsubscribe = () => subscription.unsubscribe();
    };
    if (!options.prepare) return subscribe();
    void options
      .prepare(db)
      .catch((error: unknown) => console.warn(`[prompt-runs] could not tidy ${options.what}; showing it as kept`, error))
      .then(subscribe);
  };

  const stopLater = (entry: Entry<T>, ms: number) => {
    if (entry.stopTimer !== null) clearTimeout(entry.stopTimer);
    entry.stopTimer = setTimeout(() => {
      entry.stopTimer = null;
      if (entry.readers.size > 0) return;
      entry.stop?.();
      entry.stop = null;
      entry.value = undefined; // not followed any more: the next reader reads it afresh
    }, ms);
  };

  const listen = (db: PromptRunsDB, notify: () => void) => {
    const entry = entryOf(db);
    entry.readers.add(notify);
    if (entry.stopTimer !== null) clearTimeout(entry.stopTimer);
    entry.stopTimer = null;
    follow(db, entry);
    return () => {
      entry.readers.delete(notify);
      if (entry.readers.size === 0) stopLater(entry, LINGER_MS);
    };
  };

  return {
    current: (db) => entries.get(db)?.value,
    listen,
    prime(db) {
      const entry = entryOf(db);
      follow(db, entry);
      if (entry.readers.size === 0) stopLater(entry, PRIMED_MS);
    },
  };
}

/** The shared query's latest answer for the app's database; `undefined` while the first read is in flight. */
export function useSharedLiveQuery<T>(shared: SharedLiveQuery<T>): T | undefined {
  const db = useDb();
  const listen = useCallback((notify: () => void) => shared.listen(db, notify), [shared, db]);
  const read = useCallback(() => shared.current(db), [shared, db]);
  return useSyncExternalStore(listen, read, read);
}
