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
  return db.transaction('rw', db.outbox, async () => {
    let removed = 0;
    for (const entry of entries) {
      const current = await db.outbox.get(entry.key);
      if (current && current.seq === entry.seq) {
        await db.outbox.delete(entry.key);
        removed += 1;
      }
    }
    return removed;
  });
}
