// One place that runs a local mutation: the rows and their outbox entries commit in one Dexie
// transaction, and storage failures (a full disk above all) come back as values, not crashes.
import Dexie from 'dexie';
import type { PromptRunsDB } from '../db';
import { AppError, OUTBOX_SEQ_KEY, err, ok, type OrganizeTable, type OutboxEntry, type OutboxTable, type Result } from '../model';
import { clockFor } from '../clock';


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
    const tableObjects = [...tables.map((t) => db[t]), db.outbox, db.meta];
    const value = await db.transaction('rw', tableObjects, body);
    return ok(value);
  } catch (error) {
    return err(toAppError(error));
  }
}

type Change = { table: OutboxTable; rowId: string; runId?: string; fields?: string[]; isNew?: boolean; wholeRun?: true };

/**
 * Record, inside the current transaction, that rows changed. Rapid edits to one row coalesce into
 * one entry whose field list grows and whose seq moves to the latest change. Batched: one read and
 * one write of the outbox however many rows, so saving an exchange stays a handful of requests.
 * `fresh`: the caller just added every one of these rows (none was here, so none is queued: an entry
 * leaves the outbox with its row), and the outbox is not read at all; an import's thousands of new
 * messages cost one read apiece otherwise.
 */
export async function enqueueMany(db: PromptRunsDB, changes: readonly Change[], options: { fresh?: boolean } = {}): Promise<void> {
  if (changes.length === 0) return;
  const keys = changes.map((c) => `${c.table}:${c.rowId}`);
  const [seqRecord, existing] = await Promise.all([
    db.meta.get(OUTBOX_SEQ_KEY),
    options.fresh ? keys.map(() => undefined) : db.outbox.bulkGet(keys),
  ]);
  const { entries, seq } = numbered(db, changes, keys, existing, seqRecord?.value);
  await Promise.all([db.meta.put({ key: OUTBOX_SEQ_KEY, value: seq }), db.outbox.bulkPut(entries)]);
}

/**
 * The outbox entries of rows the caller is adding (none of them queued yet), numbered now, for the caller
 * to write itself inside the same transaction: an import writes them in parts beside their rows.
 */
export async function numberFreshEntries(db: PromptRunsDB, changes: readonly Change[]): Promise<OutboxEntry[]> {
  if (changes.length === 0) return [];
  const keys = changes.map((c) => `${c.table}:${c.rowId}`);
  const seqRecord = await db.meta.get(OUTBOX_SEQ_KEY);
  const { entries, seq } = numbered(db, changes, keys, keys.map(() => undefined), seqRecord?.value);
  await db.meta.put({ key: OUTBOX_SEQ_KEY, value: seq });
  return entries;
}

function numbered(db: PromptRunsDB, changes: readonly Change[], keys: readonly string[], existing: ReadonlyArray<OutboxEntry | undefined>, lastSeq: unknown) {
  let seq = typeof lastSeq === 'number' ? lastSeq : 0;
  const merged = new Map<string, OutboxEntry>();
  const queuedAt = clockFor(db).nowIso();
  changes.forEach((change, i) => {
    const key = keys[i]!;
    const prior = merged.get(key) ?? existing[i];
    seq += 1;
    merged.set(key, {
      key,
      table: change.table,
      rowId: change.rowId,
      ...(change.runId ? { runId: change.runId } : {}),
      fields: [...new Set([...(prior?.fields ?? []), ...(change.fields ?? [])])],
      isNew: (prior?.isNew ?? false) || (change.isNew ?? false),
      // A later edit of an imported run keeps its messages going with it.
      ...(prior?.wholeRun || change.wholeRun ? { wholeRun: true as const } : {}),
      seq,
      queuedAt: prior?.queuedAt ?? queuedAt,
    });
  });
  return { entries: [...merged.values()], seq };
}

export const enqueue = (db: PromptRunsDB, change: Change): Promise<void> => enqueueMany(db, [change]);
