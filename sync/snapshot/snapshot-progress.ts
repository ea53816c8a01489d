// Where a first sync stands, as kept in meta (written by apply-snapshot.ts). Its own module, importing
// nothing: the sync badge reads it on every page, and the code that stores a first sync's pages stays out
// of the app's start-up chunk.

export const SNAPSHOT_META = 'sync.snapshot';

/** Where an initial sync stands (meta `sync.snapshot`). */
export interface SnapshotProgress {
  /** sync_pull's cursor once the snapshot is held. */
  since: string | null;
  /** The next page of runs; null before the first. */
  next: string | null;
  /** Every run of the snapshot is here (and queued for its messages). */
  runsDone: boolean;
  /** Position given to the next run queued for its messages (the queue keeps the newest-first order). */
  ord: number;
}

export const startProgress = (): SnapshotProgress => ({ since: null, next: null, runsDone: false, ord: 0 });

/** The progress as kept in meta, or null (none kept, or unreadable: the first sync then starts over). */
export function readProgress(value: unknown): SnapshotProgress | null {
  const p = value as Partial<SnapshotProgress> | null | undefined;
  if (!p || typeof p !== 'object' || typeof p.ord !== 'number' || typeof p.runsDone !== 'boolean') return null;
  return { since: typeof p.since === 'string' ? p.since : null, next: typeof p.next === 'string' ? p.next : null, runsDone: p.runsDone, ord: p.ord };
}
