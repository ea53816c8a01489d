// The engine's durable bookkeeping in the `meta` table: client id, the last wire seq used, the pull
// cursor, the batch in flight, the last successful sync. Read and written inside the caller's transaction.
import type { PromptRunsDB } from '../db';
import type { PushChange } from '../protocol';
import { newId } from '../clock';

export const META = {
  clientId: 'sync.client-id',
  lastSeq: 'sync.last-seq',
  cursor: 'sync.cursor',
  inflight: 'sync.inflight',
  lastSyncedAt: 'sync.last-synced-at',
} as const;

/** A sent batch, kept until the server answers, so a retry resends the very same seqs (exactly-once). */
export interface InflightBatch {
  changes: PushChange[];
  /** Outbox entries each change covers, with the seq they had when read (acked only if unchanged). */
  entries: Array<Array<{ key: string; seq: number }>>;
  labels: string[];
  /** 5xx answers to this very batch while the server answered otherwise (see push-batch.ts). */
  strikes?: number;
}

async function read<T>(db: PromptRunsDB, key: string, check: (v: unknown) => v is T): Promise<T | undefined> {
  const record = await db.meta.get(key);
  return record && check(record.value) ? record.value : undefined;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInflight = (v: unknown): v is InflightBatch =>
  !!v && typeof v === 'object' && Array.isArray((v as InflightBatch).changes) && Array.isArray((v as InflightBatch).entries);

/** This device's client id, created once per database. */
export async function ensureClientId(db: PromptRunsDB): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await read(db, META.clientId, isString);
    if (existing) return existing;
    const id = newId();
    await db.meta.put({ key: META.clientId, value: id });
    return id;
  });
}

export const readLastSeq = async (db: PromptRunsDB) => (await read(db, META.lastSeq, isNumber)) ?? 0;
export const readCursor = async (db: PromptRunsDB) => (await read(db, META.cursor, isString)) ?? null;
export const readInflight = (db: PromptRunsDB) => read(db, META.inflight, isInflight);
export const readLastSyncedAt = async (db: PromptRunsDB) => (await read(db, META.lastSyncedAt, isString)) ?? null;
