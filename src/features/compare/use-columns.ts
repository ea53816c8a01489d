// The compared runs' live state, one snapshot per column, re-read whenever any column's session changes
// (a streamed token, a saved reply, a change synced from another device).
import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { ColumnSession, ColumnState } from './column-session';

export function useColumns(sessions: readonly ColumnSession[]): ColumnState[] {
  const cache = useRef<ColumnState[]>([]);
  const subscribe = useCallback(
    (notify: () => void) => {
      const stops = sessions.map((s) => s.store.subscribe(notify));
      return () => stops.forEach((stop) => stop());
    },
    [sessions],
  );
  const snapshot = useCallback(() => {
    const next = sessions.map((s) => s.store.getState());
    const prev = cache.current;
    if (next.length === prev.length && next.every((s, i) => s === prev[i])) return prev;
    cache.current = next;
    return next;
  }, [sessions]);
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

export function useMatchMedia(query: string): boolean {
  return useSyncExternalStore(
    (notify) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', notify);
      return () => list.removeEventListener('change', notify);
    },
    () => window.matchMedia(query).matches,
    () => true,
  );
}
