// Running usage totals per local day × prompt × model (table `usageTotals`), kept by a Dexie DBCore
// middleware in the same transaction as the reply or run that changes them, on every write path (the store,
// sync pulls, imports, purges): the analytics page reads a few hundred rows instead of every message.
// A reply counts when readReplyUsage counts it; a run counts once, on the day it was made, under its
// starting model, until it is deleted forever. A reply whose run is not on the device yet (a pull brings
// messages before their run) is kept under a placeholder prompt ('?' + run id) that readUsageTotals resolves.
// A run someone else owns and shared with the person (`shared` set) counts for nothing here, nor do its
// replies, nor the replies members wrote in the person's own runs (author ≠ the run's owner): the person's
// figures are their own work.
import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware, Transaction } from 'dexie';
import { putsFreshRows, takeFreshKeys } from '../fresh-rows';
import type { Message } from '../model';
import { readReplyUsage } from './reply-usage';

export const TOTALS_TABLE = 'usageTotals';

export interface UsageTotalRow {
  /** JSON of [day, promptId, modelId]. */
  id: string;
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  promptId: string;
  modelId: string;
  /** The model's name as replies recorded it ('' until a reply names it). */
  modelName: string;
  runs: number;
  replies: number;
  inputTokens: number;
  outputTokens: number;
  estimatedReplies: number;
  totalTime: number;
  timedReplies: number;
  timeToFirstToken: number;
  firstTokenReplies: number;
}

type Counts = Omit<UsageTotalRow, 'id' | 'day' | 'promptId' | 'modelId' | 'modelName'>;
const COUNT_KEYS: Array<keyof Counts> = ['runs', 'replies', 'inputTokens', 'outputTokens', 'estimatedReplies', 'totalTime', 'timedReplies', 'timeToFirstToken', 'firstTokenReplies'];
type Row = Record<string, unknown>;

export const PLACEHOLDER_PREFIX = '?';

/** The local calendar day of an ISO time (the device's time zone), 'YYYY-MM-DD'. */
export function localDay(iso: string): string | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

export const totalsKey = (day: string, promptId: string, modelId: string) => JSON.stringify([day, promptId, modelId]);

interface Contribution {
  key: string;
  day: string;
  promptId: string;
  modelId: string;
  modelName: string;
  counts: Partial<Counts>;
}

/** The prompt a reply counts under; `false` when it is not the person's (not counted), null when unknown. */
type PromptOf = (reply: Row & { runId: string }) => string | null | false;

/** The prompt a stored run row counts under (see PromptOf). */
export const countedPrompt = (r: Row | undefined): string | null | false => (r?.shared ? false : typeof r?.prompt_id === 'string' ? r.prompt_id : null);

/** A reply counts under its run's prompt, unless someone other than the run's owner wrote it (a member). */
const replyPrompt = (run: Row | undefined, reply: Row): string | null | false =>
  typeof reply.authorId === 'string' && typeof run?.user_id === 'string' && reply.authorId !== run.user_id ? false : countedPrompt(run);

function replyContribution(m: Row, promptOf: PromptOf): Contribution | null {
  if (m?.role !== 'assistant' || typeof m.runId !== 'string' || typeof m.createdAt !== 'string') return null;
  const usage = readReplyUsage(m as unknown as Message);
  const day = usage && localDay(m.createdAt);
  const prompt = promptOf(m as Row & { runId: string });
  if (!usage || !day || prompt === false) return null;
  const promptId = prompt ?? `${PLACEHOLDER_PREFIX}${m.runId}`;
  return {
    key: totalsKey(day, promptId, usage.modelId),
    day,
    promptId,
    modelId: usage.modelId,
    modelName: usage.modelName,
    counts: {
      replies: 1,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      estimatedReplies: usage.estimated ? 1 : 0,
      totalTime: usage.totalTime ?? 0,
      timedReplies: usage.totalTime === null ? 0 : 1,
      timeToFirstToken: usage.timeToFirstToken ?? 0,
      firstTokenReplies: usage.timeToFirstToken === null ? 0 : 1,
    },
  };
}

/** A run's own count; none for the blank row a purge leaves (deleted, no messages). */
function runContribution(r: Row): Contribution | null {
  if (typeof r?.prompt_id !== 'string' || typeof r.created_at !== 'string' || r.shared) return null;
  if (r.status === 'deleted' && r.message_count === 0) return null;
  const settings = (r.settings ?? {}) as Row;
  const modelId = typeof settings.model_id === 'string' && settings.model_id ? settings.model_id : 'unknown';
  const day = localDay(r.created_at);
  if (!day) return null;
  return { key: totalsKey(day, r.prompt_id, modelId), day, promptId: r.prompt_id, modelId, modelName: '', counts: { runs: 1 } };
}

/** Adds (sign 1) or takes away (sign -1) contributions into a map of rows. */
function apply(into: Map<string, UsageTotalRow>, contributions: Array<Contribution | null>, sign: 1 | -1) {
  for (const c of contributions) {
    if (!c) continue;
    let row = into.get(c.key);
    if (!row) {
      row = { id: c.key, day: c.day, promptId: c.promptId, modelId: c.modelId, modelName: '', ...Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) } as UsageTotalRow;
      into.set(c.key, row);
    }
    for (const k of COUNT_KEYS) row[k] += sign * (c.counts[k] ?? 0);
    if (sign === 1 && c.modelName) row.modelName = c.modelName;
  }
}

/** Merge deltas into stored rows; rows whose counts all fall to zero are removed. */
function mergeDeltas(stored: Array<UsageTotalRow | undefined>, deltas: UsageTotalRow[]) {
  const puts: UsageTotalRow[] = [];
  const deletes: string[] = [];
  deltas.forEach((d, i) => {
    const base = stored[i];
    const next = { ...d, modelName: d.modelName || base?.modelName || '' };
    for (const k of COUNT_KEYS) next[k] = (base?.[k] ?? 0) + d[k];
    if (COUNT_KEYS.every((k) => next[k] === 0)) deletes.push(d.id);
    else puts.push(next);
  });
  return { puts, deletes };
}

function storesOf(trans: DBCoreTransaction): DOMStringList | undefined {
  return (trans as unknown as Partial<IDBTransaction>).objectStoreNames;
}

// Chained with .then, not async/await: Dexie's promises carry the transaction zone (see search-index.ts).

/** Each transaction's last update of the totals: the next one reads the rows only once it is written. */
const lastUpdate = new WeakMap<DBCoreTransaction, Promise<unknown>>();

/**
 * Adds the deltas to the stored rows (read, then written back). Updates within one transaction go one
 * after another: two writes issued together (an import's parts) would both read a row before either
 * wrote it, and the second would undo the first's counts.
 */
function writeDeltas(totals: DBCoreTable, trans: DBCoreTransaction, deltas: Map<string, UsageTotalRow>): Promise<unknown> {
  const rows = [...deltas.values()].filter((d) => COUNT_KEYS.some((k) => d[k] !== 0) || d.modelName);
  if (rows.length === 0) return Promise.resolve();
  const update = () => totals.getMany({ trans, keys: rows.map((r) => r.id) }).then((stored: Array<UsageTotalRow | undefined>) => {
    const { puts, deletes } = mergeDeltas(stored, rows);
    return Promise.all([
      puts.length ? totals.mutate({ type: 'put', trans, values: puts }) : undefined,
      deletes.length ? totals.mutate({ type: 'delete', trans, keys: deletes }) : undefined,
    ]);
  });
  const before = lastUpdate.get(trans);
  const done = before ? before.then(update) : update();
  // A failed update aborts the transaction; the ones after it fail on their own.
  lastUpdate.set(trans, done.catch(() => undefined));
  return done;
}

function keysOf(table: DBCoreTable, req: DBCoreMutateRequest): Promise<unknown[]> {
  if (req.type === 'delete') return Promise.resolve(req.keys);
  if (req.type === 'deleteRange') {
    return table.query({ trans: req.trans, values: false, query: { index: table.schema.primaryKey, range: req.range } }).then((r) => r.result);
  }
  const key = table.schema.primaryKey.keyPath;
  return Promise.resolve(typeof key === 'string' ? req.values.map((v: Row) => v?.[key]) : []);
}

/**
 * The rows a write replaces, as stored before it. An add replaces none (an add onto an existing key fails,
 * and failed writes count for nothing), so it reads nothing: an import adds thousands of messages per
 * transaction, and reading each one's absence cost a request apiece on the page's main thread.
 */
function rowsBefore(table: DBCoreTable, req: DBCoreMutateRequest, fresh = false): Promise<Array<Row | undefined>> {
  if (req.type === 'add' || (fresh && req.type === 'put')) return Promise.resolve(req.values.map(() => undefined));
  return keysOf(table, req).then((keys) => {
    // Keys the transaction declared new (sync/fresh-rows.ts) have no earlier copy: only the others are read.
    const isFresh = req.type === 'put' ? takeFreshKeys(req.trans, table.name, keys) : keys.map(() => false);
    const read = keys.filter((_, i) => !isFresh[i]);
    if (read.length === keys.length) return table.getMany({ trans: req.trans, keys });
    const got = read.length ? table.getMany({ trans: req.trans, keys: read }) : Promise.resolve([]);
    return got.then((rows: Array<Row | undefined>) => {
      let next = 0;
      return keys.map((_, i) => (isFresh[i] ? undefined : rows[next++]));
    });
  });
}

/** A finished reply among the values written: only those (and deletes) can change reply totals. */
const mayCount = (v: Row) => v?.role === 'assistant' && v.status !== 'streaming';

function messagesTable(table: DBCoreTable, runs: DBCoreTable, totals: DBCoreTable): DBCoreTable {
  return {
    ...table,
    mutate(req) {
      const names = storesOf(req.trans);
      if (names && !names.contains(TOTALS_TABLE)) return table.mutate(req);
      const writes = req.type === 'put' || req.type === 'add' ? (req.values as Row[]) : null;
      // Checkpoints and user messages: a finished reply is never rewritten as streaming, so nothing changes.
      if (writes && !writes.some(mayCount)) return table.mutate(req);
      // Rows declared new have no earlier copy to take back (sync/fresh-rows.ts): no read.
      return rowsBefore(table, req, writes !== null && putsFreshRows(req.trans, 'messages'))
        .then((before: Array<Row | undefined>) => {
          const runIds = [...new Set([...before, ...(writes ?? [])].flatMap((m) => (m && typeof m.runId === 'string' ? [m.runId] : [])))];
          return runs.getMany({ trans: req.trans, keys: runIds }).then((runRows: Array<Row | undefined>) => {
            const rowsById = new Map(runIds.map((id, i) => [id, runRows[i]]));
            const promptOf: PromptOf = (m) => replyPrompt(rowsById.get(m.runId), m);
            return table.mutate(req).then((response) => {
              const deltas = new Map<string, UsageTotalRow>();
              const failed = new Set(Object.keys(response.failures ?? {}).map(Number));
              apply(deltas, before.map((m, i) => (m && !failed.has(i) ? replyContribution(m, promptOf) : null)), -1);
              // A write that failed left its row as it was: neither taken away nor added.
              if (writes) apply(deltas, writes.map((m, i) => (failed.has(i) ? null : replyContribution(m, promptOf))), 1);
              return writeDeltas(totals, req.trans, deltas).then(() => response);
            });
          });
        });
    },
  };
}

function runsTable(table: DBCoreTable, totals: DBCoreTable): DBCoreTable {
  return {
    ...table,
    mutate(req) {
      const names = storesOf(req.trans);
      if (names && !names.contains(TOTALS_TABLE)) return table.mutate(req);
      const writes = req.type === 'put' || req.type === 'add' ? (req.values as Row[]) : null;
      return rowsBefore(table, req)
        .then((before: Array<Row | undefined>) =>
          table.mutate(req).then((response) => {
            const deltas = new Map<string, UsageTotalRow>();
            const failed = new Set(Object.keys(response.failures ?? {}).map(Number));
            apply(deltas, before.map((r, i) => (r && !failed.has(i) ? runContribution(r) : null)), -1);
            if (writes) apply(deltas, writes.map((r, i) => (failed.has(i) ? null : runContribution(r))), 1);
            return writeDeltas(totals, req.trans, deltas).then(() => response);
          }),
        );
    },
  };
}

export function usageTotalsMiddleware(): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'usage-totals',
    create(down) {
      if (!down.schema.tables.some((t) => t.name === TOTALS_TABLE)) return down;
      return {
        ...down,
        // A write to runs or messages also writes the totals: they join that transaction.
        transaction(stores, mode, options) {
          const joins = mode === 'readwrite' && (stores.includes('messages') || stores.includes('runs')) && !stores.includes(TOTALS_TABLE);
          // The reply totals need the run's prompt: runs join a messages transaction for reading.
          const extra = [TOTALS_TABLE, ...(stores.includes('messages') && !stores.includes('runs') ? ['runs'] : [])];
          return down.transaction(joins ? [...stores, ...extra] : stores, mode, options);
        },
        table(name) {
          const table = down.table(name);
          if (name === 'messages') return messagesTable(table, down.table('runs'), down.table(TOTALS_TABLE));
          if (name === 'runs') return runsTable(table, down.table(TOTALS_TABLE));
          return table;
        },
      };
    },
  };
}

/** Every run's and reply's totals computed afresh (the upgrade that adds the table, and a time-zone change). */
export async function rebuildUsageTotals(tx: Pick<Transaction, 'table'>): Promise<void> {
  const runs = new Map<string, Row>();
  const rows = new Map<string, UsageTotalRow>();
  await tx.table('runs').each((r: Row) => {
    if (typeof r.id === 'string') runs.set(r.id, { prompt_id: r.prompt_id, user_id: r.user_id, shared: r.shared });
    apply(rows, [runContribution(r)], 1);
  });
  await tx.table('messages').each((m: Row) => apply(rows, [replyContribution(m, (reply) => replyPrompt(runs.get(reply.runId), reply))], 1));
  await tx.table(TOTALS_TABLE).clear();
  await tx.table(TOTALS_TABLE).bulkPut([...rows.values()]);
}
