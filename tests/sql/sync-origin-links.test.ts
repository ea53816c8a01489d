// A run's prompt version (prompt_runs.prompt_version_id) and a template's source run
// (prompts.source_run_id) on real PostgreSQL: sent as editable fields, merged per field by clock,
// returned by sync_pull and the initial sync's snapshot, left as they are by an app that does not send
// them, and refused when they are not a UUID. They are only ids: the server never follows them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, editRun, newPrompt, newRun, startTestDb, uuid, type TestDb } from './support/test-db';

let db: TestDb;
let user: string;
const device = uuid();
const promptId = uuid();
const runId = uuid();
const version = uuid();
const sourceRun = uuid();

beforeAll(async () => {
  db = await startTestDb();
  user = await db.createUser();
  const res = await db.push(user, device, [
    newPrompt(1, promptId, { name: 'From a run', source_run_id: sourceRun }),
    newRun(2, runId, promptId, { prompt_version_id: version }),
  ], 3);
  expect(res.results).toEqual([{ seq: 1, status: 'applied' }, { seq: 2, status: 'applied' }]);
});
afterAll(() => db?.close());

const pulledRun = async (protocol = 3) => (await db.pull(user, null, 500, protocol)).runs.find((r) => r.id === runId)!;
const pulledPrompt = async () => (await db.pull(user, null, 500, 3)).prompts.find((p) => p.id === promptId)!;

describe('a run’s prompt version and a template’s source run', () => {
  it('are stored and pulled with their clocks', async () => {
    expect(await pulledRun()).toMatchObject({ prompt_version_id: version, field_updated_at: { prompt_version_id: at(0) } });
    expect(await pulledPrompt()).toMatchObject({ source_run_id: sourceRun, field_updated_at: { source_run_id: at(0) } });
    const columns = await db.admin.query('select prompt_version_id from public.prompt_runs where id = $1', [runId]);
    expect(columns.rows).toEqual([{ prompt_version_id: version }]);
  });

  it('are null on rows made without them, and older protocols get them too (unknown keys are ignored there)', async () => {
    const [bare, barePrompt] = [uuid(), uuid()];
    await db.push(user, device, [newPrompt(3, barePrompt), newRun(4, bare, barePrompt)], 2);
    const pulled = await db.pull(user, null, 500, 1);
    expect(pulled.runs.find((r) => r.id === bare)).toMatchObject({ prompt_version_id: null });
    expect(pulled.prompts.find((p) => p.id === barePrompt)).toMatchObject({ source_run_id: null });
    expect(pulled.runs.find((r) => r.id === runId)).toMatchObject({ prompt_version_id: version });
  });

  it('stay as stored when a change does not name them (an app that does not know them)', async () => {
    await db.push(user, uuid(), [editRun(1, runId, { name: 'Renamed by an older app' }, at(5))], 2);
    expect(await pulledRun()).toMatchObject({ name: 'Renamed by an older app', prompt_version_id: version });
  });

  it('merge per field by clock like any field: an older write loses, a later one wins', async () => {
    const other = uuid();
    await db.push(user, uuid(), [editRun(1, runId, { prompt_version_id: other }, '2025-12-31T00:00:00.000Z')], 3);
    expect((await pulledRun()).prompt_version_id).toBe(version);
    await db.push(user, uuid(), [editRun(1, runId, { prompt_version_id: other }, at(10))], 3);
    expect(await pulledRun()).toMatchObject({ prompt_version_id: other, field_updated_at: { prompt_version_id: at(10) } });
  });

  it('refuse anything but a UUID or null, that change alone', async () => {
    const res = await db.push(user, device, [
      editRun(5, runId, { prompt_version_id: 'v1' }, at(20)),
      { seq: 6, table: 'prompts', id: promptId, values: { source_run_id: 42 }, clocks: { source_run_id: at(20) } },
      { seq: 7, table: 'prompts', id: promptId, values: { source_run_id: null }, clocks: { source_run_id: at(21) } },
    ], 3);
    expect(res.results).toMatchObject([
      { seq: 5, status: 'rejected', code: 'invalid_uuid', message: expect.stringContaining('prompt_version_id') },
      { seq: 6, status: 'rejected', code: 'invalid_uuid', message: expect.stringContaining('source_run_id') },
      { seq: 7, status: 'applied' },
    ]);
    expect((await pulledPrompt()).source_run_id).toBeNull();
  });

  it('come with a new device’s snapshot of runs', async () => {
    const page = (await db.as<{ r: { runs: Array<{ id: string; prompt_version_id: string | null }> } }>(
      user, 'select public.sync_snapshot_runs(after => null, max_rows => 50, protocol => 3) as r'))[0]!.r;
    expect(page.runs.find((r) => r.id === runId)?.prompt_version_id).toEqual(expect.any(String));
  });
});
