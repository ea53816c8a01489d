// The sync protocol version on real PostgreSQL (over HTTP: sync-over-http.test.ts): a call without
// `protocol` is served as version 1, a version the server speaks is echoed back, and one outside the
// server's range is refused whole with PT426 (HTTP 426) and `{"min","max"}` in details, so the app can
// stop syncing and ask for a reload instead of dead-lettering its changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse } from '../../sync/protocol';
import { newPrompt, pushBody, PUSH_SQL, startTestDb, uuid, type TestDb } from './support/test-db';

let db: TestDb;
let user: string;

beforeAll(async () => {
  db = await startTestDb();
  user = await db.createUser();
});
afterAll(() => db?.close());

const setRange = (min: number, max: number) =>
  db.admin.query('update sync_internal.server set min_protocol = $1, max_protocol = $2', [min, max]);

describe('protocol version in SQL', () => {
  it('serves a call without protocol as version 1 (an app cached before the argument existed)', async () => {
    const push = await db.as<{ r: PushResponse }>(user, PUSH_SQL, [pushBody(uuid(), [newPrompt(1, uuid())])]);
    expect(push[0]?.r).toMatchObject({ protocol: 1, results: [{ seq: 1, status: 'applied' }] });
    const pull = await db.as<{ r: PullResponse }>(user, 'select public.sync_pull(null, 10) as r');
    expect(pull[0]?.r.protocol).toBe(1);
  });

  it('echoes the version the app speaks when the server speaks it', async () => {
    const push = await db.as<{ r: PushResponse }>(user, PUSH_SQL, [pushBody(uuid(), [], 2)]);
    expect(push[0]?.r.protocol).toBe(2);
    const pull = await db.as<{ r: PullResponse }>(user, 'select public.sync_pull(since => null, max_rows => 10, protocol => 2) as r');
    expect(pull[0]?.r.protocol).toBe(2);
  });

  it('refuses a version outside the range with PT426, the range in details, and applies nothing', async () => {
    const id = uuid();
    const refused = { code: 'PT426', message: /^protocol_unsupported: /, detail: '{"min":1,"max":3}' };
    await expect(db.as(user, PUSH_SQL, [pushBody(uuid(), [newPrompt(1, id)], 4)])).rejects.toMatchObject(refused);
    await expect(db.as(user, 'select public.sync_pull(null, 10, 0)')).rejects.toMatchObject(refused);
    await expect(db.as(user, 'select public.sync_pull(null, 10, null)')).rejects.toMatchObject(refused);
    const rows = await db.as(user, 'select 1 from public.prompts where id = $1', [id]);
    expect(rows).toEqual([]);
  });

  it('refuses an older app once the server moves its minimum up (a newer server)', async () => {
    await setRange(4, 5);
    try {
      await expect(db.as(user, 'select public.sync_pull(null, 10, 3)')).rejects.toMatchObject({ code: 'PT426', detail: '{"min":4,"max":5}' });
      await expect(db.as(user, 'select public.sync_pull(null, 10)')).rejects.toMatchObject({ code: 'PT426' });
    } finally {
      await setRange(1, 3);
    }
  });

  it('keeps one function per name, so PostgREST resolves named arguments to it', async () => {
    const { rows } = await db.admin.query<{ proname: string; args: string }>(
      `select p.proname, pg_get_function_identity_arguments(p.oid) as args from pg_proc p
        where p.pronamespace = 'public'::regnamespace and p.proname in ('sync_push', 'sync_pull') order by 1`);
    expect(rows.map((r) => r.proname)).toEqual(['sync_pull', 'sync_push']);
  });
});
