// A new device's first sync, newest runs first (the engine calls it while it has no pull cursor):
//   1. runs, a page at a time, newest first (each run queued for its messages in that order);
//   2. the queued runs' messages, a batch of runs at a time;
//   3. the pull cursor of the snapshot, from which the engine's ordinary pull takes over (gap-free: see
//      the migration *_initial_sync_snapshot.sql).
// The next page is asked for while the current one is stored. Progress is kept with each page, so a
// reload resumes; a server without the snapshot functions leaves the first sync to the ordinary pull.
import type { PromptRunsDB } from '../db';
import type { AuthPort } from '../engine/sync-engine';
import { META } from '../engine/sync-meta';
import type { TransportFailure, TransportResult } from '../engine/transport';
import { applyMessagesPage, applyRunsPage, newBatchState, readProgress, SNAPSHOT_META, startProgress } from './apply-snapshot';
import type { SnapshotRunsPage, SnapshotTransport } from './snapshot-transport';

export type InitialSyncResult = { ok: true; runs: number; messages: number } | { ok: false; failure: TransportFailure };

/** What the engine calls when it has no cursor; resolves once the snapshot is held and the cursor set. */
export type InitialSync = (db: PromptRunsDB) => Promise<InitialSyncResult>;

export interface InitialSyncOptions {
  transport: SnapshotTransport;
  auth?: AuthPort;
  /**
   * Runs per page (default 1,000: a page is stored in one transaction, in parts of 100 runs, and each
   * transaction that puts runs makes the lists on screen read every run again, so pages are big), the
   * first page at most `firstRunsPage` (default 50): the newest runs are listed as soon as they are here.
   */
  runsPage?: number;
  firstRunsPage?: number;
  /**
   * Messages per page (default 1,000) and per batch of runs asked for together (default 10,000; the first
   * batch at most `firstMessagesBatch`, default 2,000, so the newest runs are whole soon). A batch's runs
   * are put once, with its last page: each put of runs makes the lists on screen read every run again.
   */
  messagesPage?: number;
  messagesPerBatch?: number;
  firstMessagesBatch?: number;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; failure: TransportFailure };

/**
 * The next runs to ask messages for, newest first, up to about `budget` messages (at least one run). Sized
 * by the counts queued with the runs: reading the runs' rows here (one request per run, in a transaction
 * that waits for the lists' reads of runs) held every batch's first page back.
 */
export async function nextBatch(db: PromptRunsDB, afterOrd: number, budget: number): Promise<{ runIds: string[]; lastOrd: number } | null> {
  const queued = await db.snapshotQueue.where('ord').above(afterOrd).limit(500).toArray();
  if (queued.length === 0) return null;
  // Entries queued before the counts were kept: their runs' rows tell.
  const uncounted = queued.filter((q) => typeof q.messages !== 'number').map((q) => q.runId);
  const rows = uncounted.length ? await db.runs.bulkGet(uncounted) : [];
  const counted = new Map(uncounted.map((id, i) => [id, rows[i]?.message_count]));
  const runIds: string[] = [];
  let messages = 0;
  let lastOrd = afterOrd;
  for (const q of queued) {
    const count = Math.max(1, q.messages ?? counted.get(q.runId) ?? 20);
    if (runIds.length > 0 && (messages + count > budget || runIds.length >= 1_000)) break;
    runIds.push(q.runId);
    messages += count;
    lastOrd = q.ord;
  }
  return { runIds, lastOrd };
}

export function createInitialSync(options: InitialSyncOptions): InitialSync {
  const runsPage = options.runsPage ?? 1_000;
  const firstRunsPage = Math.min(runsPage, options.firstRunsPage ?? 50);
  const messagesPage = options.messagesPage ?? 1_000;
  const perBatch = options.messagesPerBatch ?? 10_000;
  const firstBatch = Math.min(perBatch, options.firstMessagesBatch ?? 2_000);

  return async (db) => {
    let refreshed = false;
    /** One call, after refreshing the session once if the server says it expired. */
    async function call<T>(send: () => Promise<TransportResult<T>>): Promise<Outcome<T>> {
      for (;;) {
        const r = await send();
        if (r.kind === 'ok') return { ok: true, value: r.value };
        if (r.kind === 'unauthorized' && !refreshed && options.auth) {
          refreshed = true;
          if (await options.auth.refresh()) continue;
        }
        return { ok: false, failure: r };
      }
    }
    const missing = (f: TransportFailure) => f.kind === 'server' && f.status === 404;
    let progress = readProgress((await db.meta.get(SNAPSHOT_META))?.value) ?? startProgress();
    let runs = 0;
    let messages = 0;

    // The indexer waits for the last page: passes between pages would take the storage engine and the
    // page's thread from storing them (search reads the runs still pending meanwhile), and it then
    // indexes every run in big passes.
    const release = db.holdIndexing();
    try {
      // 1. Runs, newest first.
      let pending: Promise<Outcome<SnapshotRunsPage>> | null = progress.runsDone ? null : call(() => options.transport.runs({ after: progress.next, max_rows: progress.next === null ? firstRunsPage : runsPage }));
      while (pending) {
        const got = await pending;
        if (!got.ok) return missing(got.failure) && runs === 0 && progress.since === null ? { ok: true, runs: 0, messages: 0 } : got;
        const page = got.value;
        pending = page.has_more ? call(() => options.transport.runs({ after: page.next, max_rows: runsPage })) : null;
        progress = { ...progress, since: page.since, next: page.next, runsDone: !page.has_more };
        await applyRunsPage(db, { prompts: page.prompts, runs: [...page.runs, ...page.changed], progress });
        progress = readProgress((await db.meta.get(SNAPSHOT_META))?.value) ?? progress;
        runs += page.runs.length + page.changed.length;
      }

      // 2. Their messages, a batch of runs at a time, in the order the runs came.
      const fetchFirst = (runIds: string[]) => call(() => options.transport.messages({ run_ids: runIds, after: null, max_rows: messagesPage }));
      let batch = await nextBatch(db, -1, firstBatch);
      let first = batch ? fetchFirst(batch.runIds) : null;
      while (batch && first) {
        let got = await first;
        const next = await nextBatch(db, batch.lastOrd, perBatch);
        const nextFirst = next ? fetchFirst(next.runIds) : null;
        const state = newBatchState();
        for (;;) {
          if (!got.ok) return got;
          const page = got.value;
          const more = page.next ? call(() => options.transport.messages({ run_ids: batch!.runIds, after: page.next, max_rows: messagesPage })) : null;
          await applyMessagesPage(db, batch.runIds, page.messages, page.next === null, state);
          messages += page.messages.length;
          if (!more) break;
          got = await more;
        }
        batch = next;
        first = nextFirst;
      }
    } finally {
      release();
    }

    // 3. The pull takes over from the snapshot.
    await db.transaction('rw', db.meta, async () => {
      if (progress.since !== null) await db.meta.put({ key: META.cursor, value: progress.since });
      await db.meta.delete(SNAPSHOT_META);
    });
    return { ok: true, runs, messages };
  };
}
