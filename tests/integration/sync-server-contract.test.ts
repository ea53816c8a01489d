// One contract, two servers (STYLE.md: a contract suite per port): the in-memory FakeSyncServer that the
// engine's property tests rely on, and the real SQL functions on PostgreSQL. If they drift apart, the
// engine's tests would prove things about a server that does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSyncServer } from '../../sync/engine/fake-server';
import type { PullResponse, PushChange, PushResponse } from '../../sync/protocol';
import { at, editRun, message, newPrompt, newRun, startTestDb, T0, uuid, type TestDb } from '../sql/support/test-db';

interface ServerUnderTest {
  push(clientId: string, changes: PushChange[]): Promise<PushResponse>;
  pull(since: string | null, maxRows?: number): Promise<PullResponse>;
}

let sql: TestDb;
beforeAll(async () => {
  sql = await startTestDb();
});
afterAll(() => sql?.close());

const servers: Array<[string, () => Promise<ServerUnderTest>]> = [
  ['SQL functions on PostgreSQL', async () => {
    const user = await sql.createUser();
    return { push: (c, changes) => sql.push(user, c, changes), pull: (since, max = 500) => sql.pull(user, since, max) };
  }],
  ['FakeSyncServer', async () => {
    const fake = new FakeSyncServer({ userId: uuid(), now: () => Date.now() });
    return {
      push: async (c, changes) => fake.push({ client_id: c, changes }),
      pull: async (since, max = 500) => fake.pull({ since, max_rows: max }),
    };
  }],
];

const low = '00000000-0000-4000-8000-000000000001';
const high = '00000000-0000-4000-8000-000000000002';

describe.each(servers)('%s', (_name, make) => {
  let server: ServerUnderTest;
  let promptId: string;
  let runId: string;
  beforeAll(async () => {
    server = await make();
    promptId = uuid();
    runId = uuid();
    const first = message(uuid(), null, 'Bonjour', at(1));
    await server.push(low, [newPrompt(1, promptId), { ...newRun(2, runId, promptId, { name: 'Greetings' }), append_messages: [first] }]);
  });

  it('returns pushed rows and messages from a full pull', async () => {
    const pulled = await server.pull(null);
    expect(pulled.prompts.map((p) => p.id)).toEqual([promptId]);
    expect(pulled.runs).toMatchObject([{ id: runId, prompt_id: promptId, name: 'Greetings', message_count: 1, status: 'active' }]);
    expect(pulled.messages).toMatchObject([{ run_id: runId, content: 'Bonjour', status: 'done', parentId: null }]);
    expect(pulled.has_more).toBe(false);
  });

  it('keeps the later edit of a field in either arrival order, and the higher client id on a tie', async () => {
    await server.push(high, [editRun(1, runId, { name: 'later' }, at(20))]);
    await server.push(low, [editRun(3, runId, { name: 'earlier' }, at(10))]);
    await server.push(low, [editRun(4, runId, { description: 'from low' }, at(30))]);
    await server.push(high, [editRun(2, runId, { description: 'from high' }, at(30))]);
    const run = (await server.pull(null)).runs[0]!;
    expect(run.name).toBe('later');
    expect(run.description).toBe('from high');
    expect(run.field_updated_at['name']).toBe(at(20));
  });

  it('answers a replayed seq with duplicate and applies nothing', async () => {
    const replay = await server.push(low, [editRun(3, runId, { name: 'replayed' }, at(99))]);
    expect(replay.results).toEqual([{ seq: 3, status: 'duplicate' }]);
    expect(replay.applied_through).toBe(4);
    expect((await server.pull(null)).runs[0]!.name).toBe('later');
  });

  it('clamps a clock from the future to the server time', async () => {
    const res = await server.push(low, [editRun(5, runId, { is_starred: true }, '2999-01-01T00:00:00.000Z')]);
    const run = (await server.pull(null)).runs[0]!;
    expect(Date.parse(run.field_updated_at['is_starred']!)).toBeLessThanOrEqual(Date.parse(res.server_time));
  });

  it('never rewrites a stored message and sends only new messages after a cursor', async () => {
    const { cursor } = await server.pull(null);
    const [stored] = (await server.pull(null)).messages;
    const reply = message(uuid(), stored!.id, 'Hello', at(2), 'assistant');
    await server.push(high, [{ ...editRun(3, runId, {}, at(2)), append_messages: [{ ...stored!, content: 'tampered' }, reply] }]);
    const delta = await server.pull(cursor);
    expect(delta.messages.map((m) => m.content)).toEqual(['Hello']);
    expect(delta.runs.map((r) => r.message_count)).toEqual([2]);
    const all = await server.pull(null);
    expect(all.messages.map((m) => m.content).sort()).toEqual(['Bonjour', 'Hello']);
  });

  it('rejects bad changes one by one with the same codes where the engine acts on them', async () => {
    const res = await server.push(low, [
      newRun(6, uuid(), uuid()),
      editRun(7, uuid(), { name: 'x' }, at(1)),
      editRun(8, 'not-a-uuid', { name: 'x' }, at(1)),
      editRun(9, runId, { colour: 'red' }, at(1)),
      editRun(10, runId, { name: 'still fine' }, at(500)),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'applied']);
    expect(res.results.slice(0, 2).map((r) => ('code' in r ? r.code : null))).toEqual(['invalid_prompt', 'not_found']);
    expect(res.applied_through).toBe(10);
  });

  it('previews, of messages saved in the same millisecond, the one last in the conversation (an answer after its question)', async () => {
    const tied = uuid();
    const question = message(uuid(), null, 'What is the capital of Portugal?', at(50));
    const answer = message(uuid(), question.id, 'Lisbon.', at(50), 'assistant');
    await server.push(uuid(), [{ ...newRun(1, tied, promptId), append_messages: [answer, question] }]);
    expect((await server.pull(null)).runs.find((r) => r.id === tied)).toMatchObject({ last_message_at: at(50), last_message_preview: 'Lisbon.' });
  });

  it('keeps that preview when the tied messages come in separate changes, in either order', async () => {
    const [answerFirst, questionFirst] = [uuid(), uuid()];
    const device = uuid();
    const q1 = message(uuid(), null, 'Capital of Spain?', at(60));
    const a1 = message(uuid(), q1.id, 'Madrid.', at(60), 'assistant');
    const q2 = message(uuid(), null, 'Capital of Italy?', at(60));
    const a2 = message(uuid(), q2.id, 'Rome.', at(60), 'assistant');
    await server.push(device, [
      { ...newRun(1, answerFirst, promptId), append_messages: [a1] },
      { ...newRun(2, questionFirst, promptId), append_messages: [q2] },
    ]);
    await server.push(device, [
      { ...editRun(3, answerFirst, {}, at(60)), append_messages: [q1] },
      { ...editRun(4, questionFirst, {}, at(60)), append_messages: [a2] },
    ]);
    const runs = (await server.pull(null)).runs;
    expect(runs.find((r) => r.id === answerFirst)?.last_message_preview).toBe('Madrid.');
    expect(runs.find((r) => r.id === questionFirst)?.last_message_preview).toBe('Rome.');
  });

  it('keeps a run’s prompt version and a template’s source run, merged by clock; only a UUID or null', async () => {
    const [template, started, version, later] = [uuid(), uuid(), uuid(), uuid()];
    const device = uuid();
    const res = await server.push(device, [
      newPrompt(1, template, { source_run_id: runId }),
      newRun(2, started, template, { prompt_version_id: version }),
      editRun(3, started, { prompt_version_id: later }, '2025-12-31T00:00:00.000Z'),
      editRun(4, started, { prompt_version_id: 'v2' }, at(70)),
      { seq: 5, table: 'prompts', id: template, values: { source_run_id: 7 }, clocks: { source_run_id: at(70) } },
    ]);
    expect(res.results.map((r) => ('code' in r ? r.code : r.status))).toEqual(['applied', 'applied', 'applied', 'invalid_uuid', 'invalid_uuid']);
    const pulled = await server.pull(null);
    expect(pulled.prompts.find((p) => p.id === template)).toMatchObject({ source_run_id: runId, field_updated_at: { source_run_id: T0 } });
    expect(pulled.runs.find((r) => r.id === started)).toMatchObject({ prompt_version_id: version, field_updated_at: { prompt_version_id: T0 } });
    expect(pulled.runs.find((r) => r.id === runId)?.prompt_version_id ?? null).toBeNull();
    await server.push(device, [editRun(6, started, { name: 'Renamed' }, at(71))]);
    expect((await server.pull(null)).runs.find((r) => r.id === started)?.prompt_version_id).toBe(version);
  });

  it('merges a pin per field like a star: one device pins while another renames, and an older unpin loses', async () => {
    const pinned = uuid();
    const [a, b] = [uuid(), uuid()];
    await server.push(a, [newRun(1, pinned, promptId, { name: 'Pin me' })]);
    await server.push(b, [editRun(1, pinned, { name: 'Renamed elsewhere' }, at(40))]);
    await server.push(a, [editRun(2, pinned, { is_pinned: true }, at(41))]);
    const pulled = async () => (await server.pull(null)).runs.find((r) => r.id === pinned)!;
    expect(await pulled()).toMatchObject({ name: 'Renamed elsewhere', is_pinned: true });
    await server.push(b, [editRun(2, pinned, { is_pinned: false }, at(39))]);
    expect((await pulled()).is_pinned).toBe(true);
    await server.push(b, [editRun(3, pinned, { is_pinned: false }, at(42))]);
    expect((await pulled()).is_pinned).toBe(false);
  });
});

// The rules the engine acts on when a change cannot be taken as sent (CONTRACTS.md): each refusal comes
// with its own code, alone, while the rest of the batch applies; a purge is final.
describe.each(servers)('%s: refusals and the purge rule', (_name, make) => {
  let server: ServerUnderTest;
  let promptId: string;
  const client = uuid();
  let seq = 0;
  const next = () => (seq += 1);
  const codes = (res: PushResponse) => res.results.map((r) => ('code' in r ? r.code : r.status));
  beforeAll(async () => {
    server = await make();
    promptId = uuid();
    await server.push(client, [newPrompt(next(), promptId)]);
  });

  it('refuses what no server can store, each change alone, with the code the engine words', async () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 40; i += 1) deep = { inner: deep };
    const many = Array.from({ length: 1_001 }, (_, i) => message(uuid(), null, `m${i}`, at(1)));
    const res = await server.push(client, [
      newRun(next(), uuid(), promptId, { name: 'bad\u0000name' }),
      newRun(next(), uuid(), promptId, { settings: { provider: 'echo', model_id: 'echo', deep } }),
      newRun(next(), uuid(), promptId, { variable_values: { x: 'y'.repeat(270_000) } }),
      { ...newRun(next(), uuid(), promptId), append_messages: many },
      { ...newRun(next(), uuid(), promptId), append_messages: [message(uuid(), null, 'from the future', new Date(Date.now() + 10 * 60_000).toISOString())] },
      newRun(next(), uuid(), promptId, { name: 'fine' }),
    ]);
    expect(codes(res)).toEqual(['invalid_text', 'json_too_deep', 'json_too_large', 'too_many_messages', 'invalid_input', 'applied']);
  });

  it('rejects a second, different change that reuses a seq in one batch', async () => {
    const s = next();
    const res = await server.push(client, [newRun(s, uuid(), promptId, { name: 'first' }), newRun(s, uuid(), promptId, { name: 'second' })]);
    expect(codes(res)).toEqual(['applied', 'duplicate_seq']);
  });

  it('derives a run\'s activity from its messages\' own times, and forgets it when the run is purged', async () => {
    const runId = uuid();
    await server.push(client, [{ ...newRun(next(), runId, promptId), append_messages: [message(uuid(), null, 'first', at(10)), message(uuid(), null, 'newest', at(30)), message(uuid(), null, 'middle', at(20))] }]);
    const pulled = async () => (await server.pull(null)).runs.find((r) => r.id === runId)!;
    expect(await pulled()).toMatchObject({ last_message_at: at(30), last_message_preview: 'newest', message_count: 3 });
    // A restore with a later clock arrives first, then the purge: the purge still wins.
    await server.push(client, [editRun(next(), runId, { status: 'active' }, at(900))]);
    await server.push(uuid(), [{ ...editRun(1, runId, { status: 'deleted', name: 'Deleted run' }, at(100)), purge: true }]);
    expect(await pulled()).toMatchObject({ status: 'deleted', message_count: 0, last_message_at: T0, last_message_preview: '', purged_at: expect.any(String) });
    const after = await server.push(client, [
      { ...editRun(next(), runId, {}, at(200)), append_messages: [message(uuid(), null, 'too late', at(200))] },
      editRun(next(), runId, { status: 'active' }, at(2_000)),
      editRun(next(), runId, { is_starred: true }, at(201)),
    ]);
    expect(codes(after)).toEqual(['run_purged', 'run_purged', 'applied']);
    expect(await pulled()).toMatchObject({ status: 'deleted', message_count: 0 });
  });

  it('refuses a change over 1 MiB, a message over 256 KiB and metadata nested past 32, each alone', async () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 40; i += 1) deep = { inner: deep };
    const huge = 'x'.repeat(200_000);
    const res = await server.push(client, [
      newRun(next(), uuid(), promptId, { settings: { provider: 'echo', model_id: 'echo' }, description: huge, variable_values: { a: huge, b: huge, c: huge, d: huge, e: huge } }),
      { ...newRun(next(), uuid(), promptId), append_messages: [message(uuid(), null, 'é'.repeat(140_000), at(1))] },
      { ...newRun(next(), uuid(), promptId), append_messages: [{ ...message(uuid(), null, 'deep', at(1)), metadata: deep }] },
      newRun(next(), uuid(), promptId, { name: 'fine' }),
    ]);
    expect(codes(res)).toEqual(['payload_too_large', 'json_too_large', 'json_too_deep', 'applied']);
  });

  it('takes nothing of a purge that also appends: the whole change is refused', async () => {
    const runId = uuid();
    await server.push(client, [{ ...newRun(next(), runId, promptId), append_messages: [message(uuid(), null, 'kept', at(5))] }]);
    const res = await server.push(client, [{ ...editRun(next(), runId, { status: 'deleted' }, at(6)), purge: true, append_messages: [message(uuid(), null, 'with the purge', at(6))] }]);
    expect(codes(res)).toEqual(['run_purged']);
    const run = (await server.pull(null)).runs.find((r) => r.id === runId)!;
    expect(run).toMatchObject({ status: 'active', message_count: 1, last_message_preview: 'kept', purged_at: null });
  });

  it('keeps the server-kept columns a device echoes back (last_message_at, message_count) to itself', async () => {
    const runId = uuid();
    await server.push(client, [{ ...newRun(next(), runId, promptId), append_messages: [message(uuid(), null, 'only one', at(7))] }]);
    const res = await server.push(client, [editRun(next(), runId, { name: 'echoed', last_message_at: at(3_000), message_count: 42 }, at(8))]);
    expect(codes(res)).toEqual(['applied']);
    expect((await server.pull(null)).runs.find((r) => r.id === runId)).toMatchObject({ name: 'echoed', last_message_at: at(7), message_count: 1 });
    const moved = await server.push(client, [editRun(next(), runId, { prompt_id: uuid() }, at(9)), editRun(next(), runId, { user_id: uuid() }, at(9))]);
    expect(codes(moved)).toEqual(['immutable_field', 'forbidden']);
  });

  it('stores a message up to 5 minutes ahead of its clock as sent, and the run\'s activity follows it', async () => {
    const runId = uuid();
    const ahead = new Date(Math.floor(Date.now() / 1000) * 1000 + 2 * 60_000).toISOString();
    await server.push(client, [{ ...newRun(next(), runId, promptId), append_messages: [message(uuid(), null, 'a little ahead', ahead)] }]);
    const pulled = await server.pull(null);
    expect(pulled.runs.find((r) => r.id === runId)).toMatchObject({ last_message_at: ahead, last_message_preview: 'a little ahead' });
    expect(pulled.messages.find((m) => m.run_id === runId)?.createdAt).toBe(ahead);
  });
});

