// Changes the server refused for good (validation, permissions). They leave the outbox so the rest of
// the queue flows, and wait here, visible, until the person retries or discards them (requirement 7).
import type { PromptRunsDB } from '../db';
import type { OutboxEntry } from '../model';
import type { PushChange } from '../protocol';
import { enqueue } from '../store/write';

const PREFIX = 'sync.dead:';

export interface DeadLetter {
  id: string;
  label: string;
  code: string;
  message: string;
  at: string;
  change: Omit<PushChange, 'seq'>;
  /** The outbox entries the change covered, to queue them again on retry. */
  entries: OutboxEntry[];
}

function isDeadLetter(value: unknown): value is DeadLetter {
  return !!value && typeof value === 'object' && typeof (value as DeadLetter).id === 'string' && Array.isArray((value as DeadLetter).entries);
}

export async function listDeadLetters(db: PromptRunsDB): Promise<DeadLetter[]> {
  const records = await db.meta.where('key').startsWith(PREFIX).toArray();
  return records.map((r) => r.value).filter(isDeadLetter).sort((a, b) => (a.at < b.at ? -1 : 1));
}

/**
 * Park a refused change (inside the caller's transaction over outbox and meta). Its outbox entries are
 * removed only if no newer edit arrived meanwhile; a newer edit gets its own chance.
 */
export async function addDeadLetter(
  db: PromptRunsDB,
  letter: Omit<DeadLetter, 'id' | 'entries'>,
  refs: ReadonlyArray<{ key: string; seq: number }>,
): Promise<void> {
  const id = `${letter.change.table}:${letter.change.id}`;
  const previous = (await db.meta.get(PREFIX + id))?.value;
  const entries: OutboxEntry[] = isDeadLetter(previous) ? [...previous.entries] : [];
  for (const ref of refs) {
    const current = await db.outbox.get(ref.key);
    if (!current || current.seq !== ref.seq) continue;
    entries.push(current);
    await db.outbox.delete(ref.key);
  }
  await db.meta.put({ key: PREFIX + id, value: { ...letter, id, entries } satisfies DeadLetter });
}

/** Queue a refused change again (after the person fixed the cause) and drop it from the list. */
export async function retryDeadLetter(db: PromptRunsDB, id: string): Promise<boolean> {
  return db.transaction('rw', [db.outbox, db.meta], async () => {
    const letter = (await db.meta.get(PREFIX + id))?.value;
    if (!isDeadLetter(letter)) return false;
    for (const e of letter.entries) {
      await enqueue(db, { table: e.table, rowId: e.rowId, ...(e.runId ? { runId: e.runId } : {}), fields: e.fields, isNew: e.isNew });
    }
    await db.meta.delete(PREFIX + id);
    return true;
  });
}

/** Give up on a refused change: the server keeps its version; this device keeps its copy as is. */
export async function discardDeadLetter(db: PromptRunsDB, id: string): Promise<boolean> {
  return db.transaction('rw', db.meta, async () => {
    if (!(await db.meta.get(PREFIX + id))) return false;
    await db.meta.delete(PREFIX + id);
    return true;
  });
}
