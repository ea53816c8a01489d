// The attack suite: a signed-in user trying to read or change another user's data, and anonymous
// callers. Each attempt must be refused and leave the victim's rows as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, editRun, message, newPrompt, newRun, startTestDb, uuid, type TestDb } from './support/test-db';

let db: TestDb;
let alice: string;
let mallory: string;
let alicePrompt: string;
let aliceRun: string;
const aliceDevice = uuid();
const malloryDevice = uuid();
let mallorySeq = 0;
let malloryPrompt: string;

beforeAll(async () => {
  db = await startTestDb();
  alice = await db.createUser('alice@example.test');
  mallory = await db.createUser('mallory@example.test');
  alicePrompt = uuid();
  aliceRun = uuid();
  malloryPrompt = uuid();
  await db.push(alice, aliceDevice, [
    newPrompt(1, alicePrompt, { name: 'Alice prompt' }),
    { ...newRun(2, aliceRun, alicePrompt, { name: 'Alice run' }), append_messages: [message(uuid(), null, 'secret')] },
  ]);
  await db.push(mallory, malloryDevice, [newPrompt(++mallorySeq, malloryPrompt)]);
});
afterAll(() => db?.close());

async function aliceRunAsAdmin() {
  const { rows } = await db.admin.query('select * from public.prompt_runs where id = $1', [aliceRun]);
  return rows[0] as Record<string, unknown>;
}

async function malloryPush(change: object) {
  const res = await db.push(mallory, malloryDevice, [{ ...change, seq: ++mallorySeq }]);
  return res.results[0];
}

describe("another user's run id in a push", () => {
  const edits: Array<[string, Record<string, unknown>]> = [
    ['update (settings)', { settings: { provider: 'evil', model_id: 'x' } }],
    ['rename', { name: 'pwned' }],
    ['star', { is_starred: true }],
    ['delete', { status: 'deleted' }],
    ['restore', { status: 'active' }],
  ];
  it.each(edits)('refuses %s and leaves the run untouched', async (_label, fields) => {
    const before = await aliceRunAsAdmin();
    const result = await malloryPush(editRun(0, aliceRun, fields, at(999_999)));
    expect(result).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect(await aliceRunAsAdmin()).toEqual(before);
  });

  it('refuses an "insert" reusing the id of an existing run of another user', async () => {
    const result = await malloryPush(newRun(0, aliceRun, malloryPrompt, { name: 'takeover' }, at(999_999)));
    expect(result).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect((await aliceRunAsAdmin())['user_id']).toBe(alice);
    expect((await aliceRunAsAdmin())['name']).toBe('Alice run');
  });

  it('refuses appending messages to it', async () => {
    const result = await malloryPush({ ...editRun(0, aliceRun, {}, at(1)), append_messages: [message(uuid(), null, 'spam')] });
    expect(result).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect((await aliceRunAsAdmin())['message_count']).toBe(1);
  });
});

describe('ownership cannot be spoofed', () => {
  it('refuses a user_id naming another user, even on a new row', async () => {
    const id = uuid();
    const result = await malloryPush(newRun(0, id, malloryPrompt, { user_id: alice }));
    expect(result).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect((await db.admin.query('select 1 from public.prompt_runs where id = $1', [id])).rowCount).toBe(0);
  });

  it('writes a row with the caller as owner when user_id is their own or null', async () => {
    const id = uuid();
    expect(await malloryPush(newRun(0, id, malloryPrompt, { user_id: null }))).toMatchObject({ status: 'applied' });
    const { rows } = await db.admin.query('select user_id from public.prompt_runs where id = $1', [id]);
    expect(rows[0]?.user_id).toBe(mallory);
  });

  it("refuses a run pointing at another user's prompt", async () => {
    const id = uuid();
    const result = await malloryPush(newRun(0, id, alicePrompt));
    expect(result).toMatchObject({ status: 'rejected', code: 'invalid_prompt' });
    expect((await db.admin.query('select 1 from public.prompt_runs where id = $1', [id])).rowCount).toBe(0);
  });

  it("editing a prompt with another user's prompt id touches only the caller's own copy", async () => {
    // Prompts are keyed per user (example prompts share ids across users), so this creates Mallory's own row.
    await malloryPush(newPrompt(0, alicePrompt, { name: 'mine now?' }, at(999_999)));
    const { rows } = await db.admin.query('select user_id, name from public.prompts where id = $1 order by name', [alicePrompt]);
    expect(rows).toEqual([
      { user_id: alice, name: 'Alice prompt' },
      { user_id: mallory, name: 'mine now?' },
    ]);
  });
});

describe('anonymous callers', () => {
  it.each([
    ['sync_push', `select public.sync_push('{"client_id":"${uuid()}","changes":[]}'::json)`],
    ['sync_pull', 'select public.sync_pull(null, 10)'],
  ])('cannot call %s', async (_fn, sql) => {
    await expect(db.as(null, sql)).rejects.toMatchObject({ code: '42501' });
  });

  it('cannot read any table or the view', async () => {
    for (const table of ['prompts', 'prompt_runs', 'prompt_run_messages', 'prompt_runs_with_details', 'sync_notices']) {
      await expect(db.as(null, `select * from public.${table}`)).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('is refused even with the authenticated role but no user in the token', async () => {
    await expect(db.as({ userId: null, role: 'authenticated' }, 'select public.sync_pull(null, 10)'))
      .rejects.toMatchObject({ code: '42501', message: 'sync_pull needs a signed-in user' });
  });
});

describe('reads', () => {
  it("a pull from the beginning returns only the caller's rows", async () => {
    const pulled = await db.pull(mallory, null);
    const owners = [...pulled.prompts, ...pulled.runs].map((r) => r.user_id);
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(owners)).toEqual(new Set([mallory]));
    expect(pulled.runs.map((r) => r.id)).not.toContain(aliceRun);
    expect(pulled.messages.map((m) => m.content)).not.toContain('secret');
  });

  it("direct selects through RLS show only the caller's rows, view included", async () => {
    const runs = await db.as<{ id: string }>(mallory, 'select id from public.prompt_runs');
    const view = await db.as<{ id: string }>(mallory, 'select id from public.prompt_runs_with_details');
    const messages = await db.as(mallory, 'select * from public.prompt_run_messages');
    expect(runs.map((r) => r.id)).not.toContain(aliceRun);
    expect(view.map((r) => r.id)).not.toContain(aliceRun);
    expect(messages).toEqual([]);
    const aliceView = await db.as<{ id: string }>(alice, 'select id from public.prompt_runs_with_details');
    expect(aliceView.map((r) => r.id)).toEqual([aliceRun]);
  });
});

describe('direct table writes bypassing the functions', () => {
  const attempts: Array<[string, string]> = [
    ['insert a run', `insert into public.prompt_runs (prompt_id, user_id) values ('${uuid()}', auth.uid())`],
    ['update own runs', `update public.prompt_runs set name = 'direct'`],
    ['delete own runs', 'delete from public.prompt_runs'],
    ['insert a prompt', `insert into public.prompts (user_id) values (auth.uid())`],
    ['insert a message', `insert into public.prompt_run_messages (run_id, id, user_id, body, created_at) values ('${uuid()}', '${uuid()}', auth.uid(), '{}', now())`],
    ['call an internal helper', `select sync_internal.reject('x', 'y')`],
  ];
  it.each(attempts)('refuses to %s', async (_label, sql) => {
    await expect(db.as(mallory, sql)).rejects.toMatchObject({ code: '42501' });
  });

  it('has row level security on every table', async () => {
    const { rows } = await db.admin.query<{ name: string }>(
      `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname in ('public', 'sync_internal') and not c.relrowsecurity`,
    );
    expect(rows).toEqual([]);
  });

  it('left the victim data intact after all attempts', async () => {
    const row = await aliceRunAsAdmin();
    expect(row).toMatchObject({ user_id: alice, name: 'Alice run', status: 'active', is_starred: false, message_count: 1 });
  });
});
