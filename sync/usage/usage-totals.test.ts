// The kept usage totals always equal a full scan of the runs and messages on the device, whatever wrote
// them: runs made and continued, checkpoints, retries, purges, pulls that bring replies before their run,
// and the upgrade that first builds them from existing data.
import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { newId } from '../clock';
import { PromptRunsDB } from '../db';
import type { Message } from '../model';
import { checkpointMessage, createRun, deleteRun, updateRun } from '../store/runs';
import { purgeRun } from '../store/run-library-actions';
import { freshDb, makeMessage } from '../test-support';
import { prepareUsageTotals, readUsageTotals } from './read-usage-totals';
import { localDay, rebuildUsageTotals, type UsageTotalRow } from './usage-totals';
import { messagesOfRun } from '../run-messages';

const reply = (runId: string, parentId: string, meta: Record<string, unknown>, at = '2026-03-10T12:00:00.000Z'): Message =>
  makeMessage(runId, 'assistant', 'an answer', parentId, { createdAt: at, metadata: { modelId: 'gpt-4o', modelName: 'gpt-4o · OpenAI', ...meta } });

/** The totals as a full scan computes them, keyed like the table, zero rows left out. */
async function scanned(db: PromptRunsDB): Promise<Record<string, Omit<UsageTotalRow, 'id'>>> {
  const rows: UsageTotalRow[] = [];
  await db.transaction('r', [db.runs, db.messages], async () => {
    const fake = { table: (name: string) => (name === 'usageTotals' ? { clear: async () => {}, bulkPut: async (r: UsageTotalRow[]) => void rows.push(...r) } : db.table(name)) };
    await rebuildUsageTotals(fake as never);
  });
  return Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest]));
}

async function kept(db: PromptRunsDB) {
  return Object.fromEntries((await db.usageTotals.toArray()).map(({ id, ...rest }) => [id, rest]));
}

async function newRun(db: PromptRunsDB, promptId = 'p1', model = 'gpt-4o') {
  const user = makeMessage('', 'user', 'Hi', null, { createdAt: '2026-03-10T11:59:00.000Z' });
  const created = await createRun(db, promptId, { variable_values: {}, settings: { provider: 'prov-1', model_id: model }, messages: [user] });
  if (!created.ok) throw created.error;
  return { run: created.value, user };
}

describe('usage totals', () => {
  it('follow runs and replies as they are written, equal to a full scan', async () => {
    const db = freshDb();
    const { run, user } = await newRun(db);
    const streaming = reply(run.id, user.id, {}, '2026-03-10T12:00:00.000Z');
    await checkpointMessage(db, { ...streaming, status: 'streaming' });
    expect((await db.usageTotals.toArray()).map((r) => [r.runs, r.replies])).toEqual([[1, 0]]); // a streaming reply does not count
    await updateRun(db, run.id, { append: [{ ...streaming, metadata: { ...streaming.metadata, tokens: 30, inputTokens: 1000, totalTime: 900, timeToFirstToken: 100 } }] });
    // A retry: a second reply to the same message, its tokens estimated.
    await updateRun(db, run.id, { append: [reply(run.id, user.id, { tokens: 10, inputTokens: 1000, tokensEstimated: true, totalTime: 300 })] });
    // The same reply saved twice (an auto-save after a failed one) counts once.
    const again = (await messagesOfRun(db.messages, run.id).toArray()).find((m) => m.metadata?.tokens === 10)!;
    await updateRun(db, run.id, { append: [again] });
    // The run counts on the day it was made (today), its replies on theirs.
    const rows = await db.usageTotals.toArray();
    expect(rows.reduce((n, r) => n + r.runs, 0)).toBe(1);
    const row = rows.find((r) => r.replies > 0);
    expect(row).toMatchObject({ day: localDay('2026-03-10T12:00:00.000Z'), promptId: 'p1', modelId: 'gpt-4o', modelName: 'gpt-4o · OpenAI', replies: 2, inputTokens: 2000, outputTokens: 40, estimatedReplies: 1, totalTime: 1200, timedReplies: 2, timeToFirstToken: 100, firstTokenReplies: 1 });
    expect(await kept(db)).toEqual(await scanned(db));
  });

  it('writes issued together in one transaction each count (a part is issued while the one before is written)', async () => {
    const db = freshDb();
    const { run, user } = await newRun(db);
    const parts = [0, 1, 2].map((p) => Array.from({ length: 40 }, (_, i) => reply(run.id, user.id, { tokens: 1, inputTokens: 10 }, `2026-03-10T12:${String(p * 10).padStart(2, '0')}:${String(i).padStart(2, '0')}.000Z`)));
    // Each put reads the totals row it changes and writes it back: issued together, none may undo another.
    await db.transaction('rw', [db.messages, db.runs, db.usageTotals], () => Promise.all(parts.map((part) => db.messages.bulkPut(part))));
    expect((await db.usageTotals.toArray()).reduce((n, r) => n + r.replies, 0)).toBe(120);
    expect(await kept(db)).toEqual(await scanned(db));
  });

  it('a run in the trash still counts; deleted forever, it and its replies leave the totals', async () => {
    const db = freshDb();
    const { run, user } = await newRun(db);
    await updateRun(db, run.id, { append: [reply(run.id, user.id, { tokens: 5, inputTokens: 5 })] });
    await newRun(db, 'p2', 'claude-haiku-4-5');
    await deleteRun(db, run.id);
    expect((await db.usageTotals.toArray()).reduce((n, r) => n + r.runs, 0)).toBe(2);
    const purged = await purgeRun(db, run.id);
    expect(purged.ok).toBe(true);
    expect(await kept(db)).toEqual(await scanned(db));
    expect((await db.usageTotals.toArray()).map((r) => [r.promptId, r.runs, r.replies])).toEqual([['p2', 1, 0]]);
  });

  it('an add reads no rows before it (an import adds thousands at once); an add onto a stored row fails and counts nothing', async () => {
    const db = freshDb();
    const { run, user } = await newRun(db);
    const replies = Array.from({ length: 50 }, (_, i) => reply(run.id, user.id, { tokens: 1 + i, inputTokens: 10 }, `2026-03-10T12:00:${String(i).padStart(2, '0')}.000Z`));
    const get = vi.spyOn(IDBObjectStore.prototype, 'get');
    try {
      await db.transaction('rw', [db.messages, db.runs, db.usageTotals], () => db.messages.bulkAdd(replies));
      expect(get.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'messages')).toHaveLength(0);
    } finally {
      get.mockRestore();
    }
    const failed = await db.transaction('rw', [db.messages, db.runs, db.usageTotals], () => db.messages.add(replies[0]!)).catch((e: Error) => e.name);
    expect(failed).toBe('ConstraintError');
    expect(await kept(db)).toEqual(await scanned(db));
    expect((await db.usageTotals.toArray()).reduce((n, r) => n + r.replies, 0)).toBe(50);
  });

  it('replies that arrive before their run wait under a placeholder, then are filed under the run’s prompt', async () => {
    const db = freshDb();
    const runId = newId();
    const user = makeMessage(runId, 'user', 'Hi', null);
    // As a pull page does: messages first, in one transaction with the run that comes after them.
    await db.transaction('rw', [db.messages], () => db.messages.bulkPut([user, reply(runId, user.id, { tokens: 7, inputTokens: 3 })]));
    expect((await db.usageTotals.toArray())[0]!.promptId).toBe(`?${runId}`);
    const now = new Date().toISOString();
    await db.runs.put({
      id: runId, prompt_id: 'p9', user_id: null, name: 'Pulled', description: '', variable_values: {}, settings: { provider: 'echo', model_id: 'gpt-4o' },
      status: 'active', message_count: 2, is_starred: false, is_pinned: false, created_at: now, updated_at: now, last_message_at: now, current_leaf_id: null,
      last_message_preview: '', field_updated_at: {},
    });
    await prepareUsageTotals(db);
    const rows = await readUsageTotals(db, null, null);
    expect(rows.every((r) => r.promptId === 'p9')).toBe(true);
    expect(rows.reduce((n, r) => n + r.replies, 0)).toBe(1);
    expect(await kept(db)).toEqual(await scanned(db));
  });

  it('reads a period by day', async () => {
    const db = freshDb();
    const { run, user } = await newRun(db);
    await updateRun(db, run.id, {
      append: [reply(run.id, user.id, { tokens: 1, inputTokens: 1 }, '2026-03-01T12:00:00.000Z'), reply(run.id, user.id, { tokens: 2, inputTokens: 2 }, '2026-03-20T12:00:00.000Z')],
    });
    const march = await readUsageTotals(db, '2026-03-15', '2026-03-31');
    expect(march.map((r) => r.outputTokens)).toEqual([2]);
  });

  it('the upgrade builds the totals from the data an older version kept', async () => {
    const name = `test-upgrade-${newId()}`;
    const old = new Dexie(name);
    old.version(4).stores({
      prompts: 'id, status, updated_at',
      runs: 'id, prompt_id, status, last_message_at, updated_at, [prompt_id+last_message_at], [status+last_message_at], [prompt_id+status+last_message_at]',
      messages: 'id, runId, [runId+createdAt]',
      outbox: 'key, seq, table',
      meta: 'key',
      settings: 'key',
      searchIndex: 'id, *words',
      purged: 'id',
      searchPending: 'id',
    });
    const now = '2026-02-02T10:00:00.000Z';
    await old.table('runs').put({ id: 'r1', prompt_id: 'p1', settings: { provider: 'echo', model_id: 'echo' }, status: 'active', message_count: 2, created_at: now });
    await old.table('messages').bulkPut([
      { id: 'u1', runId: 'r1', parentId: null, role: 'user', content: 'Hi', status: 'done', createdAt: now },
      { id: 'a1', runId: 'r1', parentId: 'u1', role: 'assistant', content: 'Echo: Hi', status: 'done', createdAt: now, metadata: { model: 'echo:echo', tokens: 2, totalTime: 40 } },
    ]);
    old.close();
    const db = new PromptRunsDB(name);
    const rows = await db.usageTotals.toArray();
    expect(rows).toEqual([
      expect.objectContaining({ day: localDay(now), promptId: 'p1', modelId: 'echo', modelName: 'Echo (offline)', runs: 1, replies: 1, outputTokens: 2, inputTokens: 0, estimatedReplies: 1, totalTime: 40 }),
    ]);
    db.close();
  });
});
