// How far a new device's first sync has come: null when none is under way, undefined while reading. Read
// only while `syncing` (the header shows it on every page; a first sync is a sync).
import { readFirstSyncProgress, type FirstSyncProgress } from '@sync/snapshot/first-sync-progress';
import { useOptionalDb } from './db-context';
import { useLiveData } from './use-live-data';

export type { FirstSyncProgress };

export function useFirstSyncProgress(syncing: boolean): FirstSyncProgress | null | undefined {
  // The app frame also renders without a database (index.html's shell is made from it).
  const db = useOptionalDb();
  return useLiveData(() => (db && syncing ? readFirstSyncProgress(db) : null), [db, syncing]);
}
