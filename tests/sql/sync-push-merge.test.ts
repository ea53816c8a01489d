// sync_push on real PostgreSQL: per-field last-write-wins, exactly-once batches, clamped clocks and
// append-only messages merged by id (DESIGN.md sync requirements 3, 4, 9).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, editRun, message, newPrompt, newRun, pushBody, PUSH_SQL, startTestDb, T0, uuid, type TestDb } from './support/test-db';

let db: TestDb;
let user: string;
let promptId: string;
const deviceA = '00000000-0000-4000-8000-00000000000a';
const deviceB = '00000000-0000-4000-8000-00000000000b';
let seqA = 0;
let seqB = 0;

beforeAll(async () => {
  db = await startTestDb();
  user = await db.createUser();
  promptId = uuid();
  await db.push(user, deviceA, [newPrompt(++seqA, promptId)]);
});
afterAll(() => db?.close());

async function runRow(id: string) {
  const [row] = await db.as<Record<string, unknown>>(user, 'select * from public.prompt_runs where id = $1', [id]);
  return row!;
}

async function createRun(extra: Record<string, unknown> = {}): Promise<string> {
  const id = uuid();
  const res = await db.push(user, deviceA, [newRun(++seqA, id, promptId, extra)]);
  expect(res.results).toEqual([{ seq: seqA, status: 'applied' }]);
  return id;
}

describe('per-field last-write-wins', () => {
  it('keeps edits to different fields from two devices', async () => {
    const id = await createRun();
    await db.push(user, deviceA, [editRun(++seqA, id, { name: 'Renamed on A' }, at(10))]);
    await db.push(user, deviceB, [editRun(++seqB, id, { is_starred: true }, at(5))]);
    const row = await runRow(id);
    expect(row['name']).toBe('Renamed on A');
    expect(row['is_starred']).toBe(true);
  });

  it('keeps the later edit of one field whichever arrives last', async () => {
    const id = await createRun();
    await db.push(user, deviceB, [editRun(++seqB, id, { name: 'later' }, at(20))]);
    await db.push(user, deviceA, [editRun(++seqA, id, { name: 'earlier' }, at(10))]);
    const row = await runRow(id);
    expect(row['name']).toBe('later');
    expect((row['field_updated_at'] as Record<string, string>)['name']).toBe(at(20));
  });

  it('breaks a tie by client id, the same in both arrival orders', async () => {
    const first = await createRun();
    const second = await createRun();
    await db.push(user, deviceA, [editRun(++seqA, first, { name: 'from A' }, at(30))]);
    await db.push(user, deviceB, [editRun(++seqB, first, { name: 'from B' }, at(30))]);
    await db.push(user, deviceB, [editRun(++seqB, second, { name: 'from B' }, at(30))]);
    await db.push(user, deviceA, [editRun(++seqA, second, { name: 'from A' }, at(30))]);
    // deviceB's id sorts higher, so B wins both ways.
    expect((await runRow(first))['name']).toBe('from B');
    expect((await runRow(second))['name']).toBe('from B');
  });

  it('stores the edit time as updated_at instead of the server clock (trigger does not clobber it)', async () => {
    const id = await createRun();
    await db.push(user, deviceA, [editRun(++seqA, id, { description: 'notes' }, at(40))]);
    expect((await runRow(id))['updated_at']).toEqual(new Date(at(40)));
    // A write outside sync (say, the SQL console) still gets the server's time from the seed's trigger.
    await db.admin.query(`update public.prompt_runs set description = 'console' where id = $1`, [id]);
    const [{ updated_at }] = (await db.admin.query('select updated_at from public.prompt_runs where id = $1', [id])).rows;
    expect((updated_at as Date).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('treats delete and restore as status edits under the same rule', async () => {
    const id = await createRun();
    await db.push(user, deviceA, [editRun(++seqA, id, { status: 'deleted' }, at(50))]);
    await db.push(user, deviceB, [editRun(++seqB, id, { status: 'active' }, at(60))]);
    expect((await runRow(id))['status']).toBe('active');
    await db.push(user, deviceA, [editRun(++seqA, id, { status: 'archived' }, at(55))]);
    expect((await runRow(id))['status']).toBe('active');
  });
});

describe('exactly-once batches', () => {
  it('applies nothing twice when a batch is retried after a lost response', async () => {
    const id = await createRun();
    const device = uuid();
    const batch = [
      editRun(1, id, { name: 'first' }, at(100)),
      { ...editRun(2, id, {}, at(100)), append_messages: [message(uuid(), null, 'hello', at(100))] },
    ];
    const first = await db.push(user, device, batch);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    // Meanwhile another device renames it later; the replayed batch must not undo that.
    await db.push(user, deviceB, [editRun(++seqB, id, { name: 'second' }, at(200))]);
    const retry = await db.push(user, device, batch);
    expect(retry.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(retry.applied_through).toBe(2);
    const row = await runRow(id);
    expect(row['name']).toBe('second');
    expect(row['message_count']).toBe(1);
  });

  it('answers a retried rejected change with the same rejection', async () => {
    const device = uuid();
    const bad = { seq: 1, table: 'prompt_runs', id: 'not-a-uuid', values: {}, clocks: {} };
    const first = await db.push(user, device, [bad]);
    const again = await db.push(user, device, [bad]);
    expect(first.results[0]).toMatchObject({ status: 'rejected', code: 'invalid_uuid' });
    expect(again.results[0]).toEqual(first.results[0]);
  });
});

describe('clocks from the future', () => {
  it('clamps a far-future clock to the server time, so later honest edits still win', async () => {
    const id = await createRun();
    const res = await db.push(user, deviceA, [editRun(++seqA, id, { name: 'from a fast clock' }, '2999-01-01T00:00:00.000Z')]);
    const stored = (await runRow(id))['field_updated_at'] as Record<string, string>;
    expect(stored['name']).toBe(res.server_time);
    const later = new Date(Date.parse(res.server_time) + 1000).toISOString();
    // Clamping happens against the server's now; give it a moment to pass `later`.
    await new Promise((r) => setTimeout(r, 1100));
    await db.push(user, deviceB, [editRun(++seqB, id, { name: 'honest edit' }, later)]);
    expect((await runRow(id))['name']).toBe('honest edit');
  });
});

describe('messages', () => {
  it('merges appends from two devices by id and never rewrites a stored message', async () => {
    const id = await createRun();
    const root = message(uuid(), null, 'question', at(1));
    const onA = message(uuid(), root.id, 'answer on A', at(2), 'assistant');
    const onB = message(uuid(), root.id, 'answer on B', at(3), 'assistant');
    await db.push(user, deviceA, [{ ...editRun(++seqA, id, {}, at(2)), append_messages: [root, onA] }]);
    await db.push(user, deviceB, [{ ...editRun(++seqB, id, {}, at(3)), append_messages: [root, { ...onA, content: 'tampered' }, onB] }]);
    const row = await runRow(id);
    const messages = row['messages'] as Array<{ id: string; content: string }>;
    expect(messages.map((m) => m.content)).toEqual(['question', 'answer on A', 'answer on B']);
    expect(row['message_count']).toBe(3);
    expect(row['last_message_at']).toEqual(new Date(at(3)));
    expect(row['last_message_preview']).toBe('answer on B');
  });

  it('stores a message exactly as sent (with its author, the caller), even from a clock a little fast, and takes the run activity time from it', async () => {
    const id = await createRun();
    const ahead = new Date(Date.now() + 5_000).toISOString();
    const sent = message(uuid(), null, 'from a device 5 s ahead', ahead);
    await db.push(user, deviceA, [{ ...editRun(++seqA, id, {}, T0), append_messages: [sent] }]);
    const row = await runRow(id);
    expect((row['messages'] as unknown[])[0]).toEqual({ ...sent, authorId: user });
    // Every device derives it from the messages the same way, so the server does too.
    expect(row['last_message_at']).toEqual(new Date(ahead));
  });

  it('accepts a new run with its first messages in one change', async () => {
    const id = uuid();
    const first = message(uuid(), null, 'hi', T0);
    const res = await db.push(user, deviceA, [{ ...newRun(++seqA, id, promptId), append_messages: [first] }]);
    expect(res.results[0]?.status).toBe('applied');
    expect((await runRow(id))['message_count']).toBe(1);
  });
});

describe('concurrent devices', () => {
  it('lets two devices create the same example prompt at once: one row, both applied', async () => {
    const exampleId = '00000000-0000-4000-8000-0000000000e1';

    const one = await db.begin(user);
    const two = await db.begin(user);
    const first = await one.query<{ r: { results: unknown[] } }>(PUSH_SQL, [pushBody(uuid(), [newPrompt(1, exampleId, { name: 'Example' }, at(1))])]);
    // The second device's insert waits for the first transaction, then merges into its row.
    const second = two.query<{ r: { results: unknown[] } }>(PUSH_SQL, [pushBody(uuid(), [newPrompt(1, exampleId, { name: 'Example' }, at(2))])]);
    await one.commit();
    const secondResult = await second;
    await two.commit();
    expect(first.rows[0]?.r.results).toEqual([{ seq: 1, status: 'applied' }]);
    expect(secondResult.rows[0]?.r.results).toEqual([{ seq: 1, status: 'applied' }]);
    const rows = await db.as(user, 'select id from public.prompts where id = $1', [exampleId]);
    expect(rows).toHaveLength(1);
  });

  it("records each device's last change in sync_notices, the Realtime hint to pull", async () => {
    const device = uuid();
    const id = await createRun();
    const res = await db.push(user, device, [editRun(1, id, { name: 'noticed' }, at(70))]);
    const notices = await db.as<{ client_id: string; changed_at: Date }>(user, 'select client_id, changed_at from public.sync_notices where client_id = $1', [device]);
    expect(notices).toEqual([{ client_id: device, changed_at: new Date(res.server_time) }]);
  });
});

describe('delete forever', () => {
  it('drops the conversation from the server and refuses messages appended later', async () => {
    const id = await createRun();
    await db.push(user, deviceA, [{ ...editRun(++seqA, id, {}, at(1)), append_messages: [message(uuid(), null, 'private', at(1))] }]);
    const { cursor } = await db.pull(user, null);
    const purge = await db.push(user, deviceA, [{ ...editRun(++seqA, id, { status: 'deleted', name: 'Deleted run' }, at(80)), purge: true }]);
    expect(purge.results[0]?.status).toBe('applied');
    // Another device still holding an unsent message of that run pushes it afterwards.
    const late = await db.push(user, deviceB, [{ ...editRun(++seqB, id, {}, at(2)), append_messages: [message(uuid(), null, 'late', at(2))] }]);
    expect(late.results[0]).toMatchObject({ status: 'rejected', code: 'run_purged' });

    const row = await runRow(id);
    expect(row).toMatchObject({ messages: [], message_count: 0, status: 'deleted', name: 'Deleted run', last_message_preview: '' });
    const { rows } = await db.admin.query('select count(*)::int as n from public.prompt_run_messages where run_id = $1', [id]);
    expect(rows[0]?.n).toBe(0);
    const delta = await db.pull(user, cursor);
    expect(delta.runs).toMatchObject([{ id, status: 'deleted', message_count: 0, purged_at: purge.server_time }]);
    expect(delta.messages.filter((m) => m.run_id === id)).toEqual([]);
  });

  it('refuses purge on a prompt or as a non-boolean', async () => {
    const runId = await createRun();
    const res = await db.push(user, deviceA, [
      { ...newPrompt(++seqA, uuid()), purge: true },
      { ...editRun(++seqA, runId, {}, at(1)), purge: 'yes' as unknown as boolean },
    ]);
    expect(res.results.map((r) => ('code' in r ? r.code : r.status))).toEqual(['unknown_field', 'invalid_change']);
  });
});

