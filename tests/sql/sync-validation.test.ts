// Bad input to sync_push: each bad change comes back rejected with a code and a readable message,
// while the good changes of the same batch still apply. Malformed batches fail whole, with a 400-class
// SQLSTATE (22023) that PostgREST turns into a clear error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, editRun, message, newPrompt, newRun, pushBody, PUSH_SQL, startTestDb, T0, uuid, type TestDb } from './support/test-db';

let db: TestDb;
let user: string;
let promptId: string;
let runId: string;
const device = uuid();
let seq = 0;

beforeAll(async () => {
  db = await startTestDb();
  user = await db.createUser();
  promptId = uuid();
  runId = uuid();
  await db.push(user, device, [newPrompt(++seq, promptId), newRun(++seq, runId, promptId)]);
});
afterAll(() => db?.close());

const big = 'x'.repeat(1_100_000);

const badChanges: Array<[string, () => Record<string, unknown>, string, RegExp]> = [
  ['a malformed row id', () => editRun(0, 'run-1', { name: 'x' }, T0), 'invalid_uuid', /id must be a UUID/],
  ['a malformed prompt_id', () => newRun(0, uuid(), 'prompt-1'), 'invalid_uuid', /insert\.prompt_id must be a UUID/],
  ['a malformed message id', () => ({ ...editRun(0, runId, {}, T0), append_messages: [message('m1', null, 'hi')] }), 'invalid_uuid', /message id/],
  ['a malformed current_leaf_id', () => editRun(0, runId, { current_leaf_id: 'leaf' }, T0), 'invalid_uuid', /current_leaf_id/],
  ['messages that are not an array', () => ({ ...editRun(0, runId, {}, T0), append_messages: { id: uuid() } }), 'invalid_messages', /must be an array/],
  ['a message that is not an object', () => ({ ...editRun(0, runId, {}, T0), append_messages: ['hello'] }), 'invalid_messages', /must be an object/],
  ['a streaming message', () => ({ ...editRun(0, runId, {}, T0), append_messages: [{ ...message(uuid(), null, 'hi'), status: 'streaming' }] }), 'invalid_messages', /streaming/],
  ['a message with an unknown role', () => ({ ...editRun(0, runId, {}, T0), append_messages: [{ ...message(uuid(), null, 'hi'), role: 'tool' }] }), 'invalid_messages', /role/],
  ['an oversized payload', () => editRun(0, runId, { description: big }, T0), 'payload_too_large', /1 MiB/],
  ['an unknown table', () => ({ ...editRun(0, runId, { name: 'x' }, T0), table: 'users' }), 'unknown_table', /unknown table "users"/],
  ['an unknown field', () => editRun(0, runId, { colour: 'red' }, T0), 'unknown_field', /no editable field "colour"/],
  ['an unknown change key', () => ({ ...editRun(0, runId, {}, T0), delete_everything: true }), 'unknown_field', /delete_everything/],
  ['messages on a prompt', () => ({ ...newPrompt(0, uuid()), append_messages: [] }), 'unknown_field', /prompt_runs only/],
  ['a prompt_id that is not a prompt of the caller', () => newRun(0, uuid(), uuid()), 'invalid_prompt', /not one of your prompts/],
  ['a changed prompt_id of an existing run', () => editRun(0, runId, { prompt_id: uuid() }, T0), 'immutable_field', /prompt_id/],
  ['a bad status', () => editRun(0, runId, { status: 'gone' }, T0), 'invalid_value', /status must be one of active, archived, deleted/],
  ['a non-boolean star', () => editRun(0, runId, { is_starred: 'yes' }, T0), 'invalid_value', /is_starred must be true or false/],
  ['variable values that are not strings', () => editRun(0, runId, { variable_values: { n: 3 } }, T0), 'invalid_value', /object of strings/],
  ['a value without its clock', () => ({ ...editRun(0, runId, { name: 'x' }, T0), clocks: {} }), 'invalid_clock', /clocks\.name/],
  ['a clock that is not ISO-8601', () => editRun(0, runId, { name: 'x' }, 'yesterday'), 'invalid_clock', /ISO-8601/],
  ['a clock naming an impossible date', () => editRun(0, runId, { name: 'x' }, '2026-02-31T00:00:00Z'), 'invalid_input', /out of range/],
  ['an edit of a row the server never got', () => editRun(0, uuid(), { name: 'x' }, T0), 'not_found', /send it with "insert"/],
];

describe('per-change rejections', () => {
  it.each(badChanges)('rejects %s without failing the batch', async (_label, make, code, message) => {
    const before = (await db.admin.query('select * from public.prompt_runs where id = $1', [runId])).rows[0];
    const label = `ok ${seq}`;
    const good = editRun(0, runId, { last_message_preview: label }, at(seq));
    const res = await db.push(user, device, [{ ...make(), seq: ++seq }, { ...good, seq: ++seq }]);
    const [rejected, applied] = res.results;
    expect(rejected).toMatchObject({ status: 'rejected', code });
    expect(rejected && 'message' in rejected ? rejected.message : '').toMatch(message);
    expect(applied).toEqual({ seq, status: 'applied' });
    const after = (await db.admin.query('select * from public.prompt_runs where id = $1', [runId])).rows[0];
    // Only the good change's field moved.
    expect({ ...after, last_message_preview: null, field_updated_at: null, field_clients: null, updated_at: null, sync_xid: null })
      .toEqual({ ...before, last_message_preview: null, field_updated_at: null, field_clients: null, updated_at: null, sync_xid: null });
    expect(after.last_message_preview).toBe(label);
  });
});

describe('malformed batches', () => {
  const call = (clientId: unknown, changes: unknown) =>
    db.as(user, PUSH_SQL, [pushBody(clientId, changes)]);

  it('refuses changes that are not an array', async () => {
    await expect(call(uuid(), { seq: 1 })).rejects.toMatchObject({ code: '22023', message: 'changes must be a JSON array of changes' });
  });
  it('refuses a change without a positive integer seq', async () => {
    await expect(call(uuid(), [{ table: 'prompts' }])).rejects.toMatchObject({ code: '22023', message: /positive integer seq/ });
    await expect(call(uuid(), [{ seq: 1.5 }])).rejects.toMatchObject({ code: '22023' });
  });
  it('refuses more than 500 changes in one batch with PT413 (HTTP 413: the app halves the batch)', async () => {
    const many = Array.from({ length: 501 }, (_, i) => ({ seq: i + 1 }));
    await expect(call(uuid(), many)).rejects.toMatchObject({ code: 'PT413', message: /^batch_too_large: .*at most 500/ });
  });
  it('refuses a malformed client id', async () => {
    await expect(call('device-1', [])).rejects.toMatchObject({ code: '22P02' });
  });
});
