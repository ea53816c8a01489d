// Storing a first sync's pages: new messages go in without reading anything of them back (the usage
// totals' read of a row's earlier copy is skipped when there is none), and the totals still equal a full
// scan, also when a page is stored again (a crash replays it).
import { describe, expect, it } from 'vitest';
import { PromptRunsDB } from '../db';
import { newId } from '../clock';
import { rebuildUsageTotals, type UsageTotalRow } from '../usage/usage-totals';
import { applyMessagesPage, applyRunsPage, newBatchState, startProgress } from './apply-snapshot';
import { messagesOfRun } from '../run-messages';

const at = (m: number) => new Date(Date.UTC(2026, 2, 10, 12, m)).toISOString();

function wireRun(id: string, messages: number) {
  return {
    id, prompt_id: 'p1', user_id: 'u1', name: `Run ${id.slice(0, 4)}`, description: '', variable_values: {}, settings: { provider: 'prov', model_id: 'gpt-4o' },
    status: 'active', message_count: messages, is_starred: false, is_pinned: false, created_at: at(0), updated_at: at(messages), last_message_at: at(messages - 1),
    current_leaf_id: null, last_message_preview: '', field_updated_at: {}, purged_at: null,
  };
}

function wireMessages(runId: string, count: number) {
  let parent: string | null = null;
  return Array.from({ length: count }, (_, i) => {
    const id = newId();
    const row = { id, run_id: runId, parentId: parent, role: i % 2 ? 'assistant' : 'user', content: `text ${i}`, status: 'done', createdAt: at(i),
      ...(i % 2 ? { metadata: { modelId: 'gpt-4o', tokens: 10, inputTokens: 5 } } : {}) };
    parent = id;
    return row;
  });
}

/** A database that counts the message rows read by key (below every middleware of the app). */
function countingDb(): { db: PromptRunsDB; reads: () => number } {
  const db = new PromptRunsDB(`apply-snapshot-${newId()}`);
  let reads = 0;
  db.use({
    stack: 'dbcore', name: 'count-message-reads', level: 1,
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return name !== 'messages' ? table : { ...table, getMany: (req) => ((reads += req.keys.length), table.getMany(req)) };
      },
    }),
  });
  return { db, reads: () => reads };
}

async function totalsMatchScan(db: PromptRunsDB, minReplies = 1): Promise<void> {
  const rows: UsageTotalRow[] = [];
  await db.transaction('r', [db.runs, db.messages], async () => {
    const fake = { table: (name: string) => (name === 'usageTotals' ? { clear: async () => {}, bulkPut: async (r: UsageTotalRow[]) => void rows.push(...r) } : db.table(name)) };
    await rebuildUsageTotals(fake as never);
  });
  const kept = await db.usageTotals.toArray();
  expect(kept.sort((a, b) => a.id.localeCompare(b.id))).toEqual(rows.sort((a, b) => a.id.localeCompare(b.id)));
  expect(kept.reduce((n, r) => n + r.replies, 0)).toBeGreaterThanOrEqual(minReplies);
  expect(kept.length).toBeGreaterThan(0);
}

describe('a first sync stores its pages', () => {
  it('puts new messages without reading them back, and the usage totals equal a full scan', async () => {
    const { db, reads } = countingDb();
    const runs = [newId(), newId(), newId()];
    await applyRunsPage(db, { prompts: [], runs: runs.map((id) => wireRun(id, 6)), progress: startProgress() });
    const before = reads();
    await applyMessagesPage(db, runs, runs.flatMap((id) => wireMessages(id, 6)), true);
    expect(reads() - before).toBe(0);
    expect(await db.messages.count()).toBe(18);
    await totalsMatchScan(db);
    db.close();
  });

  it('puts a page of messages a hundred rows per request batch (issuing each serializes its rows on the main thread)', async () => {
    const db = new PromptRunsDB(`apply-snapshot-${newId()}`);
    const sizes: number[] = [];
    db.use({
      stack: 'dbcore', name: 'count-message-puts', level: 1,
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          return name !== 'messages' ? table : { ...table, mutate: (req) => (req.type === 'put' && sizes.push(req.values.length), table.mutate(req)) };
        },
      }),
    });
    const runs = [newId(), newId(), newId()];
    await applyRunsPage(db, { prompts: [], runs: runs.map((id) => wireRun(id, 84)), progress: startProgress() });
    sizes.length = 0;
    await applyMessagesPage(db, runs, runs.flatMap((id) => wireMessages(id, 84)), true);
    expect(sizes).toEqual([100, 100, 52]);
    expect(await db.messages.count()).toBe(252);
    db.close();
  });

  it('leaves each run showing how many messages its conversation holds', async () => {
    const { db } = countingDb();
    const runId = newId();
    const page = wireMessages(runId, 6);
    await applyRunsPage(db, { prompts: [], runs: [{ ...wireRun(runId, 6), current_leaf_id: page[5]!.id }], progress: startProgress() });
    expect((await db.runs.get(runId))?.message_count).toBe(6);
    await applyMessagesPage(db, [runId], page, true);
    const run = await db.runs.get(runId);
    expect([run?.message_count, run?.visible_message_count]).toEqual([6, 6]);
    db.close();
  });

  it('counts nothing twice when a page is stored again (a crash replays it)', async () => {
    const { db } = countingDb();
    const runId = newId();
    await applyRunsPage(db, { prompts: [], runs: [wireRun(runId, 8)], progress: startProgress() });
    const page = wireMessages(runId, 8);
    await applyMessagesPage(db, [runId], page.slice(0, 5), false);
    await applyMessagesPage(db, [runId], page, true);
    await applyMessagesPage(db, [runId], page, true);
    expect(await db.messages.count()).toBe(8);
    await totalsMatchScan(db);
    db.close();
  });

  it('puts the runs of a batch once, with its last page (each put of runs makes the lists on screen read them again)', async () => {
    const { db } = countingDb();
    let runPuts = 0;
    db.use({ stack: 'dbcore', name: 'count-run-puts', level: 1, create: (down) => ({ ...down, table: (name) => {
      const table = down.table(name);
      return name !== 'runs' ? table : { ...table, mutate: (req) => ((runPuts += req.type === 'put' ? 1 : 0), table.mutate(req)) };
    } }) });
    const [a, b] = [newId(), newId()];
    const [pageA, pageB] = [wireMessages(a, 6), wireMessages(b, 4)];
    await applyRunsPage(db, { prompts: [], runs: [{ ...wireRun(a, 6), current_leaf_id: pageA[5]!.id }, { ...wireRun(b, 4), current_leaf_id: pageB[3]!.id }], progress: startProgress() });
    const before = runPuts;
    const state = newBatchState();
    await applyMessagesPage(db, [a, b], pageA.slice(0, 4), false, state);
    expect(runPuts - before).toBe(0);
    await applyMessagesPage(db, [a, b], [...pageA.slice(4), ...pageB], true, state);
    expect(runPuts - before).toBe(1);
    const runs = await db.runs.bulkGet([a, b]);
    expect(runs.map((r) => [r?.message_count, r?.visible_message_count])).toEqual([[6, 6], [4, 4]]);
    expect(await db.snapshotQueue.count()).toBe(0);
    await totalsMatchScan(db);
    db.close();
  });

  it('counts a run from every message it holds when it was written here during its batch, or held messages before it', async () => {
    const { db } = countingDb();
    const [a, b] = [newId(), newId()];
    const [pageA, pageB] = [wireMessages(a, 6), wireMessages(b, 4)];
    await applyRunsPage(db, { prompts: [], runs: [wireRun(a, 6), wireRun(b, 4)], progress: startProgress() });
    // b already holds two of its messages (an earlier session stored them); a gets a reply written here mid-batch.
    await applyMessagesPage(db, [b], pageB.slice(0, 2), false);
    const state = newBatchState();
    await applyMessagesPage(db, [a, b], [...pageA.slice(0, 4), ...pageB.slice(0, 2)], false, state);
    const local = { id: newId(), runId: a, parentId: pageA[3]!.id, role: 'user' as const, content: 'written here', status: 'done' as const, createdAt: at(30) };
    await db.transaction('rw', db.messages, db.runs, async () => {
      await db.messages.put(local);
      await db.runs.update(a, { message_count: 5, last_message_at: at(30), updated_at: at(30) });
    });
    await applyMessagesPage(db, [a, b], [...pageA.slice(4), ...pageB.slice(2)], true, state);
    const runs = await db.runs.bulkGet([a, b]);
    expect(runs.map((r) => r?.message_count)).toEqual([7, 4]);
    expect(runs[0]?.last_message_at).toBe(at(30));
    db.close();
  });

  it('puts a big page of runs in parts of 100, each its own task, queued in their order', async () => {
    const { db } = countingDb();
    const puts: number[] = [];
    db.use({ stack: 'dbcore', name: 'count-run-puts', level: 1, create: (down) => ({ ...down, table: (name) => {
      const table = down.table(name);
      return name !== 'runs' ? table : { ...table, mutate: (req) => (req.type === 'put' && puts.push(req.values.length), table.mutate(req)) };
    } }) });
    const ids = Array.from({ length: 250 }, () => newId());
    await applyRunsPage(db, { prompts: [], runs: ids.map((id) => wireRun(id, 2)), progress: startProgress() });
    expect(puts).toEqual([100, 100, 50]);
    expect((await db.snapshotQueue.orderBy('ord').toArray()).map((q) => q.runId)).toEqual(ids);
    db.close();
  });

  it('queues a page of runs, and takes a finished batch off the queue, in parts of 250', async () => {
    const { db } = countingDb();
    const writes: string[] = [];
    db.use({ stack: 'dbcore', name: 'count-queue-writes', level: 1, create: (down) => ({ ...down, table: (name) => {
      const table = down.table(name);
      if (name !== 'snapshotQueue') return table;
      return { ...table, mutate: (req) => (writes.push(`${req.type} ${req.type === 'put' ? req.values.length : req.type === 'delete' ? req.keys.length : '?'}`), table.mutate(req)) };
    } }) });
    const ids = Array.from({ length: 1_200 }, () => newId());
    await applyRunsPage(db, { prompts: [], runs: ids.map((id) => wireRun(id, 1)), progress: startProgress() });
    expect(writes).toEqual(['put 250', 'put 250', 'put 250', 'put 250', 'put 200']);
    expect(await db.snapshotQueue.count()).toBe(1_200);
    writes.length = 0;
    await applyMessagesPage(db, ids, ids.flatMap((id) => wireMessages(id, 1)), true);
    expect(writes).toEqual(['delete 250', 'delete 250', 'delete 250', 'delete 250', 'delete 200']);
    expect(await db.snapshotQueue.count()).toBe(0);
    db.close();
  });

  it('stores a page of runs new here reading each run once, and no run’s messages while the device holds none of theirs', async () => {
    const { db } = countingDb();
    const reads = { runs: 0, messageQueries: 0 };
    db.use({ stack: 'dbcore', name: 'count-reads', level: 1, create: (down) => ({ ...down, table: (name) => {
      const table = down.table(name);
      if (name === 'runs') return { ...table, getMany: (req) => ((reads.runs += req.keys.length), table.getMany(req)) };
      if (name === 'messages') return { ...table, query: (req) => ((reads.messageQueries += 1), table.query(req)), openCursor: (req) => ((reads.messageQueries += 1), table.openCursor(req)) };
      return table;
    } }) });
    const ids = Array.from({ length: 600 }, () => newId());
    await applyRunsPage(db, { prompts: [], runs: ids.map((id) => wireRun(id, 3)), progress: startProgress() });
    // One read per run (does the device hold a row of it?), one per part of 100 for all their messages.
    expect(reads).toEqual({ runs: 600, messageQueries: 6 });
    expect((await db.runs.bulkGet(ids)).every((r) => r?.message_count === 3)).toBe(true);
    expect(await db.snapshotQueue.count()).toBe(600);
    await totalsMatchScan(db, 0);
    db.close();
  });

  it('counts a run once in the usage totals when a page brings it twice (in two parts)', async () => {
    const { db } = countingDb();
    const ids = Array.from({ length: 300 }, () => newId());
    await applyRunsPage(db, { prompts: [], runs: [...ids, ids[0]!].map((id) => wireRun(id, 2)), progress: startProgress() });
    expect((await db.usageTotals.toArray()).reduce((n, r) => n + r.runs, 0)).toBe(300);
    await totalsMatchScan(db, 0);
    db.close();
  });

  it('counts a run new here from the messages the device already holds of it (a pull brought them first)', async () => {
    const { db } = countingDb();
    const [a, b, c] = [newId(), newId(), newId()].sort();
    await applyMessagesPage(db, [b!], wireMessages(b!, 2), false);
    await applyRunsPage(db, { prompts: [], runs: [wireRun(a!, 5), wireRun(b!, 5), wireRun(c!, 5)], progress: startProgress() });
    expect((await db.runs.bulkGet([a!, b!, c!])).map((r) => [r?.message_count, r?.visible_message_count])).toEqual([[5, 5], [2, 2], [5, 5]]);
    db.close();
  });

  it('lists a run with the server count of its messages until they arrive, and writes its row again only when they tell otherwise', async () => {
    const db = new PromptRunsDB(`apply-snapshot-${newId()}`);
    const puts: string[] = [];
    db.use({ stack: 'dbcore', name: 'count-run-puts', level: 1, create: (down) => ({ ...down, table: (name) => {
      const table = down.table(name);
      return name !== 'runs' ? table : { ...table, mutate: (req) => (req.type === 'put' && puts.push(...req.values.map((r: { id: string }) => r.id)), table.mutate(req)) };
    } }) });
    const [plain, withSystem] = [newId(), newId()];
    const messages = { [plain]: wireMessages(plain, 4), [withSystem]: [{ ...wireMessages(withSystem, 1)[0]!, role: 'system', content: 'Be brief.' }] };
    const wire = (id: string) => ({ ...wireRun(id, messages[id]!.length), last_message_preview: messages[id]!.at(-1)!.content });
    await applyRunsPage(db, { prompts: [], runs: [wire(plain), wire(withSystem)], progress: startProgress() });
    // Not "0 messages" in the list while the first sync brings them.
    expect((await db.runs.bulkGet([plain, withSystem])).map((r) => r?.visible_message_count)).toEqual([4, 1]);
    puts.length = 0;
    await applyMessagesPage(db, [plain, withSystem], [...messages[plain]!, ...messages[withSystem]!], true, newBatchState());
    expect((await db.runs.bulkGet([plain, withSystem])).map((r) => r?.visible_message_count)).toEqual([4, 0]);
    // The plain run was right all along: only the run with a system message (not counted as seen) is written.
    expect(puts).toEqual([withSystem]);
    db.close();
  });

  it('reads no purge marker of a run while none is kept, and still stores nothing for a run deleted forever here', async () => {
    const { db } = countingDb();
    let purgedReads = 0;
    db.use({ stack: 'dbcore', name: 'count-purged-reads', level: 1, create: (down) => ({ ...down, table: (name) => {
      const table = down.table(name);
      return name !== 'purged' ? table : { ...table, getMany: (req) => ((purgedReads += req.keys.length), table.getMany(req)) };
    } }) });
    const [a, b, c] = [newId(), newId(), newId()];
    await applyRunsPage(db, { prompts: [], runs: [wireRun(a, 4), wireRun(b, 4), wireRun(c, 4)], progress: startProgress() });
    const state = newBatchState();
    await applyMessagesPage(db, [a, b, c], wireMessages(a, 4), false, state);
    // One request per run and page, on a device where nothing was ever deleted forever.
    expect(purgedReads).toBe(0);
    await db.purged.put({ id: b, purged_at: at(50) });
    await applyMessagesPage(db, [a, b, c], [...wireMessages(b, 4), ...wireMessages(c, 4)], true, state);
    expect(await messagesOfRun(db.messages, b).count()).toBe(0);
    expect([a, c].map((id) => state.held.get(id)?.length)).toEqual([4, 4]);
    expect((await db.runs.bulkGet([a, c])).map((r) => r?.message_count)).toEqual([4, 4]);
    db.close();
  });
});
