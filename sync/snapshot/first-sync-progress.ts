// How far a new device's first sync has come, for people: read from what it keeps to resume
// (apply-snapshot.ts), so every tab sees it, not only the one whose engine syncs.
import type { PromptRunsDB } from '../db';
import { readProgress, SNAPSHOT_META } from './snapshot-progress';

export interface FirstSyncProgress {
  /** Runs listed on this device so far. */
  listed: number;
  /** Every run of the account is listed: `listed` is their number. */
  allListed: boolean;
  /** Of the listed runs, those whose messages are all here. */
  complete: number;
}

/** Null when no first sync is under way (none started, or it has finished). */
export async function readFirstSyncProgress(db: PromptRunsDB): Promise<FirstSyncProgress | null> {
  const progress = readProgress((await db.meta.get(SNAPSHOT_META))?.value);
  if (!progress) return null;
  // The runs still queued for their messages (the queue holds the listed runs, a few thousand at most).
  const waiting = await db.snapshotQueue.count();
  return { listed: progress.ord, allListed: progress.runsDone, complete: Math.max(0, progress.ord - waiting) };
}
