// Which runs were deleted forever here (table `purged`). The table is nearly always empty on a device that
// is syncing for the first time or importing: one count then stands for a read per run (tens of thousands
// of requests over a first sync, each as dear as a message's put).
import type { PromptRunsDB } from './db';

/** For each of `ids`, whether that run was deleted forever on this device. Runs inside the caller's transaction. */
export async function purgedAmong(db: Pick<PromptRunsDB, 'purged'>, ids: readonly string[]): Promise<boolean[]> {
  if (ids.length === 0 || (await db.purged.count()) === 0) return ids.map(() => false);
  return (await db.purged.bulkGet([...ids])).map((p) => p !== undefined);
}
