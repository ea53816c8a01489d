// Follows the outbox and the sync bookkeeping, in this tab and (through Dexie) the others, so a tab that
// is not the leader still shows the leader's progress, and the leader notices new local writes.
import { liveQuery } from 'dexie';
import type { PromptRunsDB } from '../db';
import { META } from './sync-meta';

export interface OutboxWatcher {
  /** A new local write was queued (the newest seq grew). */
  onLocalWrite(): void;
  /** Anything else the sync state shows changed (acks, dead letters, notices, last sync). */
  onChange(): void;
}

export function watchOutbox(db: PromptRunsDB, watcher: OutboxWatcher): () => void {
  // The newest entry's seq only grows with each local write, so emissions that Dexie coalesces
  // under load can never hide one (a count could go 2 → 0 → 2 unseen).
  let lastSeq: number | null = null;
  const query = async () => ({
    newest: (await db.outbox.orderBy('seq').last())?.seq ?? 0,
    count: await db.outbox.count(),
    synced: (await db.meta.get(META.lastSyncedAt))?.value,
    dead: await db.meta.where('key').startsWith('sync.dead:').count(),
    recovered: await db.meta.where('key').startsWith('sync.recovered:').count(),
  });
  const subscription = liveQuery(query).subscribe({
    next: ({ newest }) => {
      if (lastSeq !== null && newest > lastSeq) watcher.onLocalWrite();
      else watcher.onChange();
      lastSeq = Math.max(lastSeq ?? 0, newest);
    },
    error: () => undefined,
  });
  return () => subscription.unsubscribe();
}
