// sync_pull on real PostgreSQL: the cursor never skips a change committed late by a concurrent
// transaction, pages cover everything exactly once, and a pull sends only what changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse } from '../../sync/protocol';
import { at, editRun, message, newPrompt, newRun, pushBody, PUSH_SQL, startTestDb, uuid, type TestDb } from './support/test-db';

let db: TestDb;
let user: string;
let promptId: string;
const device = uuid();
let seq = 0;

beforeAll(async () => {
  db = await startTestDb();
  user = await db.createUser();
  promptId = uuid();
  await db.push(user, device, [newPrompt(++seq, promptId)]);
});
afterAll(() => db?.close());

async function pullAll(since: string | null, maxRows = 500): Promise<{ pages: PullResponse[]; cursor: string }> {
  const pages: PullResponse[] = [];
  let cursor = since;
  for (let i = 0; i < 100; i += 1) {
    const page = await db.pull(user, cursor, maxRows);
    pages.push(page);
    cursor = page.cursor;
    if (!page.has_more) return { pages, cursor };
  }
  throw new Error('pull never finished');
}

describe('gap-free cursor', () => {
  it('delivers a change whose transaction started first but committed after a reader pulled', async () => {
    const { cursor: start } = await pullAll(null);
    const early = uuid();
    const late = uuid();
    const slow = await db.begin(user);
    const fast = await db.begin(user);
    await slow.query(PUSH_SQL, [pushBody(uuid(), [newRun(1, early, promptId, { name: 'slow writer' })])]);
    await fast.query(PUSH_SQL, [pushBody(uuid(), [newRun(1, late, promptId, { name: 'fast writer' })])]);
    await fast.commit();

    const between = await db.pull(user, start);
    expect(between.runs.map((r) => r.id)).toEqual([late]);

    await slow.commit();
    // The slow writer's transaction id is lower than the fast one's: a "greater than the last id
    // seen" cursor would skip it for ever.
    const { rows } = await db.admin.query<{ early: boolean }>(
      'select (select sync_xid from prompt_runs where id = $1) < (select sync_xid from prompt_runs where id = $2) as early',
      [early, late],
    );
    expect(rows[0]?.early).toBe(true);

    const after = await db.pull(user, between.cursor);
    expect(after.runs.map((r) => r.id)).toEqual([early]);
    const again = await db.pull(user, after.cursor);
    expect(again.runs).toEqual([]);
  });

  it('pages through many changes with no loss or repeat, even with commits between pages', async () => {
    const { cursor: start } = await pullAll(null);
    const ids = Array.from({ length: 23 }, () => uuid());
    await db.push(user, device, ids.slice(0, 20).map((id) => newRun(++seq, id, promptId)));
    const first = await db.pull(user, start, 7);
    expect(first.has_more).toBe(true);
    expect(first.runs).toHaveLength(7);
    // Three more runs commit while the reader is between pages.
    await db.push(user, device, ids.slice(20).map((id) => newRun(++seq, id, promptId)));
    const rest = await pullAll(first.cursor, 7);
    // The pages finish the snapshot the first page started; the runs committed meanwhile come with
    // the next pull, as the engine's next cycle would do.
    const next = await pullAll(rest.cursor, 7);
    const seen = [first, ...rest.pages, ...next.pages].flatMap((p) => p.runs.map((r) => r.id));
    expect(seen.sort()).toEqual([...ids].sort());
  });
});

describe('O(change) pulls', () => {
  it('sends only the newly appended message and the run without its messages array', async () => {
    const runId = uuid();
    const history = Array.from({ length: 50 }, (_, i) => message(uuid(), null, `message ${i}`, at(i)));
    await db.push(user, device, [{ ...newRun(++seq, runId, promptId), append_messages: history }]);
    const { cursor } = await pullAll(null);

    const reply = message(uuid(), history[49]!.id, 'the new reply', at(100), 'assistant');
    await db.push(user, device, [{ ...editRun(++seq, runId, { current_leaf_id: reply.id }, at(100)), append_messages: [reply] }]);
    const delta = await db.pull(user, cursor);

    expect(delta.messages).toEqual([{ ...reply, run_id: runId, authorId: user }]);
    expect(delta.runs).toHaveLength(1);
    expect(delta.runs[0]).not.toHaveProperty('messages');
    expect(delta.runs[0]).toMatchObject({ id: runId, message_count: 51, current_leaf_id: reply.id, last_message_at: at(100) });
  });

  it('returns rows in the protocol shape', async () => {
    const { pages } = await pullAll(null);
    const run = pages.flatMap((p) => p.runs)[0]!;
    expect(Object.keys(run).sort()).toEqual([
      'created_at', 'current_leaf_id', 'description', 'field_updated_at', 'id', 'is_pinned', 'is_starred', 'last_message_at',
      'last_message_preview', 'message_count', 'name', 'prompt_id', 'prompt_version_id', 'purged_at', 'settings', 'status',
      'updated_at', 'user_id', 'variable_values',
    ]);
    expect(run.purged_at).toBeNull();
    const prompt = pages.flatMap((p) => p.prompts)[0]!;
    expect(Object.keys(prompt).sort()).toEqual([
      'created_at', 'description', 'field_updated_at', 'id', 'name', 'settings', 'source_run_id', 'status', 'system_message',
      'updated_at', 'user_id', 'user_template', 'variables',
    ]);
    expect(pages[0]!.protocol).toBe(1);
    expect(run.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('cursor handling', () => {
  it('starts over when the cursor comes from another database (e.g. a reset local server)', async () => {
    const { cursor, pages } = await pullAll(null);
    const total = pages.reduce((n, p) => n + p.runs.length, 0);
    const foreign = cursor.replace(/^1;[^;]+;/, `1;${uuid()};`);
    const { pages: again } = await pullAll(foreign);
    expect(again.reduce((n, p) => n + p.runs.length, 0)).toBe(total);
  });

  it('refuses a cursor it did not issue with a clear error', async () => {
    await expect(db.pull(user, 'garbage')).rejects.toMatchObject({ code: '22023', message: 'invalid sync cursor' });
    await expect(db.pull(user, '1;x;y;z')).rejects.toMatchObject({ code: '22023' });
  });

  it('is a read-only function (safe in a read-only transaction)', async () => {
    const tx = await db.begin(user);
    await tx.query('set transaction read only');
    const { rows } = await tx.query<{ r: PullResponse }>('select public.sync_pull(null, 5) as r');
    await tx.commit();
    expect(rows[0]?.r.protocol).toBe(1);
    // sync_push, by contrast, must refuse there (it writes).
    const ro = await db.begin(user);
    await ro.query('set transaction read only');
    await expect(ro.query<{ r: PushResponse }>(`select public.sync_push('{"client_id":"${uuid()}","changes":[]}')`)).rejects.toMatchObject({ code: '25006' });
    await ro.rollback();
  });
});
