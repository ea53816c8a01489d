// Applies the initial sync's pages. Runs (and prompts) go through the engine's own applyRows, so the
// same rules hold as for any pulled page (fields with pending local edits kept, purges final, rows that
// cannot be read parked in the dead letters); it runs nested in a transaction that also queues the runs
// for their messages and records the progress, so a closed tab resumes where it stopped. Messages are
// stored in bulk without reading back what was just written; each run's count and activity follow the
// messages it now holds, by the rule every replica uses (merge.ts).
import type { PromptRunsDB } from '../db';
import { applyRows } from '../engine/apply-pull';
import { pullTables } from '../engine/apply-organize';
import { laterActivity, mergeMessages, runActivity } from '../merge';
import type { Message, Run } from '../model';
import { parseMessageRecord } from '../parse-records';
import { countVisible } from '../store/visible-count';
import { declareFreshRows } from '../fresh-rows';
import { purgedAmong } from '../purged-runs';
import { bulkLoad, markRunsForIndexing } from '../search/search-index';
import { timeSlicer } from '../yield';
import { ROWS_PER_PART, writeSlices } from '../store/write-in-parts';

import { SNAPSHOT_META, type SnapshotProgress } from './snapshot-progress';

export { readProgress, SNAPSHOT_META, startProgress, type SnapshotProgress } from './snapshot-progress';

export interface RunsPageInput {
  prompts: unknown[];
  runs: unknown[];
  progress: SnapshotProgress;
}

const idOf = (raw: unknown) => (raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null);

/**
 * Runs put together, one task's worth: a put serializes its rows on the page's thread (about 0.2 ms a run
 * row on a 2-core host). New device at 10,000 runs, beside parts of 250 in the same run: 16 tasks of 50 ms or
 * more instead of 35, the longest 91 ms instead of 149.
 */
export const RUNS_PER_PUT = 100;

/**
 * First-sync queue entries put or deleted together (the first two parts are issued in one task). They are
 * small, but a page's 1,000 issued at once made a task of 53-65 ms (3,000-run first sync, CPU profile), and
 * so did deleting a batch's 1,000.
 */
const QUEUE_PER_PART = 250;

/** Stores a page of runs (newest first) and queues them for their messages; returns how many rows were invalid. */
export async function applyRunsPage(db: PromptRunsDB, page: RunsPageInput): Promise<number> {
  return db.transaction('rw', [...pullTables(db), db.snapshotQueue], async () => {
    // Rows stay unchecked until applyRows parses them one by one (as it does a pulled page).
    // Until its messages are here, a run shows the server's message count (stored with the row, in one put).
    // In parts: each part's put of runs is its own task (a page of 1,000 runs put at once is one long task).
    let invalid = 0;
    const stored = new Map<string, Run>();
    for (let i = 0; i < Math.max(1, page.runs.length); i += RUNS_PER_PUT) {
      const part = { prompts: (i === 0 ? page.prompts : []) as never[], runs: page.runs.slice(i, i + RUNS_PER_PUT) as never[] };
      const applied = await applyRows(db, { ...part, messages: [], cursor: null, serverCounts: true });
      invalid += applied.invalid;
      for (const run of applied.storedRuns) stored.set(run.id, run);
    }
    const ids = [...new Set(page.runs.map(idOf).filter((id): id is string => id !== null && stored.has(id)))];
    const purged = await purgedAmong(db, ids);
    // Each with its message count, so choosing a batch of runs reads no run rows.
    const queued = ids.flatMap((runId, i) => (!purged[i] ? [{ runId, messages: stored.get(runId)!.message_count }] : []));
    await writeSlices(queued.map((q, i) => ({ ...q, ord: page.progress.ord + i })), QUEUE_PER_PART, (rows) => db.snapshotQueue.bulkPut(rows));
    await db.meta.put({ key: SNAPSHOT_META, value: { ...page.progress, ord: page.progress.ord + queued.length } });
    return invalid;
  });
}

/** Parses rows in slices (outside any transaction), so a page of thousands never makes a long task. */
async function parseMessages(rows: readonly unknown[]): Promise<{ valid: Message[]; invalid: number }> {
  const slice = timeSlicer();
  const valid: Message[] = [];
  let invalid = 0;
  for (const raw of rows) {
    const wire = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : null;
    const fields = wire ? Object.fromEntries(Object.entries({ ...wire, runId: wire.run_id }).filter(([k, v]) => v !== null || k === 'parentId')) : wire;
    const parsed = parseMessageRecord(fields);
    if (parsed.ok) valid.push(parsed.value);
    else invalid += 1;
    await slice.maybeYield();
  }
  return { valid, invalid };
}

const range = (runId: string) => [[runId, ''], [runId, '\uffff']] as const;

/**
 * What a batch of runs has gathered over its pages. Its runs are put once, with its last page: a put of
 * runs makes every list of runs on screen read them again (thousands of rows on each page of messages),
 * so the pages in between store messages only.
 */
export interface BatchState {
  /** Messages each run received in this batch: all it holds, unless it is in `readBack`. */
  held: Map<string, Message[]>;
  /** Each run as read when its first messages came; a row changed since (written here meanwhile) is counted again from its messages. */
  seen: Map<string, Run>;
  /** Runs that held messages before this batch: counted from every message they hold. */
  readBack: Set<string>;
}

export const newBatchState = (): BatchState => ({ held: new Map(), seen: new Map(), readBack: new Set() });

const DERIVED = ['message_count', 'visible_message_count', 'last_message_at', 'last_message_preview'] as const;
const sameRow = (a: Run, b: Run) => a.updated_at === b.updated_at && a.current_leaf_id === b.current_leaf_id && DERIVED.every((k) => a[k] === b[k]);

/** Runs counted and put together at a batch's end, one task's worth (a batch holds up to 500). */
const RUNS_PER_UPDATE = 100;

/** Each run's count and activity by the rule every replica uses, from the messages it now holds; puts the runs that changed, in parts. */
async function updateRuns(db: PromptRunsDB, state: BatchState): Promise<void> {
  const all = [...state.seen.keys()];
  for (let p = 0; p < all.length; p += RUNS_PER_UPDATE) {
    const ids = all.slice(p, p + RUNS_PER_UPDATE);
    const [runs, purged] = await Promise.all([db.runs.bulkGet(ids), purgedAmong(db, ids)]);
    const updated: Run[] = [];
    await Promise.all(ids.map(async (runId, i) => {
      const run = runs[i];
      if (!run || purged[i]) return;
      const recount = state.readBack.has(runId) || !sameRow(run, state.seen.get(runId)!);
      const held = recount ? await db.messages.where('[runId+createdAt]').between(...range(runId)).toArray() : mergeMessages([], state.held.get(runId) ?? []);
      const complete = held.filter((m) => m.status !== 'streaming');
      const activity = complete.length ? laterActivity(runActivity(run.created_at, complete), run) : run;
      const next: Run = {
        ...run, message_count: complete.length, visible_message_count: countVisible(held, run.current_leaf_id),
        last_message_at: activity.last_message_at, last_message_preview: activity.last_message_preview,
      };
      if (DERIVED.some((k) => next[k] !== run[k])) updated.push(next);
    }));
    await db.runs.bulkPut(updated);
  }
}

/**
 * Stores a page of messages of the runs in `batch`. `done`: the last page for that batch, which leaves
 * the queue. Messages already here are merged by id; a run that held messages before is read back whole.
 * With a `state` (one per batch), runs are updated at the batch's last page only; without, at this page.
 */
export async function applyMessagesPage(db: PromptRunsDB, batch: readonly string[], rows: unknown[], done: boolean, state?: BatchState): Promise<number> {
  const parsed = await parseMessages(rows);
  const byRun = new Map<string, Message[]>();
  for (const m of parsed.valid) byRun.set(m.runId, [...(byRun.get(m.runId) ?? []), m]);
  const runIds = [...byRun.keys()];
  const gathered = state ?? newBatchState();
  await db.transaction('rw', [db.messages, db.runs, db.purged, db.searchPending, db.snapshotQueue], async () => {
    bulkLoad();
    const [purged, runs, localKeys] = await Promise.all([
      purgedAmong(db, runIds),
      db.runs.bulkGet(runIds),
      Promise.all(runIds.map((id) => db.messages.where('[runId+createdAt]').between(...range(id)).primaryKeys())),
    ]);
    const live = runIds.filter((_, i) => !purged[i]);
    runIds.forEach((id, i) => {
      const run = runs[i];
      if (purged[i] || !run || gathered.seen.has(id)) return;
      gathered.seen.set(id, run);
      if (localKeys[i]!.length > 0) gathered.readBack.add(id);
    });
    // Only messages the device already has are read back (normally none on a new device).
    const known = new Set(runIds.flatMap((_, i) => localKeys[i] as string[]));
    const incoming = live.flatMap((id) => byRun.get(id)!);
    const overlap = (await db.messages.bulkGet(incoming.filter((m) => known.has(m.id)).map((m) => m.id))).filter((m): m is Message => !!m);
    const locals = new Map(overlap.map((m) => [m.id, m]));
    const winners = mergeMessages(overlap, incoming).filter((m) => m !== locals.get(m.id));
    // None of them is here yet (the usual case): the usage totals need not read what they replace.
    if (overlap.length === 0) declareFreshRows('messages');
    // Parts of 100, two in flight: the storage engine writes one while the page serializes the next (parts
    // of 250 made tasks of 55-107 ms in a 2,000-run first sync).
    await writeSlices(winners, ROWS_PER_PART, (rows) => db.messages.bulkPut(rows));
    await markRunsForIndexing(db, live);
    for (const id of live) if (!gathered.readBack.has(id)) gathered.held.set(id, [...(gathered.held.get(id) ?? []), ...byRun.get(id)!]);
    if (done || !state) await updateRuns(db, gathered);
    if (done) await writeSlices(batch, QUEUE_PER_PART, (ids) => db.snapshotQueue.bulkDelete(ids));
  });
  return parsed.invalid;
}
