// Keeps the search index in step with runs and messages. A Dexie DBCore middleware, so every write path
// (the store, sync pulls, imports) is covered: a put marks its document as pending (table
// `searchPending`, in the same transaction as the row), a delete marks the run it belonged to. The
// indexer (search-indexer.ts) turns markers into index entries later, when writes go quiet, and deletes
// them; a crash in between leaves the markers, indexed at the next start. Until then search reads the
// rows behind pending markers directly (search.ts), so a row is findable the moment it is saved.
//
// Marker keys: `<runId>\u0001<messageId>` (a message), `<runId>\u0001` (the run's name and description),
// `<runId>\u0002` (the whole run: name and every message; written by bulk loads such as a first sync,
// one marker per run instead of one per message, and by deletes).
import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import Dexie from 'dexie';
import type { PendingDoc, SearchIndexTables } from './search-tables';
import { docId } from './search-tokens';

export type { PendingDoc } from './search-tables';

export const PENDING_TABLE = 'searchPending';
const INDEXED = new Set(['runs', 'messages']);
const WHOLE_RUN = '\u0002';

type Row = Record<string, unknown>;

export function wholeRunMarker(runId: string): string {
  return `${runId}${WHOLE_RUN}`;
}

export type ParsedMarker =
  | { kind: 'run'; runId: string }
  | { kind: 'message'; runId: string; messageId: string }
  | { kind: 'whole'; runId: string };

export function parseMarker(id: string): ParsedMarker {
  if (id.endsWith(WHOLE_RUN)) return { kind: 'whole', runId: id.slice(0, -1) };
  const at = id.indexOf('\u0001');
  if (at < 0 || at === id.length - 1) return { kind: 'run', runId: at < 0 ? id : id.slice(0, at) };
  return { kind: 'message', runId: id.slice(0, at), messageId: id.slice(at + 1) };
}

const stamp = () => Math.floor(Math.random() * 0x7fffffff);

/** The marker a row of `table` leaves, or null for a row too malformed to be indexed. */
function markerOfRow(table: string, value: Row): string | null {
  if (typeof value?.id !== 'string') return null;
  if (table === 'runs') return docId(value.id, null);
  return typeof value.runId === 'string' ? docId(value.runId, value.id) : null;
}

/** Transactions whose caller writes whole-run markers itself (bulk loads): no marker per row. */
const bulkLoads = new WeakSet<object>();

/**
 * Inside a read-write transaction that includes `searchPending`: the rows this transaction writes are
 * indexed run by run (call markRunsForIndexing for them) instead of one marker per row.
 */
export function bulkLoad(): void {
  const trans = Dexie.currentTransaction?.idbtrans;
  if (trans) bulkLoads.add(trans);
}

/** Marks whole runs for indexing, inside the caller's transaction (it must include `searchPending`). */
export async function markRunsForIndexing(db: SearchIndexTables, runIds: Iterable<string>): Promise<void> {
  const marks = [...new Set(runIds)].map((runId): PendingDoc => ({ id: wholeRunMarker(runId), v: stamp() }));
  if (marks.length) await db.searchPending.bulkPut(marks);
}

// Chained with .then, not async/await: Dexie's promises carry the transaction zone that the read
// middlewares below (live-query observation) look for; a native await would drop it.

/** Runs that rows removed by a delete belonged to (read before they go, since a message key alone lacks its run). */
function runsOfRemoved(table: DBCoreTable, trans: DBCoreTransaction, keys: unknown[]): Promise<string[]> {
  if (table.name === 'runs') return Promise.resolve(keys.filter((k): k is string => typeof k === 'string'));
  return table.getMany({ trans, keys }).then((rows: Array<Row | undefined>) => [
    ...new Set(rows.flatMap((row) => (row && typeof row.runId === 'string' ? [row.runId] : []))),
  ]);
}

function removedKeys(table: DBCoreTable, req: DBCoreMutateRequest): Promise<unknown[]> {
  if (req.type === 'delete') return Promise.resolve(req.keys);
  if (req.type !== 'deleteRange') return Promise.resolve([]);
  return table
    .query({ trans: req.trans, values: false, query: { index: table.schema.primaryKey, range: req.range } })
    .then((found) => found.result);
}

/** False inside an upgrade that runs before the marker table exists (an older version's migration). */
function hasMarkers(trans: DBCoreTransaction): boolean {
  const names = (trans as unknown as Partial<IDBTransaction>).objectStoreNames;
  return !names || names.contains(PENDING_TABLE);
}

function indexingTable(table: DBCoreTable, pending: DBCoreTable, written: (trans: DBCoreTransaction) => void): DBCoreTable {
  return {
    ...table,
    mutate(req) {
      if (!hasMarkers(req.trans)) return table.mutate(req);
      if (req.type === 'put' || req.type === 'add') {
        if (bulkLoads.has(req.trans)) {
          written(req.trans);
          return table.mutate(req);
        }
        // The marker is queued beside the row, not after its reply: no extra round trip. For a refused
        // add the marker only makes the current row be indexed again, which is harmless.
        const marks = req.values.flatMap((v: Row) => markerOfRow(table.name, v) ?? []).map((id): PendingDoc => ({ id, v: stamp() }));
        if (marks.length === 0) return table.mutate(req);
        const done = table.mutate(req);
        const marked = pending.mutate({ type: 'put', trans: req.trans, values: marks });
        written(req.trans);
        return done.then((response) => marked.then(() => response));
      }
      // Deletes (delete forever, a sync purge): the indexer reconciles the whole run with what is left.
      return removedKeys(table, req)
        .then((keys) => runsOfRemoved(table, req.trans, keys))
        .then((runIds) =>
          table.mutate(req).then((response) => {
            if (runIds.length === 0) return response;
            written(req.trans);
            const values = runIds.map((runId): PendingDoc => ({ id: wholeRunMarker(runId), v: stamp() }));
            return pending.mutate({ type: 'put', trans: req.trans, values }).then(() => response);
          }),
        );
    },
  };
}

/**
 * The middleware; `onPending` is called once a transaction that left documents pending has committed
 * (the database then schedules the indexer).
 */
export function searchIndexMiddleware(onPending: () => void): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'search-index',
    create(down) {
      if (!down.schema.tables.some((t) => t.name === PENDING_TABLE)) return down;
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
        // A write to runs or messages also writes markers: the marker table joins that transaction.
        transaction(stores, mode, options) {
          const joins = mode === 'readwrite' && stores.some((s) => INDEXED.has(s)) && !stores.includes(PENDING_TABLE);
          return down.transaction(joins ? [...stores, PENDING_TABLE] : stores, mode, options);
        },
        table(name) {
          const table = down.table(name);
          return INDEXED.has(name) ? indexingTable(table, down.table(PENDING_TABLE), written) : table;
        },
      };
    },
  };
}
