// Reading and acknowledging the outbox. Entries are written by the mutations themselves (write.ts).
import type { PromptRunsDB } from '../db';
import type { OutboxEntry } from '../model';

export function listOutbox(db: PromptRunsDB, limit = Infinity): Promise<OutboxEntry[]> {
  const query = db.outbox.orderBy('seq');
  return Number.isFinite(limit) ? query.limit(limit).toArray() : query.toArray();
}

/** Changes waiting; a saved version goes with the edit it records, so it is not one of its own. */
export function countPending(db: PromptRunsDB): Promise<number> {
  return db.outbox.where('table').noneOf(['promptVersions', 'runVersions']).count();
}

/**
 * Remove entries the server acknowledged, but only if no newer change arrived meanwhile (same seq);
 * an entry edited during the push stays queued and goes out again.
 */
export async function ackOutbox(db: PromptRunsDB, entries: readonly Pick<OutboxEntry, 'key' | 'seq'>[]): Promise<number> {
  if (entries.length === 0) return 0;
  return db.transaction('rw', db.outbox, async () => {
    // Two requests for the lot, not two per entry: a push call acknowledges up to ~1,100 entries.
    const current = await db.outbox.bulkGet(entries.map((e) => e.key));
    const done = [...new Set(entries.filter((e, i) => current[i]?.seq === e.seq).map((e) => e.key))];
    await db.outbox.bulkDelete(done);
    return done.length;
  });
}
