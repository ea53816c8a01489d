// Keeps the full-text index (table `searchIndex`: one document per run name and per message, multi-entry
// on its words) in step with runs and messages. It is a Dexie DBCore middleware, so every write path —
// the store, sync pulls, imports — is covered. A put only marks its document as pending (table
// `searchPending`, one plain key, in the same transaction as the row): writing a document's 20–50 word
// entries cost an auto-save a third of its time. The pending documents are indexed in a later
// transaction (indexPending, run when the writes go quiet and at every open), so a crash between the two
// leaves a marker behind and the row is indexed at the next start; until then search reads pending rows
// directly (search.ts), so a row is findable the moment it is saved.
import type Dexie from 'dexie';
import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, EntityTable, Middleware, Transaction } from 'dexie';
import type { Message, Run } from '../model';
import { docId, messageDoc, parseDocId, runDoc, type SearchDoc } from './search-tokens';

export const SEARCH_TABLE = 'searchIndex';
export const PENDING_TABLE = 'searchPending';
const INDEXED = new Set(['runs', 'messages']);
/** Pending documents indexed per transaction: a backlog (a first sync) never holds the saves up for long. */
const DRAIN_BATCH = 500;

type Row = Record<string, unknown>;

export interface PendingDoc {
  /** The document's id (docId): it names the run or message to read back. */
  id: string;
}

/** The tables the index reads and writes. Named here, not imported, because the schema (db.ts) installs the index. */
export interface SearchIndexTables extends Dexie {
  runs: EntityTable<Run, 'id'>;
  messages: EntityTable<Message, 'id'>;
  searchIndex: EntityTable<SearchDoc, 'id'>;
  searchPending: EntityTable<PendingDoc, 'id'>;
}

function toDoc(table: string, value: Row): SearchDoc | null {
  if (typeof value?.id !== 'string') return null;
  if (table === 'runs') {
    return typeof value.name === 'string' ? runDoc({ id: value.id, name: value.name, description: String(value.description ?? '') }) : null;
  }
  return typeof value.runId === 'string' && typeof value.content === 'string'
    ? messageDoc({ id: value.id, runId: value.runId, content: value.content })
    : null;
}

/** The document a row of `table` is indexed under, or null for a row too malformed to have one. */
function docIdOfRow(table: string, value: Row): string | null {
  if (typeof value?.id !== 'string') return null;
  if (table === 'runs') return docId(value.id, null);
  return typeof value.runId === 'string' ? docId(value.runId, value.id) : null;
}

/** The document of a pending id, read from its row now; null when the row is gone or has no text. */
export function pendingDoc(id: string, runs: Map<string, Row>, messages: Map<string, Row>): SearchDoc | null {
  const { runId, messageId } = parseDocId(id);
  const row = messageId === null ? runs.get(runId) : messages.get(messageId);
  if (!row) return null;
  const doc = toDoc(messageId === null ? 'runs' : 'messages', row);
  // A message moved to another run (never done by the app) would have another id: treat it as gone.
  return doc?.id === id ? doc : null;
}

/** Read the rows behind pending document ids (one bulk read per table). */
export async function readPendingRows(db: SearchIndexTables, ids: readonly string[]) {
  const parsed = ids.map(parseDocId);
  const runIds = parsed.filter((p) => p.messageId === null).map((p) => p.runId);
  const messageIds = parsed.flatMap((p) => (p.messageId === null ? [] : [p.messageId]));
  const [runs, messages] = await Promise.all([
    runIds.length ? db.runs.bulkGet(runIds) : [],
    messageIds.length ? db.messages.bulkGet(messageIds) : [],
  ]);
  const byId = (rows: Array<unknown>) =>
    new Map(rows.flatMap((r) => (r && typeof (r as Row).id === 'string' ? [[(r as Row).id as string, r as Row] as const] : [])));
  return { runs: byId(runs), messages: byId(messages) };
}

// Chained with .then, not async/await: Dexie's promises carry the transaction zone that the read
// middlewares below (live-query observation) look for; a native await would drop it.

/** Index documents of the rows a delete removes (read before they go, since a message key alone lacks its run). */
function docIdsOf(table: DBCoreTable, trans: DBCoreTransaction, keys: unknown[]): Promise<string[]> {
  if (table.name === 'runs') return Promise.resolve(keys.filter((k): k is string => typeof k === 'string').map((k) => docId(k, null)));
  return table.getMany({ trans, keys }).then((rows: Array<Row | undefined>) =>
    rows.flatMap((row) => (row && typeof row.runId === 'string' && typeof row.id === 'string' ? [docId(row.runId, row.id)] : [])),
  );
}

function removedKeys(table: DBCoreTable, req: DBCoreMutateRequest): Promise<unknown[]> {
  if (req.type === 'delete') return Promise.resolve(req.keys);
  if (req.type !== 'deleteRange') return Promise.resolve([]);
  return table
    .query({ trans: req.trans, values: false, query: { index: table.schema.primaryKey, range: req.range } })
    .then((found) => found.result);
}

function storesOf(trans: DBCoreTransaction): DOMStringList | undefined {
  return (trans as unknown as Partial<IDBTransaction>).objectStoreNames;
}

/** False inside an upgrade that runs before the index tables exist (an older version's migration). */
function hasIndex(trans: DBCoreTransaction): boolean {
  const names = storesOf(trans);
  return !names || (names.contains(SEARCH_TABLE) && names.contains(PENDING_TABLE));
}

function indexingTable(table: DBCoreTable, index: DBCoreTable, pending: DBCoreTable, written: (trans: DBCoreTransaction) => void): DBCoreTable {
  return {
    ...table,
    mutate(req) {
      if (!hasIndex(req.trans)) return table.mutate(req);
      if (req.type === 'put' || req.type === 'add') {
        // The marker is queued beside the row, not after its reply: no extra round trip. For a refused
        // add the marker only makes the current row be indexed again, which is harmless.
        const marks = req.values.flatMap((v: Row) => docIdOfRow(table.name, v) ?? []).map((id): PendingDoc => ({ id }));
        if (marks.length === 0) return table.mutate(req);
        const done = table.mutate(req);
        const marked = pending.mutate({ type: 'put', trans: req.trans, values: marks });
        written(req.trans);
        return done.then((response) => marked.then(() => response));
      }
      // Deletes are rare (delete forever, a sync purge): their documents go in the same transaction.
      return removedKeys(table, req)
        .then((keys) => docIdsOf(table, req.trans, keys))
        .then((ids) =>
          table.mutate(req).then((response) =>
            ids.length === 0 ? response : index.mutate({ type: 'delete', trans: req.trans, keys: ids }).then(() => response),
          ),
        );
    },
  };
}

/**
 * The middleware; `onPending` is called once a transaction that left documents pending has committed
 * (the database then schedules indexPending).
 */
export function searchIndexMiddleware(onPending: () => void): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'search-index',
    create(down) {
      const names = down.schema.tables.map((t) => t.name);
      if (!names.includes(SEARCH_TABLE) || !names.includes(PENDING_TABLE)) return down;
      const hooked = new WeakSet<DBCoreTransaction>();
      const written = (trans: DBCoreTransaction) => {
        if (hooked.has(trans)) return;
        hooked.add(trans);
        const idb = trans as unknown as Partial<IDBTransaction>;
        if (typeof idb.addEventListener === 'function') idb.addEventListener('complete', onPending);
        else onPending();
      };
      return {
        ...down,
        // A write to runs or messages also writes the markers (and, on delete, the index): they join that transaction.
        transaction(stores, mode, options) {
          const extra = [SEARCH_TABLE, PENDING_TABLE].filter((s) => !stores.includes(s));
          const joins = mode === 'readwrite' && stores.some((s) => INDEXED.has(s)) && extra.length > 0;
          return down.transaction(joins ? [...stores, ...extra] : stores, mode, options);
        },
        table(name) {
          const table = down.table(name);
          return INDEXED.has(name) ? indexingTable(table, down.table(SEARCH_TABLE), down.table(PENDING_TABLE), written) : table;
        },
      };
    },
  };
}

/**
 * Index up to one batch of pending documents in one transaction: a row still there gets its document
 * written, a row gone has its document removed, and the markers are cleared. Returns how many it took.
 */
export async function indexPendingBatch(db: SearchIndexTables, batch = DRAIN_BATCH): Promise<number> {
  return db.transaction('rw', [db.searchPending, db.searchIndex, db.runs, db.messages], async () => {
    const ids = (await db.searchPending.limit(batch).primaryKeys()) as string[];
    if (ids.length === 0) return 0;
    const rows = await readPendingRows(db, ids);
    const docs: SearchDoc[] = [];
    const gone: string[] = [];
    for (const id of ids) {
      const doc = pendingDoc(id, rows.runs, rows.messages);
      if (doc) docs.push(doc);
      else gone.push(id);
    }
    await Promise.all([
      docs.length ? db.searchIndex.bulkPut(docs) : undefined,
      gone.length ? db.searchIndex.bulkDelete(gone) : undefined,
      db.searchPending.bulkDelete(ids),
    ]);
    return ids.length;
  });
}

/** Index every pending document, batch after batch. */
export async function indexPending(db: SearchIndexTables): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await indexPendingBatch(db);
    total += n;
    if (n < DRAIN_BATCH) return total;
  }
}

/** Index every existing run and message (the version-3 upgrade, when the index table first appears). */
export async function indexExistingRows(tx: Transaction): Promise<void> {
  const docs: SearchDoc[] = [];
  const collect = (table: string) => (row: Row) => {
    const doc = toDoc(table, row);
    if (doc) docs.push(doc);
  };
  await tx.table('runs').each(collect('runs'));
  await tx.table('messages').each(collect('messages'));
  await tx.table(SEARCH_TABLE).bulkPut(docs);
}
