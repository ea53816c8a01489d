// sync_push rules on real PostgreSQL: another user's run is indistinguishable from a missing one; a seq is
// one change; a purge is final (no restore resurrects the run, appends are refused, never dropped
// silently); last_message_at is derived from the messages' own times, as on every device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, editRun, message, newPrompt, newRun, startTestDb, uuid, type TestDb } from './support/test-db';

let db: TestDb;
let alice: string;
let mallory: string;
let alicePrompt: string;
const deviceA = '00000000-0000-4000-8000-00000000000a';
const deviceB = '00000000-0000-4000-8000-00000000000b';
let seqA = 0;
let seqB = 0;

beforeAll(async () => {
  db = await startTestDb();
  alice = await db.createUser();
  mallory = await db.createUser();
  alicePrompt = uuid();
  await db.push(alice, deviceA, [newPrompt(++seqA, alicePrompt)]);
});
afterAll(() => db?.close());

async function createRun(fields: Record<string, unknown> = {}, clock = at(0)): Promise<string> {
  const id = uuid();
  const res = await db.push(alice, deviceA, [newRun(++seqA, id, alicePrompt, fields, clock)]);
  expect(res.results).toEqual([{ seq: seqA, status: 'applied' }]);
  return id;
}

const runRow = async (id: string) =>
  (await db.admin.query<Record<string, unknown>>('select * from public.prompt_runs where id = $1', [id])).rows[0]!;

describe("another user's run answers like a missing one", () => {
  it('gives the same code and message for an edit, an append and an insert', async () => {
    const aliceRun = await createRun({ name: 'Alice run' });
    const missing = uuid();
    const malloryDevice = uuid();
    let seq = 0;
    const probe = async (id: string, kind: 'edit' | 'append' | 'insert') => {
      const change = kind === 'edit' ? editRun(++seq, id, { name: 'x' }, at(1))
        : kind === 'append' ? { ...editRun(++seq, id, {}, at(1)), append_messages: [message(uuid(), null, 'spam', at(1))] }
        : newRun(++seq, id, uuid(), {}, at(1));
      const [result] = (await db.push(mallory, malloryDevice, [change])).results;
      return result && 'message' in result ? { code: result.code, message: result.message.replace(id, '<id>') } : result;
    };
    for (const kind of ['edit', 'append'] as const) {
      const theirs = await probe(aliceRun, kind);
      expect(theirs).toEqual(await probe(missing, kind));
      expect(theirs).toMatchObject({ code: 'not_found' });
    }
    // An insert needs one of the caller's prompts first; with one, the taken id is "not found" too.
    const malloryPrompt = uuid();
    await db.push(mallory, malloryDevice, [newPrompt(++seq, malloryPrompt)]);
    const [takeover] = (await db.push(mallory, malloryDevice, [newRun(++seq, aliceRun, malloryPrompt, { name: 'takeover' }, at(1))])).results;
    expect(takeover).toMatchObject({ status: 'rejected', code: 'not_found', message: expect.stringContaining('was not found on the server') });
    expect(await runRow(aliceRun)).toMatchObject({ user_id: alice, name: 'Alice run', message_count: 0 });
  });

  it("never locks another user's row (a probe does not wait behind the owner's open push)", async () => {
    const aliceRun = await createRun();
    // A transaction holding the row's lock, as the owner's push in progress does.
    const owner = await db.admin.connect();
    try {
      await owner.query('begin');
      await owner.query('select 1 from public.prompt_runs where id = $1 for update', [aliceRun]);
      const res = await Promise.race([
        db.push(mallory, uuid(), [editRun(1, aliceRun, { name: 'x' }, at(1))]),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 3_000)),
      ]);
      expect(res?.results[0]).toMatchObject({ code: 'not_found' });
    } finally {
      await owner.query('rollback');
      owner.release();
    }
  });
});

describe('one seq, one change', () => {
  it('rejects a second, different change reusing a seq in one batch, and applies the first', async () => {
    const id = await createRun();
    const client = uuid();
    const res = await db.push(alice, client, [
      editRun(1, id, { name: 'first' }, at(1)),
      editRun(1, id, { name: 'second' }, at(2)),
      editRun(2, id, { description: 'same' }, at(3)),
      editRun(2, id, { description: 'same' }, at(3)),
    ]);
    expect(res.results).toEqual([
      { seq: 1, status: 'applied' },
      { seq: 1, status: 'rejected', code: 'duplicate_seq', message: 'seq 1 is used by another change of this batch; every change needs its own seq' },
      { seq: 2, status: 'applied' },
      { seq: 2, status: 'duplicate' },
    ]);
    expect(res.applied_through).toBe(2);
    expect(await runRow(id)).toMatchObject({ name: 'first', description: 'same' });
  });
});

describe('delete forever is final', () => {
  const purge = (seq: number, id: string, clock: string) => ({ ...editRun(seq, id, { status: 'deleted' }, clock), purge: true });

  it('refuses a restore that arrives after the purge, even with a later clock', async () => {
    const id = await createRun();
    expect((await db.push(alice, deviceA, [purge(++seqA, id, at(50))])).results[0]?.status).toBe('applied');
    const [restore] = (await db.push(alice, deviceB, [editRun(++seqB, id, { status: 'active', name: 'restored' }, at(60))])).results;
    expect(restore).toMatchObject({ status: 'rejected', code: 'run_purged', message: expect.stringContaining('cannot be restored') });
    expect(await runRow(id)).toMatchObject({ status: 'deleted' });
    // Other edits of the tombstone still merge (they resurrect nothing).
    await db.push(alice, deviceB, [editRun(++seqB, id, { name: 'renamed in the trash' }, at(61))]);
    expect(await runRow(id)).toMatchObject({ status: 'deleted', name: 'renamed in the trash' });
  });

  it('keeps the run deleted when a restore with a later clock arrived before the purge', async () => {
    const id = await createRun();
    await db.push(alice, deviceA, [editRun(++seqA, id, { status: 'deleted' }, at(40))]);
    await db.push(alice, deviceB, [editRun(++seqB, id, { status: 'active' }, at(70))]);
    expect(await runRow(id)).toMatchObject({ status: 'active' });
    const res = await db.push(alice, deviceA, [purge(++seqA, id, at(50))]);
    expect(res.results[0]?.status).toBe('applied');
    const row = await runRow(id);
    expect(row).toMatchObject({ status: 'deleted', purged_at: new Date(res.server_time) });
    // The status clock is the purge's server time, later than any clock stored before it.
    expect((row['field_updated_at'] as Record<string, string>)['status']).toBe(res.server_time);
    const pulled = (await db.pull(alice, null, 5000)).runs.find((r) => r.id === id);
    expect(pulled).toMatchObject({ status: 'deleted', purged_at: res.server_time });
  });

  it('refuses messages appended to a purged run, and answers a retry the same', async () => {
    const id = await createRun();
    await db.push(alice, deviceA, [{ ...editRun(++seqA, id, {}, at(1)), append_messages: [message(uuid(), null, 'private', at(1))] }]);
    await db.push(alice, deviceA, [purge(++seqA, id, at(80))]);
    const late = [{ ...editRun(++seqB, id, {}, at(2)), append_messages: [message(uuid(), null, 'written offline', at(2))] }];
    const first = await db.push(alice, deviceB, late);
    expect(first.results[0]).toMatchObject({ status: 'rejected', code: 'run_purged', message: expect.stringContaining('messages can no longer be added') });
    expect((await db.push(alice, deviceB, late)).results[0]).toEqual(first.results[0]);
    expect(await runRow(id)).toMatchObject({ messages: [], message_count: 0, last_message_preview: '' });
  });

  it('refuses a change that both purges and appends, and purges nothing', async () => {
    const id = await createRun();
    const res = await db.push(alice, deviceA, [{ ...purge(++seqA, id, at(1)), append_messages: [message(uuid(), null, 'hi', at(1))] }]);
    expect(res.results[0]).toMatchObject({ code: 'run_purged' });
    expect(await runRow(id)).toMatchObject({ purged_at: null, status: 'active' });
  });
});

describe('last_message_at', () => {
  it("is the run's created_at while it has no messages, whatever the device sends", async () => {
    const id = await createRun({}, at(10));
    await db.push(alice, deviceA, [editRun(++seqA, id, { last_message_at: at(500), name: 'x' }, at(20))]);
    expect((await runRow(id))['last_message_at']).toEqual(new Date(at(10)));
  });

  it("is the newest message's own time, from appends in any order and over several pushes", async () => {
    const id = await createRun({}, at(100));
    // A device whose clock was behind when the run was created: its messages are older than the run.
    await db.push(alice, deviceA, [{ ...editRun(++seqA, id, {}, at(1)), append_messages: [message(uuid(), null, 'b', at(30)), message(uuid(), null, 'a', at(20))] }]);
    expect(await runRow(id)).toMatchObject({ last_message_at: new Date(at(30)), last_message_preview: 'b' });
    await db.push(alice, deviceB, [{ ...editRun(++seqB, id, {}, at(2)), append_messages: [message(uuid(), null, 'older', at(25))] }]);
    expect(await runRow(id)).toMatchObject({ last_message_at: new Date(at(30)), last_message_preview: 'b' });
    await db.push(alice, deviceB, [{ ...editRun(++seqB, id, {}, at(3)), append_messages: [message(uuid(), null, 'newest', at(40))] }]);
    expect(await runRow(id)).toMatchObject({ last_message_at: new Date(at(40)), last_message_preview: 'newest' });
  });

  it('refuses a message time more than 5 minutes ahead of the server, and accepts one 4 minutes ahead', async () => {
    const id = await createRun();
    const tooFar = new Date(Date.now() + 6 * 60_000).toISOString();
    const near = new Date(Date.now() + 4 * 60_000).toISOString();
    const res = await db.push(alice, deviceA, [
      { ...editRun(++seqA, id, {}, at(1)), append_messages: [message(uuid(), null, 'from a fast clock', tooFar)] },
      { ...editRun(++seqA, id, {}, at(1)), append_messages: [message(uuid(), null, 'a little fast', near)] },
    ]);
    expect(res.results[0]).toMatchObject({ status: 'rejected', code: 'invalid_input', message: expect.stringContaining('more than 5 minutes ahead') });
    expect(res.results[1]).toMatchObject({ status: 'applied' });
    expect(await runRow(id)).toMatchObject({ message_count: 1, last_message_at: new Date(near) });
  });

  it('goes back to created_at when the run is purged', async () => {
    const id = await createRun({}, at(5));
    await db.push(alice, deviceA, [{ ...editRun(++seqA, id, {}, at(6)), append_messages: [message(uuid(), null, 'x', at(60))] }]);
    await db.push(alice, deviceA, [{ ...editRun(++seqA, id, { status: 'deleted' }, at(70)), purge: true }]);
    expect((await runRow(id))['last_message_at']).toEqual(new Date(at(5)));
  });
});
