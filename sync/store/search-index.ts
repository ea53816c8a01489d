// Keeps the full-text index (table `searchIndex`: one document per run name and per message, multi-entry
// on its words) in step with runs and messages. It is a Dexie DBCore middleware, so every write path —
// the store, sync pulls, imports — updates the index inside the same transaction as the row itself.
import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware, Transaction } from 'dexie';
import { docId, messageDoc, runDoc, type SearchDoc } from './search-tokens';

export const SEARCH_TABLE = 'searchIndex';
const INDEXED = new Set(['runs', 'messages']);

type Row = Record<string, unknown>;

function toDoc(table: string, value: Row): SearchDoc | null {
  if (typeof value?.id !== 'string') return null;
  if (table === 'runs') {
    return typeof value.name === 'string' ? runDoc({ id: value.id, name: value.name, description: String(value.description ?? '') }) : null;
  }
  return typeof value.runId === 'string' && typeof value.content === 'string'
    ? messageDoc({ id: value.id, runId: value.runId, content: value.content })
    : null;
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

/** False inside an upgrade that runs before the index table exists (an older version's migration). */
function hasIndex(trans: DBCoreTransaction): boolean {
  const names = (trans as unknown as Partial<IDBTransaction>).objectStoreNames;
  return !names || names.contains(SEARCH_TABLE);
}

function indexingTable(table: DBCoreTable, index: DBCoreTable): DBCoreTable {
  return {
    ...table,
    mutate(req) {
      if (!hasIndex(req.trans)) return table.mutate(req);
      if (req.type === 'put') {
        // A put cannot fail on a duplicate key, so the index write is queued at once instead of after the
        // row's reply: one round trip less on every auto-save.
        const docs = req.values.flatMap((v: Row) => toDoc(table.name, v) ?? []);
        if (docs.length === 0) return table.mutate(req);
        const written = table.mutate(req);
        const indexed = index.mutate({ type: 'put', trans: req.trans, values: docs });
        return written.then((response) => indexed.then(() => response));
      }
      if (req.type === 'add') {
        // An add may be refused (duplicate key): index only once the row is in.
        return table.mutate(req).then((response) => {
          const docs = req.values.flatMap((v: Row) => toDoc(table.name, v) ?? []);
          if (docs.length === 0) return response;
          return index.mutate({ type: 'put', trans: req.trans, values: docs }).then(() => response);
        });
      }
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

export const searchIndexMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'search-index',
  create(down) {
    if (!down.schema.tables.some((t) => t.name === SEARCH_TABLE)) return down;
    return {
      ...down,
      // A write to runs or messages also writes the index, so the index joins that transaction.
      transaction(stores, mode, options) {
        const joins = mode === 'readwrite' && stores.some((s) => INDEXED.has(s)) && !stores.includes(SEARCH_TABLE);
        return down.transaction(joins ? [...stores, SEARCH_TABLE] : stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        return INDEXED.has(name) ? indexingTable(table, down.table(SEARCH_TABLE)) : table;
      },
    };
  },
};

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
