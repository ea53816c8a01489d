// Editable run fields on real PostgreSQL: is_pinned merges per field like is_starred and comes back in
// pulls; the list of editable fields (sync_internal.editable_fields) is the one place a new field is
// declared: one row, and pushes validate it, store it and merge it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushResponse } from '../../sync/protocol';
import { at, editRun, newPrompt, newRun, pushBody, PUSH_SQL, startTestDb, uuid, type TestDb } from './support/test-db';

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

async function createRun(fields: Record<string, unknown> = {}): Promise<string> {
  const id = uuid();
  const res = await db.push(user, deviceA, [newRun(++seqA, id, promptId, fields)]);
  expect(res.results).toEqual([{ seq: seqA, status: 'applied' }]);
  return id;
}

const runRow = async (id: string) =>
  (await db.as<Record<string, unknown>>(user, 'select * from public.prompt_runs where id = $1', [id]))[0]!;

describe('is_pinned', () => {
  it('is false for a run created without it, and a new run may be created pinned', async () => {
    expect((await runRow(await createRun()))['is_pinned']).toBe(false);
    expect((await runRow(await createRun({ is_pinned: true })))['is_pinned']).toBe(true);
  });

  it('merges per field: a pin and a star from two devices both stay, the later pin edit wins', async () => {
    const id = await createRun();
    await db.push(user, deviceA, [editRun(++seqA, id, { is_pinned: true }, at(10))]);
    await db.push(user, deviceB, [editRun(++seqB, id, { is_starred: true }, at(5))]);
    expect(await runRow(id)).toMatchObject({ is_pinned: true, is_starred: true });
    await db.push(user, deviceB, [editRun(++seqB, id, { is_pinned: false }, at(8))]);
    expect((await runRow(id))['is_pinned']).toBe(true);
    await db.push(user, deviceB, [editRun(++seqB, id, { is_pinned: false }, at(12))]);
    const row = await runRow(id);
    expect(row['is_pinned']).toBe(false);
    expect((row['field_updated_at'] as Record<string, string>)['is_pinned']).toBe(at(12));
  });

  it('comes back in pulls', async () => {
    const id = await createRun({ is_pinned: true });
    const pull = await db.pull(user, null, 5000);
    expect(pull.runs.find((r) => r.id === id)).toMatchObject({ is_pinned: true });
  });

  it('refuses a value that is not true or false, alone in its batch', async () => {
    const id = await createRun();
    const res = await db.push(user, deviceA, [
      editRun(++seqA, id, { is_pinned: 'yes' }, at(20)),
      editRun(++seqA, id, { name: 'still applied' }, at(20)),
    ]);
    expect(res.results[0]).toMatchObject({ status: 'rejected', code: 'invalid_value', message: 'prompt_runs.is_pinned must be true or false' });
    expect(res.results[1]).toMatchObject({ status: 'applied' });
  });
});

describe('the list of editable fields', () => {
  it('makes a new field one row: validated, stored and merged without redefining the sync functions', async () => {
    const client = await db.admin.connect();
    try {
      await client.query('begin');
      await client.query('alter table public.prompt_runs add column folder_note text');
      await client.query(`insert into sync_internal.editable_fields (tbl, field, kind, max_length) values ('prompt_runs', 'folder_note', 'text', 10)`);
      await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
        [JSON.stringify({ sub: user, role: 'authenticated' })]);
      const id = uuid();
      const changes = [
        newRun(1, id, promptId, { folder_note: 'Work' }, at(1)),
        editRun(2, id, { folder_note: 'Home' }, at(3)),
        editRun(3, id, { folder_note: 'Older' }, at(2)),
        editRun(4, id, { folder_note: 'far too long for it' }, at(4)),
      ];
      const { rows } = await client.query<{ r: PushResponse }>(PUSH_SQL, [pushBody(uuid(), changes)]);
      expect(rows[0]!.r.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected']);
      expect(rows[0]!.r.results[3]).toMatchObject({ code: 'invalid_value', message: 'prompt_runs.folder_note must be a string of at most 10 characters' });
      const stored = await client.query('select folder_note, field_updated_at from public.prompt_runs where id = $1', [id]);
      expect(stored.rows[0]).toMatchObject({ folder_note: 'Home', field_updated_at: { folder_note: at(3) } });
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
