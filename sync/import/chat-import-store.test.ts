// What storing an imported chat export leaves behind for search and sync: one search marker per run
// (the indexer reads the whole run), search exact before and after indexing, each new row queued once;
// the indexer waits for the last batch.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { freshDb } from '../test-support';
import type { PromptRunsDB } from '../db';
import { listOutbox } from '../store/outbox';
import { renameRun } from '../store/runs';
import { searchRuns } from '../search/search';
import { parseMarker } from '../search/search-index';
import { importChatExport } from './import-chat-export';
import { readChatExport } from './read-chat-export';
import { PART_ROWS, importSalt, storeChatBatches, type ChatBatchSource } from './store-imported';
import { importedPromptId } from './to-records';
import { chatGptConversation } from './chat-export-fixtures';

let db: PromptRunsDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

async function imported(conversations: unknown[], batchMessages = 8) {
  const result = await importChatExport(db, new Blob([JSON.stringify(conversations)]), { batchMessages });
  if (!result.ok) throw result.error;
  return result.value;
}

it('marks each imported run once for search, and search finds its messages before and after indexing', async () => {
  await imported([0, 1, 2, 3, 4].map((i) => chatGptConversation(i, { turns: 3 })));
  const runIds = (await db.runs.toCollection().primaryKeys()) as string[];
  const markers = ((await db.searchPending.toCollection().primaryKeys()) as string[]).map(parseMarker);
  expect(markers.map((m) => m.kind)).toEqual(runIds.map(() => 'whole'));
  expect(markers.map((m) => m.runId).sort()).toEqual([...runIds].sort());

  const expected = (await db.messages.toArray()).filter((m) => m.content.startsWith('Answer 2 of conversation 3:')).map((m) => m.id);
  expect(expected).toHaveLength(1);
  const found = async () => (await searchRuns(db, 'answer 2 of conversation 3')).flatMap((h) => (h.messageId ? [h.messageId] : []));
  expect(await found()).toEqual(expected);
  await db.indexNow();
  expect(await db.searchPending.count()).toBe(0);
  expect(await found()).toEqual(expected);
});

it('queues each imported run once with all its messages, the new messages of a later export each, and leaves what was queued before as it was', async () => {
  await imported([chatGptConversation(0, { turns: 1 }), chatGptConversation(1, { turns: 2 })]);
  const first = await listOutbox(db);
  const runIds = (await db.runs.toCollection().primaryKeys()) as string[];
  // One entry per run (its messages go with it), none per message: 2 entries, not 2 + 6.
  expect(first.filter((e) => e.table !== 'prompts').map((e) => [e.rowId, e.table, e.wholeRun])).toEqual(expect.arrayContaining(runIds.map((id) => [id, 'runs', true])));
  expect(first.filter((e) => e.table !== 'prompts')).toHaveLength(2);
  expect(new Set(first.map((e) => e.seq)).size).toBe(first.length);

  const run = (await db.runs.toArray()).find((r) => r.name === 'Conversation 0')!;
  await renameRun(db, run.id, 'Mine');
  const renamed = (await listOutbox(db)).find((e) => e.key === `runs:${run.id}`)!;
  // Renamed, it still takes its messages with it.
  expect(renamed.wholeRun).toBe(true);
  // A later, longer export of conversation 0: its 4 new messages are queued; the run's own entry is untouched.
  const report = await imported([chatGptConversation(0, { turns: 3 }), chatGptConversation(1, { turns: 2 })]);
  expect(report).toMatchObject({ added: 0, updated: 1, unchanged: 1, messagesAdded: 4 });
  const after = await listOutbox(db);
  expect(after.find((e) => e.key === `runs:${run.id}`)).toEqual(renamed);
  const added = after.filter((e) => e.table === 'messages' && !first.some((f) => f.key === e.key));
  expect(added).toHaveLength(4);
  expect(added.every((e) => e.runId === run.id && e.isNew)).toBe(true);
  expect(await db.messages.count()).toBe(2 + 4 + 4);
});

it('keeps the search indexer off while batches come in, and indexes what they brought once the last is stored', async () => {
  const text = JSON.stringify([0, 1, 2, 3, 4, 5].map((i) => chatGptConversation(i, { turns: 2 })));
  const salt = importSalt(db);
  const reader = readChatExport(new Blob([text]).stream(), { salt, promptId: importedPromptId(salt), now: new Date().toISOString(), batchMessages: 10 });
  // The file is read slowly: a pause longer than the indexer's quiet time comes between two batches.
  let batches = 0;
  const slow: ChatBatchSource = {
    next: async () => {
      if (batches++ === 1) await new Promise((resolve) => setTimeout(resolve, 450));
      return reader.next();
    },
  };
  let importing = true;
  const passes: boolean[] = [];
  const indexNow = db.indexNow.bind(db);
  db.indexNow = () => {
    passes.push(importing);
    return indexNow();
  };
  const result = await storeChatBatches(db, slow, { salt, totalBytes: text.length });
  importing = false;
  expect(result.ok && result.value.added).toBe(6);
  expect(batches).toBeGreaterThan(2);
  expect(passes).toEqual([]);
  expect(await db.searchPending.count()).toBe(6);
  await vi.waitFor(async () => expect(await db.searchPending.count()).toBe(0), { timeout: 3_000 });
  expect(passes[0]).toBe(false);
  expect((await searchRuns(db, 'answer 1 of conversation 4')).length).toBe(1);
});

/** The rows of every bulk write of messages, outbox entries and runs while `body` runs. */
async function writeSizes(body: () => Promise<unknown>) {
  const sizes = { messages: [] as number[], outbox: [] as number[], runs: [] as number[] };
  const restore: Array<() => void> = [];
  for (const [table, method] of [[db.messages, 'bulkPut'], [db.outbox, 'bulkPut'], [db.runs, 'bulkAdd']] as const) {
    const original = table[method].bind(table) as (rows: unknown[]) => Promise<unknown>;
    (table as unknown as Record<string, unknown>)[method] = (rows: unknown[]) => {
      if (rows.length > 0) sizes[table.name as keyof typeof sizes].push(rows.length);
      return original(rows);
    };
    restore.push(() => delete (table as unknown as Record<string, unknown>)[method]);
  }
  try {
    await body();
  } finally {
    for (const undo of restore) undo();
  }
  return sizes;
}

it('writes a batch in parts the page can issue without freezing, none under 50 rows, the runs in one request', async () => {
  // One batch of 120 conversations, 5 messages each: 600 messages.
  const conversations = Array.from({ length: 120 }, (_, i) => chatGptConversation(i, { turns: 2, branch: true }));
  const sizes = await writeSizes(() => imported(conversations, 10_000));
  expect(sizes.messages.reduce((a, b) => a + b, 0)).toBe(600);
  expect(sizes.outbox.reduce((a, b) => a + b, 0)).toBe(120 + 1); // one per run, and the Imported prompt's
  const parts = [...sizes.messages, ...sizes.outbox.filter((n) => n > 1)];
  expect(sizes.messages.length).toBeGreaterThan(1);
  // Parts of 60 rows (a short tail joined to the one before): parts of 300 issued 300-600 puts a task,
  // 15-18 tasks of 50-107 ms in a 3,000-conversation import in Chromium.
  expect(PART_ROWS).toBe(60);
  expect(Math.max(...parts)).toBeLessThanOrEqual(60 + 49);
  expect(Math.min(...parts)).toBeGreaterThanOrEqual(50);
  expect(sizes.runs).toEqual([120]);
  expect(await db.messages.count()).toBe(600);
});

it('a cancel while a batch is written drops that batch whole, keeps the ones before, and importing again adds the rest', async () => {
  const conversations = Array.from({ length: 300 }, (_, i) => chatGptConversation(i, { turns: 2, branch: true }));
  const text = JSON.stringify(conversations);
  const controller = new AbortController();
  const bulkPut = db.messages.bulkPut.bind(db.messages);
  let calls = 0;
  // Batches of 120 conversations (600 messages, in parts): cancelled while the second batch's first part is written.
  const partsPerBatch = Math.ceil(600 / PART_ROWS);
  db.messages.bulkPut = ((...args: Parameters<typeof bulkPut>) => {
    if (++calls === partsPerBatch + 1) controller.abort();
    return bulkPut(...args);
  }) as typeof bulkPut;
  const result = await importChatExport(db, new Blob([text]), { batchMessages: 2_400, signal: controller.signal });
  delete (db.messages as unknown as Record<string, unknown>).bulkPut;
  expect(result.ok && result.value).toMatchObject({ cancelled: true, added: 120, messagesAdded: 600 });
  expect(await db.runs.count()).toBe(120);
  expect(await db.messages.count()).toBe(600);
  expect((await listOutbox(db)).filter((e) => e.table !== 'prompts')).toHaveLength(120);
  const again = await importChatExport(db, new Blob([text]), { batchMessages: 2_400 });
  expect(again.ok && again.value).toMatchObject({ added: 180, unchanged: 120, messagesAdded: 900 });
  expect(await db.messages.count()).toBe(1_500);
});
