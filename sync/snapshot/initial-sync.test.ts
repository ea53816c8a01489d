// A first sync keeps the search indexer off until its last page is stored: passes between pages would
// take the storage engine and the page's thread from storing them. What it brought is indexed after.
import { afterEach, expect, it, vi } from 'vitest';
import { PromptRunsDB } from '../db';
import { newId } from '../clock';
import { searchRuns } from '../search/search';
import { createInitialSync, nextBatch } from './initial-sync';
import { applyRunsPage, startProgress } from './apply-snapshot';
import type { SnapshotTransport } from './snapshot-transport';

const at = (m: number) => new Date(Date.UTC(2026, 2, 10, 12, m)).toISOString();
const open: PromptRunsDB[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

const runIds = Array.from({ length: 4 }, () => newId());
const wireRun = (id: string, i: number) => ({
  id, prompt_id: 'p1', user_id: 'u1', name: `Run ${i}`, description: '', variable_values: {}, settings: { provider: 'prov', model_id: 'm' },
  status: 'active', message_count: 2, is_starred: false, is_pinned: false, created_at: at(i), updated_at: at(i), last_message_at: at(i),
  current_leaf_id: null, last_message_preview: '', field_updated_at: {}, purged_at: null,
});
const wireMessage = (runId: string, i: number, k: number) => ({ id: newId(), run_id: runId, parentId: null, role: k ? 'assistant' : 'user',
  content: `ptarmigan ${i} reply ${k}`, status: 'done', createdAt: at(i * 2 + k) });

/** Two pages of runs, then each run's messages a page at a time, each answer slower than the indexer's quiet time. */
function slowServer(): SnapshotTransport {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 400));
  const ok = <T>(value: T) => ({ kind: 'ok' as const, value });
  const meta = { protocol: 3, server_time: at(0) };
  return {
    runs: async ({ after }) => {
      await pause();
      const from = after === null ? 0 : 2;
      return ok({ ...meta, prompts: [], runs: runIds.slice(from, from + 2).map((id, i) => wireRun(id, from + i)), changed: [], has_more: from === 0, next: from === 0 ? 'r2' : null, since: '0' });
    },
    messages: async ({ run_ids }) => {
      await pause();
      return ok({ ...meta, messages: run_ids.flatMap((id) => [0, 1].map((k) => wireMessage(id, runIds.indexOf(id), k))), next: null });
    },
  };
}

it('keeps the search indexer off until the last page is stored, then indexes what it brought', async () => {
  const db = new PromptRunsDB(`initial-sync-${newId()}`);
  open.push(db);
  let syncing = true;
  const passes: boolean[] = [];
  const indexNow = db.indexNow.bind(db);
  db.indexNow = () => {
    passes.push(syncing);
    return indexNow();
  };
  const result = await createInitialSync({ transport: slowServer(), runsPage: 2, firstRunsPage: 2, messagesPerBatch: 2 })(db);
  syncing = false;
  expect(result).toEqual({ ok: true, runs: 4, messages: 8 });
  expect(passes).toEqual([]);
  await vi.waitFor(async () => expect(await db.searchPending.count()).toBe(0), { timeout: 3_000 });
  expect(passes[0]).toBe(false);
  expect((await searchRuns(db, 'ptarmigan 3 reply 1')).map((h) => h.runId)).toEqual([runIds[3]]);
});

it('sizes each batch of runs by the message counts queued with them, reading no run rows (older entries by their rows)', async () => {
  const db = new PromptRunsDB(`initial-sync-${newId()}`);
  open.push(db);
  let runReads = 0;
  db.use({ stack: 'dbcore', name: 'count-run-reads', level: 1, create: (down) => ({ ...down, table: (name) => {
    const table = down.table(name);
    return name !== 'runs' ? table : { ...table, getMany: (req) => ((runReads += req.keys.length), table.getMany(req)) };
  } }) });
  const ids = Array.from({ length: 6 }, () => newId());
  await applyRunsPage(db, { prompts: [], runs: ids.map((id, i) => ({ ...wireRun(id, i), message_count: 4 })), progress: startProgress() });
  runReads = 0;
  expect(await nextBatch(db, -1, 10)).toEqual({ runIds: ids.slice(0, 2), lastOrd: 1 });
  expect(runReads).toBe(0);
  // An entry queued by an older version carries no count: its run's row has it.
  await db.snapshotQueue.put({ runId: ids[2]!, ord: 2 });
  await db.runs.update(ids[2]!, { message_count: 9 });
  runReads = 0;
  expect(await nextBatch(db, 1, 10)).toEqual({ runIds: [ids[2]!], lastOrd: 2 });
  expect(runReads).toBe(1);
});
