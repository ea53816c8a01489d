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
import { importSalt, storeChatBatches, type ChatBatchSource } from './store-imported';
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

it('queues every imported run and message exactly once, and leaves what was queued before as it was', async () => {
  await imported([chatGptConversation(0, { turns: 1 }), chatGptConversation(1, { turns: 2 })]);
  const first = await listOutbox(db);
  const rows = [...(await db.runs.toCollection().primaryKeys()), ...(await db.messages.toCollection().primaryKeys())] as string[];
  expect(first.filter((e) => e.table !== 'prompts').map((e) => e.rowId).sort()).toEqual([...rows].sort());
  expect(new Set(first.map((e) => e.seq)).size).toBe(first.length);

  const run = (await db.runs.toArray()).find((r) => r.name === 'Conversation 0')!;
  await renameRun(db, run.id, 'Mine');
  const renamed = (await listOutbox(db)).find((e) => e.key === `runs:${run.id}`)!;
  // A later, longer export of conversation 0: its 4 new messages are queued; the run's own entry is untouched.
  const report = await imported([chatGptConversation(0, { turns: 3 }), chatGptConversation(1, { turns: 2 })]);
  expect(report).toMatchObject({ added: 0, updated: 1, unchanged: 1, messagesAdded: 4 });
  const after = await listOutbox(db);
  expect(after.find((e) => e.key === `runs:${run.id}`)).toEqual(renamed);
  const added = after.filter((e) => e.table === 'messages' && !first.some((f) => f.key === e.key));
  expect(added).toHaveLength(4);
  expect(added.every((e) => e.runId === run.id && e.isNew)).toBe(true);
  expect(await db.messages.count()).toBe(rows.length - 2 + 4);
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
