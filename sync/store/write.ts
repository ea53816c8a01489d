// One place that runs a local mutation: the rows and their outbox entries commit in one Dexie
// transaction, and storage failures (a full disk above all) come back as values, not crashes.
import Dexie from 'dexie';
import type { PromptRunsDB } from '../db';
import { AppError, ORGANIZE_TABLES, err, ok, type OrganizeTable, type OutboxEntry, type OutboxTable, type Result } from '../model';
import { clockFor } from '../clock';

const SEQ_KEY = 'outbox-seq';

export function isQuotaError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth += 1) {
    const name = (e as { name?: string }).name;
    if (name === 'QuotaExceededError' || name === Dexie.errnames.QuotaExceeded) return true;
    e = (e as { inner?: unknown; cause?: unknown }).inner ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isQuotaError(error)) {
    return new AppError('quota_exceeded', 'The device is out of storage space: free some space and it will be saved.', error);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('storage_failed', `Could not save on this device: ${message}`, error);
}

/** Run `body` in a read-write transaction over the given tables plus outbox and meta. */
export async function mutate<T>(
  db: PromptRunsDB,
  tables: Array<'prompts' | 'runs' | 'messages' | 'purged' | OrganizeTable>,
  body: () => Promise<T>,
): Promise<Result<T>> {
  try {
    const organizing = tables.some((t) => (ORGANIZE_TABLES as readonly string[]).includes(t));
    const tableObjects = [...tables.map((t) => db[t]), db.outbox, db.meta, ...(organizing ? [db.organizeOutbox] : [])];
    const value = await db.transaction('rw', tableObjects, body);
    return ok(value);
  } catch (error) {
    return err(toAppError(error));
  }
}

type Change = { table: OutboxTable; rowId: string; runId?: string; fields?: string[]; isNew?: boolean };

/**
 * Record, inside the current transaction, that rows changed. Rapid edits to one row coalesce into
 * one entry whose field list grows and whose seq moves to the latest change. Batched: one read and
 * one write of the outbox however many rows, so saving an exchange stays a handful of requests.
 */
export async function enqueueMany(db: PromptRunsDB, changes: readonly Change[]): Promise<void> {
  if (changes.length === 0) return;
  const keys = changes.map((c) => `${c.table}:${c.rowId}`);
  // Tags, folders and versions wait in their own queue until the sync protocol carries them
  // (CONTRACTS.md): the engine sends everything in `outbox` and counts it as waiting.
  const held = changes.map((c) => (ORGANIZE_TABLES as readonly string[]).includes(c.table));
  const [seqRecord, outboxRows, heldRows] = await Promise.all([
    db.meta.get(SEQ_KEY),
    held.every(Boolean) ? [] : db.outbox.bulkGet(keys.filter((_, i) => !held[i])),
    held.some(Boolean) ? db.organizeOutbox.bulkGet(keys.filter((_, i) => held[i])) : [],
  ]);
  let [o, h] = [0, 0];
  const existing = keys.map((_, i) => (held[i] ? heldRows[h++] : outboxRows[o++]));
  let seq = typeof seqRecord?.value === 'number' ? seqRecord.value : 0;
  const merged = new Map<string, { entry: OutboxEntry; held: boolean }>();
  const queuedAt = clockFor(db).nowIso();
  changes.forEach((change, i) => {
    const key = keys[i]!;
    const prior = merged.get(key)?.entry ?? existing[i];
    seq += 1;
    merged.set(key, {
      held: held[i]!,
      entry: {
        key,
        table: change.table,
        rowId: change.rowId,
        ...(change.runId ? { runId: change.runId } : {}),
        fields: [...new Set([...(prior?.fields ?? []), ...(change.fields ?? [])])],
        isNew: (prior?.isNew ?? false) || (change.isNew ?? false),
        seq,
        queuedAt: prior?.queuedAt ?? queuedAt,
      },
    });
  });
  const rows = [...merged.values()];
  await Promise.all([
    db.meta.put({ key: SEQ_KEY, value: seq }),
    ...(rows.some((r) => !r.held) ? [db.outbox.bulkPut(rows.filter((r) => !r.held).map((r) => r.entry))] : []),
    ...(rows.some((r) => r.held) ? [db.organizeOutbox.bulkPut(rows.filter((r) => r.held).map((r) => r.entry))] : []),
  ]);
}

export const enqueue = (db: PromptRunsDB, change: Change): Promise<void> => enqueueMany(db, [change]);
