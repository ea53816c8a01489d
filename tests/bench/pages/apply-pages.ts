// Storing pulled pages, in real Chromium IndexedDB (a profile on disk): a first sync's pages (runs, then
// messages, as sync/snapshot stores them) and the ordinary pull's pages (applyPull), page after page into a
// database growing to 10,000 runs / 200,000 messages, each page timed, so the cost of a page at the start
// and at the end can be compared. Baseline in the same run: the same rows put with plain IndexedDB calls
// (no merge, no middleware, no index markers), the floor of what storing them can cost.
import Dexie from 'dexie';
import { PromptRunsDB } from '@sync/db';
import { applyPull } from '@sync/engine/apply-pull';
import type { PullResponse } from '@sync/protocol';
import { applyMessagesPage, applyRunsPage, startProgress } from '@sync/snapshot/apply-snapshot';
import { createCorpus } from '../support/corpus';
import { round, stats, type BenchFigure, type BenchOptions } from '../harness';

const PER_RUN = 20;

function makeRuns(corpus: ReturnType<typeof createCorpus>, first: number, count: number) {
  const runs: Array<Record<string, unknown>> = [];
  const messages: Array<Record<string, unknown>> = [];
  const base = Date.UTC(2026, 10, 1);
  for (let i = first; i < first + count; i += 1) {
    const id = `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`;
    const at = (m: number) => new Date(base - i * 3_600_000 + m * 60_000).toISOString();
    let parent: string | null = null;
    for (let m = 0; m < PER_RUN; m += 1) {
      const mid = `${id.slice(0, 24)}${String(i * PER_RUN + m).padStart(12, '0')}`.replace('-a000-', '-b000-');
      messages.push({ id: mid, run_id: id, parentId: parent, role: m % 2 ? 'assistant' : 'user', content: m % 2 ? corpus.text(300, 1_400) : corpus.text(100, 400), status: 'done', createdAt: at(m) });
      parent = mid;
    }
    runs.push({ id, prompt_id: 'p', user_id: 'u', name: `Run ${i}`, description: '', variable_values: {}, settings: { provider: 'echo', model_id: 'echo' },
      status: 'active', message_count: PER_RUN, is_starred: false, is_pinned: false, created_at: at(0), updated_at: at(PER_RUN), last_message_at: at(PER_RUN - 1),
      current_leaf_id: parent, last_message_preview: '', field_updated_at: {}, purged_at: null });
  }
  return { runs, messages };
}

async function fresh(name: string): Promise<PromptRunsDB> {
  await Dexie.delete(name);
  const db = new PromptRunsDB(name);
  // Indexing is left out of these timings (the search-index bench measures it).
  db.scheduleIndexing = () => undefined;
  await db.prompts.put({ id: 'p', user_id: 'u', name: 'Bench', description: '', system_message: '', user_template: '{{x}}', variables: [],
    settings: { provider: 'echo', model_id: 'echo' }, status: 'active', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', field_updated_at: {} } as never);
  return db;
}

/** ms per page over the first and the last tenth of the pages. */
function ends(times: number[]) {
  const tenth = Math.max(1, Math.floor(times.length / 10));
  return { first: stats(times.slice(0, tenth)), last: stats(times.slice(-tenth)) };
}

async function snapshotPath(runCount: number) {
  const db = await fresh('bench-apply-snapshot');
  const corpus = createCorpus(3);
  const runPages: number[] = [];
  const messagePages: number[] = [];
  let progress = startProgress();
  const CHUNK = 250;
  for (let i = 0; i < runCount; i += CHUNK) {
    const { runs, messages } = makeRuns(corpus, i, Math.min(CHUNK, runCount - i));
    const t0 = performance.now();
    await applyRunsPage(db, { prompts: [], runs, progress });
    runPages.push(performance.now() - t0);
    progress = { ...progress, ord: progress.ord + runs.length };
    const ids = runs.map((r) => r.id as string);
    for (let m = 0; m < messages.length; m += 1_000) {
      const page = messages.slice(m, m + 1_000);
      const t1 = performance.now();
      await applyMessagesPage(db, ids, page, m + 1_000 >= messages.length);
      messagePages.push(performance.now() - t1);
    }
  }
  db.close();
  await Dexie.delete('bench-apply-snapshot');
  return { runPages, messagePages };
}

async function pullPath(runCount: number) {
  const db = await fresh('bench-apply-pull');
  const corpus = createCorpus(3);
  const pages: number[] = [];
  for (let i = 0; i < runCount; i += 25) {
    // A pull page of ~525 rows: 25 runs and their messages, as sync_pull orders them.
    const { runs, messages } = makeRuns(corpus, i, Math.min(25, runCount - i));
    const page = { protocol: 1, cursor: `c${i}`, has_more: true, server_time: new Date().toISOString(), prompts: [], runs, messages } as unknown as PullResponse;
    const t0 = performance.now();
    await applyPull(db, page);
    pages.push(performance.now() - t0);
  }
  db.close();
  await Dexie.delete('bench-apply-pull');
  return pages;
}

async function plainPuts(runCount: number) {
  await Dexie.delete('bench-apply-plain');
  const db = await fresh('bench-apply-plain');
  db.close();
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open('bench-apply-plain');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const corpus = createCorpus(3);
  const pages: number[] = [];
  for (let i = 0; i < runCount; i += 50) {
    const { runs, messages } = makeRuns(corpus, i, Math.min(50, runCount - i));
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const tx = idb.transaction(['runs', 'messages'], 'readwrite', { durability: 'relaxed' });
      for (const r of runs) tx.objectStore('runs').put(r);
      for (const m of messages) tx.objectStore('messages').put({ ...m, runId: m.run_id });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    pages.push(performance.now() - t0);
  }
  idb.close();
  await Dexie.delete('bench-apply-plain');
  return pages;
}

window.__bench = async (options?: BenchOptions): Promise<BenchFigure[]> => {
  const runs = options?.smoke ? 100 : Math.round(10_000 * (options?.scale ?? 1));
  const plain = ends(await plainPuts(runs));
  const snapshot = await snapshotPath(runs);
  const msgs = ends(snapshot.messagePages);
  const pull = ends(await pullPath(runs));
  const perRow = (ms: number, rows: number) => Math.round(rows / (ms / 1000));
  const label = `${runs.toLocaleString('en-US')} runs / ${(runs * PER_RUN).toLocaleString('en-US')} messages`;
  return [
    {
      name: `First sync's message pages (1,000 messages each) stored into a database growing to ${label}: rows/s over the first tenth of the pages → the last tenth`,
      unit: 'rows/s',
      value: perRow(msgs.last.median, 1_000),
      baseline: { name: `the first tenth of the same pages (${perRow(msgs.first.median, 1_000)} rows/s); plain IndexedDB puts of the same rows, first → last tenth: ${perRow(plain.first.median, 50 * 21)} → ${perRow(plain.last.median, 50 * 21)} rows/s`, value: perRow(msgs.first.median, 1_000) },
      goal: 'the same at the end as at the start',
    },
    {
      name: `First sync's runs pages (250 runs each, through applyRows), ${label}: ms per page`,
      unit: 'ms',
      value: stats(snapshot.runPages),
    },
    {
      name: `Ordinary pull pages (25 runs and their 500 messages, applyPull) into a database growing to ${label}: ms per page over the last tenth`,
      unit: 'ms',
      value: pull.last,
      baseline: { name: 'the same over the first tenth of the pages', value: pull.first },
      goal: 'the same at the end as at the start',
    },
    {
      name: `Plain IndexedDB puts of the same rows (50 runs and their 1,000 messages a transaction): ms per transaction over the last tenth (${round(plain.first.median)} ms over the first)`,
      unit: 'ms',
      value: plain.last,
    },
  ];
};
