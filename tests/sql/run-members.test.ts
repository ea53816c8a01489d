// Shared runs on real PostgreSQL: the owner invites by e-mail as viewer or editor, the invitee accepts
// and reads that run (and only it) through RLS and the RPCs, the owner changes roles and removes people,
// and the attack cases: a viewer writing, a removed member reading, a member of one run reading another,
// an invitation for one run used on another, guessing invitation ids, anonymous callers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message, newPrompt, newRun, startTestDb, uuid, type TestDb } from './support/test-db';

let db: TestDb;
let alice: string;
let bob: string;
let carol: string;
let mallory: string;
const promptId = uuid();
const runId = uuid();
const otherRunId = uuid();
const bobRunId = uuid();
const msgId = uuid();

beforeAll(async () => {
  db = await startTestDb();
  alice = await db.createUser('alice@example.test');
  bob = await db.createUser('Bob@Example.test');
  carol = await db.createUser('carol@example.test');
  mallory = await db.createUser('mallory@example.test');
  await db.push(alice, uuid(), [
    newPrompt(1, promptId, { name: 'Planner' }),
    { ...newRun(2, runId, promptId, { name: 'Trip plan' }), append_messages: [message(msgId, null, 'Where to go?')] },
    { ...newRun(3, otherRunId, promptId, { name: 'Private diary' }), append_messages: [message(uuid(), null, 'secret')] },
  ]);
  const bobPrompt = uuid();
  await db.push(bob, uuid(), [newPrompt(1, bobPrompt), newRun(2, bobRunId, bobPrompt, { name: 'Bob own' })]);
}, 120_000);
afterAll(() => db?.close());

type Json = Record<string, unknown>;
const one = async (who: string | null, sql: string, params: unknown[] = []): Promise<Json> =>
  ((await db.as<{ r: Json }>(who, sql, params))[0]!.r);
const invite = (who: string, run: string, email: string, role: string, id = uuid()) =>
  one(who, 'select public.invite_to_run($1, $2, $3, $4) as r', [id, run, email, role]);
const answer = (who: string, id: string, accept = true) => one(who, 'select public.answer_run_invitation($1, $2) as r', [id, accept]);
const invitations = async (who: string) => (await one(who, 'select public.my_run_invitations() as r')) as unknown as Json[];
const sharedRuns = async (who: string) => (await one(who, 'select public.shared_runs() as r')) as unknown as Json[];
const error = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: { code?: string; message: string }) => e);
const visibleRuns = async (who: string) => (await db.as<{ id: string }>(who, 'select id from public.prompt_runs order by name')).map((r) => r.id);
const visibleMessages = async (who: string, run: string) =>
  (await db.as<{ id: string }>(who, 'select id from public.prompt_run_messages where run_id = $1', [run])).map((r) => r.id);

async function accepted(who: string, email: string, role: 'viewer' | 'editor'): Promise<void> {
  const inv = await invite(alice, runId, email, role);
  await answer(who, inv['id'] as string);
}

describe('inviting by e-mail', () => {
  it('the invitee sees the invitation, accepts it, and finds the run under "Shared with me"', async () => {
    const inv = await invite(alice, runId, '  BOB@example.TEST ', 'viewer');
    expect(inv).toMatchObject({ email: 'bob@example.test', role: 'viewer', status: 'pending' });
    expect(await invitations(bob)).toEqual([expect.objectContaining({ id: inv['id'], role: 'viewer', run_name: 'Trip plan', invited_by: 'alice@example.test' })]);
    expect(await invitations(carol)).toEqual([]);
    expect(await visibleRuns(bob)).toEqual([bobRunId]);

    expect(await answer(bob, inv['id'] as string)).toMatchObject({ run_id: runId, role: 'viewer', accepted: true });
    expect(await invitations(bob)).toEqual([]);
    expect(await sharedRuns(bob)).toEqual([expect.objectContaining({ run_id: runId, name: 'Trip plan', role: 'viewer', owner: 'alice@example.test', prompt_name: 'Planner' })]);
    const run = await one(bob, 'select public.get_member_run($1) as r', [runId]);
    expect(run).toMatchObject({ name: 'Trip plan', role: 'viewer', owner: 'alice@example.test' });
    expect((run['messages'] as Json[]).map((m) => m['content'])).toEqual(['Where to go?']);
  });

  it('RLS lets a member read that run and its messages, and nothing else of the owner', async () => {
    expect(await visibleRuns(bob)).toEqual([bobRunId, runId]);
    expect(await visibleMessages(bob, runId)).toEqual([msgId]);
    expect(await visibleMessages(bob, otherRunId)).toEqual([]);
    expect(await db.as(bob, 'select id from public.prompts where user_id = $1', [alice])).toEqual([]);
    expect(await db.as(bob, 'select id from public.run_shares')).toEqual([]);
  });

  it('the owner lists the people; members see the owner and each other but not pending invitations', async () => {
    await invite(alice, runId, 'carol@example.test', 'editor');
    const ownerView = await one(alice, 'select public.list_run_members($1) as r', [runId]);
    expect(ownerView).toMatchObject({ my_role: 'owner', owner: 'alice@example.test', members: [expect.objectContaining({ email: 'Bob@Example.test', role: 'viewer' })] });
    expect(ownerView['invitations']).toEqual([expect.objectContaining({ email: 'carol@example.test', role: 'editor' })]);
    const bobView = await one(bob, 'select public.list_run_members($1) as r', [runId]);
    expect(bobView).toMatchObject({ my_role: 'viewer', owner: 'alice@example.test', invitations: [] });
  });

  it('refuses bad roles and e-mails, inviting oneself, and runs that are not the caller\'s, alike', async () => {
    expect((await error(invite(alice, runId, 'dave@example.test', 'admin'))).message).toMatch(/^invalid_input: the role/);
    expect((await error(invite(alice, runId, 'not-an-email', 'viewer'))).message).toMatch(/^invalid_input: .* is not an e-mail/);
    expect((await error(invite(alice, runId, 'ALICE@example.test', 'viewer'))).message).toMatch(/you own this run/);
    const foreign = await error(invite(mallory, runId, 'mallory2@example.test', 'editor'));
    const unknown = await error(invite(mallory, uuid(), 'mallory2@example.test', 'editor'));
    expect(foreign.message).toBe(unknown.message);
    expect(foreign.code).toBe('PT404');
  });
});

describe('roles and removal', () => {
  it('the owner changes a role; only the owner may', async () => {
    expect(await one(alice, 'select public.set_run_member_role($1, $2, $3) as r', [runId, bob, 'editor'])).toBe(true);
    expect((await sharedRuns(bob))[0]).toMatchObject({ role: 'editor' });
    expect((await error(one(bob, 'select public.set_run_member_role($1, $2, $3) as r', [runId, bob, 'viewer']))).code).toBe('PT404');
    expect(await one(alice, 'select public.set_run_member_role($1, $2, $3) as r', [runId, bob, 'viewer'])).toBe(true);
  });

  it('a removed member reads nothing of the run any more, and the removal is kept for the sync to explain', async () => {
    await accepted(carol, 'carol@example.test', 'editor');
    expect(await visibleMessages(carol, runId)).toEqual([msgId]);
    expect((await error(one(mallory, 'select public.remove_run_member($1, $2) as r', [runId, carol]))).code).toBe('PT404');
    expect(await one(alice, 'select public.remove_run_member($1, $2) as r', [runId, carol])).toBe(true);
    expect(await visibleRuns(carol)).toEqual([]);
    expect(await visibleMessages(carol, runId)).toEqual([]);
    expect(await sharedRuns(carol)).toEqual([]);
    expect((await error(one(carol, 'select public.get_member_run($1) as r', [runId]))).code).toBe('PT404');
    expect((await error(one(carol, 'select public.list_run_members($1) as r', [runId]))).code).toBe('PT404');
    const { rows } = await db.admin.query('select removed_by from share_internal.run_removals where run_id = $1 and user_id = $2', [runId, carol]);
    expect(rows).toEqual([{ removed_by: alice }]);
  });

  it('a member may leave', async () => {
    await accepted(carol, 'carol@example.test', 'viewer');
    expect(await one(carol, 'select public.remove_run_member($1, $2) as r', [runId, carol])).toBe(true);
    expect(await sharedRuns(carol)).toEqual([]);
  });

  it('a declined or withdrawn invitation opens nothing', async () => {
    const declined = await invite(alice, runId, 'carol@example.test', 'viewer');
    await answer(carol, declined['id'] as string, false);
    expect((await error(answer(carol, declined['id'] as string))).code).toBe('PT404');
    const withdrawn = await invite(alice, runId, 'carol@example.test', 'viewer');
    expect(await one(alice, 'select public.revoke_run_invitation($1) as r', [withdrawn['id']])).toBe(true);
    expect(await invitations(carol)).toEqual([]);
    expect((await error(answer(carol, withdrawn['id'] as string))).code).toBe('PT404');
    expect(await sharedRuns(carol)).toEqual([]);
  });
});

describe('attacks', () => {
  it('a viewer cannot write: no direct writes, and the sync refuses a push to the shared run', async () => {
    for (const sql of [
      `insert into public.prompt_run_messages (run_id, id, user_id, body, created_at) values ('${runId}', '${uuid()}', '${bob}', '{}', now())`,
      `update public.prompt_runs set name = 'pwned' where id = '${runId}'`,
      `insert into public.run_members (run_id, user_id, role) values ('${runId}', '${mallory}', 'editor')`,
      `update public.run_members set role = 'editor' where run_id = '${runId}'`,
      `delete from public.run_members where run_id = '${runId}'`,
      `insert into public.run_invitations (id, run_id, owner_id, email, role) values ('${uuid()}', '${runId}', '${alice}', 'mallory@example.test', 'editor')`,
    ]) {
      expect((await error(db.as(bob, sql))).code).toBe('42501');
    }
    const pushed = await db.push(bob, uuid(), [{ seq: 1, table: 'prompt_runs', id: runId, values: { name: 'pwned' }, clocks: { name: '2030-01-01T00:00:00.000Z' }, append_messages: [message(uuid(), msgId, 'spam')] }]);
    expect(pushed.results[0]).toMatchObject({ status: 'rejected' });
    expect(await visibleMessages(alice, runId)).toEqual([msgId]);
    const { rows } = await db.admin.query('select name from public.prompt_runs where id = $1', [runId]);
    expect(rows).toEqual([{ name: 'Trip plan' }]);
  });

  it("a member cannot share the owner's run by link, nor invite others to it", async () => {
    expect((await error(db.as(bob, `select public.create_run_share($1, $2, $3, 'live')`, [uuid(), runId, 'a'.repeat(64)]))).code).toBe('42501');
    expect((await error(invite(bob, runId, 'mallory@example.test', 'editor'))).code).toBe('PT404');
  });

  it('a member of one run reads no other run of the owner, by RLS or by RPC', async () => {
    expect(await visibleMessages(bob, otherRunId)).toEqual([]);
    expect((await error(one(bob, 'select public.get_member_run($1) as r', [otherRunId]))).code).toBe('PT404');
    expect((await error(one(bob, 'select public.list_run_members($1) as r', [otherRunId]))).code).toBe('PT404');
  });

  it('an invitation for one run cannot be used on another', async () => {
    const inv = await invite(alice, runId, 'mallory@example.test', 'viewer');
    // Reusing its id for another run is refused, and does not move it.
    expect((await error(invite(alice, otherRunId, 'mallory@example.test', 'editor', inv['id'] as string))).message).toMatch(/already used/);
    expect((await error(invite(mallory, bobRunId, 'mallory@example.test', 'editor', inv['id'] as string))).message).toMatch(/already used/);
    expect(await answer(mallory, inv['id'] as string)).toMatchObject({ run_id: runId, role: 'viewer' });
    expect(await visibleMessages(mallory, otherRunId)).toEqual([]);
    expect((await sharedRuns(mallory)).map((r) => r['run_id'])).toEqual([runId]);
    await one(alice, 'select public.remove_run_member($1, $2) as r', [runId, mallory]);
  });

  it("guessed or someone else's invitation ids open nothing, with one answer for all", async () => {
    const forCarol = await invite(alice, runId, 'carol@example.test', 'editor');
    const guessed = await error(answer(mallory, uuid()));
    const stolen = await error(answer(mallory, forCarol['id'] as string));
    expect(stolen.message).toBe(guessed.message);
    expect(stolen.code).toBe('PT404');
    expect(await sharedRuns(mallory)).toEqual([]);
    expect(await db.as(mallory, 'select id from public.run_invitations where id = $1', [forCarol['id']])).toEqual([]);
  });

  it('anonymous callers may call none of it', async () => {
    for (const sql of ['select public.shared_runs()', 'select public.my_run_invitations()', `select public.get_member_run('${runId}')`,
      `select public.invite_to_run('${uuid()}', '${runId}', 'x@example.test', 'viewer')`, 'select * from public.run_members']) {
      expect((await error(db.as(null, sql))).code).toBe('42501');
    }
  });
});
