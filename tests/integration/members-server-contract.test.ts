// Shared runs in the sync, one contract for both servers (the in-memory FakeSyncServer the engine's tests
// trust, and the SQL functions on PostgreSQL): what a member's pull carries (the run with `shared`, their own
// star, messages with authors), what an editor and a viewer may push, and what a removal does to both ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSyncServer } from '../../sync/engine/fake-server';
import type { PullResponse, PushChange, PushResponse } from '../../sync/protocol';
import { at, editRun, message, newPrompt, newRun, startTestDb, uuid, type TestDb } from '../sql/support/test-db';

interface Account {
  id: string;
  push(clientId: string, changes: PushChange[]): Promise<PushResponse>;
  pull(since: string | null): Promise<PullResponse>;
}

interface World {
  owner: Account;
  member: Account;
  stranger: Account;
  share(runId: string, role: 'viewer' | 'editor'): Promise<void>;
  setRole(runId: string, role: 'viewer' | 'editor'): Promise<void>;
  remove(runId: string): Promise<void>;
}

const OWNER_EMAIL = 'ada@example.test';
const MEMBER_EMAIL = 'sam@example.test';

let sql: TestDb;
beforeAll(async () => {
  sql = await startTestDb();
});
afterAll(() => sql?.close());

async function sqlWorld(): Promise<World> {
  const suffix = uuid().slice(0, 8);
  const [owner, member, stranger] = await Promise.all([sql.createUser(`${suffix}-${OWNER_EMAIL}`), sql.createUser(`${suffix}-${MEMBER_EMAIL}`), sql.createUser()]);
  const account = (id: string): Account => ({ id, push: (c, changes) => sql.push(id, c, changes), pull: (since) => sql.pull(id, since, 1000, 3) });
  return {
    owner: account(owner), member: account(member), stranger: account(stranger),
    share: async (runId, role) => {
      const [{ r }] = (await sql.as<{ r: { id: string } }>(owner, 'select public.invite_to_run($1, $2, $3, $4) as r', [uuid(), runId, `${suffix}-${MEMBER_EMAIL}`, role])) as [{ r: { id: string } }];
      await sql.as(member, 'select public.answer_run_invitation($1, true)', [r.id]);
    },
    setRole: async (runId, role) => void (await sql.as(owner, 'select public.set_run_member_role($1, $2, $3)', [runId, member, role])),
    remove: async (runId) => void (await sql.as(owner, 'select public.remove_run_member($1, $2)', [runId, member])),
  };
}

async function fakeWorld(): Promise<World> {
  const [owner, member, stranger] = [uuid(), uuid(), uuid()];
  const fake = new FakeSyncServer({ userId: owner, now: () => Date.now() });
  const suffix = uuid().slice(0, 8);
  fake.members.setEmail(owner, `${suffix}-${OWNER_EMAIL}`);
  fake.members.setEmail(member, `${suffix}-${MEMBER_EMAIL}`);
  const account = (id: string): Account => {
    const as = fake.as(id);
    return { id, push: async (c, changes) => as.push({ client_id: c, changes, protocol: 3 }), pull: async (since) => as.pull({ since, max_rows: 1000, protocol: 3 }) };
  };
  return {
    owner: account(owner), member: account(member), stranger: account(stranger),
    share: async (runId, role) => fake.members.add(runId, member, role),
    setRole: async (runId, role) => fake.members.add(runId, member, role),
    remove: async (runId) => fake.members.remove(runId, member, new Date().toISOString()),
  };
}

const servers: Array<[string, () => Promise<World>]> = [['SQL functions on PostgreSQL', sqlWorld], ['FakeSyncServer', fakeWorld]];
const [ownerClient, memberClient] = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];

describe.each(servers)('%s', (_name, make) => {
  let w: World;
  let runId: string;
  let since: string | null = null;
  const first = message(uuid(), null, 'Where should we sleep in Lyon', at(1));
  beforeAll(async () => {
    w = await make();
    const promptId = uuid();
    runId = uuid();
    await w.owner.push(ownerClient, [newPrompt(1, promptId, { name: 'Planner' }), { ...newRun(2, runId, promptId, { name: 'Trip plan' }), append_messages: [first] }]);
    await w.share(runId, 'editor');
  });

  it("brings the shared run to the member with `shared`, and its messages with their author; the owner's row has none", async () => {
    const pulled = await w.member.pull(null);
    since = pulled.cursor;
    expect(pulled.prompts).toEqual([]);
    expect(pulled.runs).toHaveLength(1);
    const run = pulled.runs[0]! as (typeof pulled.runs)[number] & { shared: { role: string; owner_email: string; prompt_name: string; people: Array<{ user_id: string; role: string }> } };
    expect(run).toMatchObject({ id: runId, name: 'Trip plan', user_id: w.owner.id, is_starred: false });
    expect(run.shared).toMatchObject({ role: 'editor', prompt_name: 'Planner' });
    expect(run.shared.owner_email).toMatch(/ada@example\.test$/);
    expect(run.shared.people.map((p) => [p.user_id, p.role]).sort()).toEqual([[w.owner.id, 'owner'], [w.member.id, 'editor']].sort());
    expect(pulled.messages.map((m) => [m.id, m.authorId])).toEqual([[first.id, w.owner.id]]);
    expect((await w.owner.pull(null)).runs.map((r) => (r as { shared?: unknown }).shared ?? null)).toEqual([null]);
  });

  it("takes an editor's messages (author: the editor, whatever was sent) and name; refuses their status", async () => {
    const reply = { ...message(uuid(), first.id, 'And Annecy?', at(2)), authorId: w.owner.id };
    const res = await w.member.push(memberClient, [
      { ...editRun(1, runId, { name: 'Lyon and Annecy' }, at(3)), append_messages: [reply] },
      editRun(2, runId, { status: 'archived' }, at(4)),
    ]);
    expect(res.results.map((r) => [r.seq, r.status, 'code' in r ? r.code : null])).toEqual([[1, 'applied', null], [2, 'rejected', 'read_only']]);
    const owner = await w.owner.pull(null);
    expect(owner.runs[0]).toMatchObject({ name: 'Lyon and Annecy', status: 'active' });
    expect(owner.messages.find((m) => m.id === reply.id)?.authorId).toBe(w.member.id);
  });

  it("keeps a member's star their own", async () => {
    const res = await w.member.push(memberClient, [editRun(3, runId, { is_starred: true }, at(5))]);
    expect(res.results[0]).toMatchObject({ status: 'applied' });
    expect((await w.owner.pull(null)).runs[0]!.is_starred).toBe(false);
    const mine = await w.member.pull(since);
    expect(mine.runs.map((r) => [r.id, r.is_starred])).toEqual([[runId, true]]);
  });

  it("keeps a member's tags of the run their own, refuses a stranger's, and a member's run version", async () => {
    const tagId = uuid();
    const client = uuid();
    const tag = (seq: number, id: string) => ({ seq, table: 'tags', id, insert: { created_at: at(5) }, values: { name: 'trips' }, clocks: { name: at(5) } });
    const link = (seq: number, id: string) => ({ seq, table: 'run_tags', key: { run_id: runId, tag_id: id }, values: { present: true }, clocks: { present: at(5) } });
    const res = await w.member.push(client, [tag(1, tagId), link(2, tagId)] as PushChange[]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(((await w.member.pull(null)) as unknown as { run_tags: Array<{ tag_id: string }> }).run_tags.map((l) => l.tag_id)).toEqual([tagId]);
    expect(((await w.owner.pull(null)) as unknown as { run_tags: unknown[] }).run_tags).toEqual([]);
    const strangersTag = uuid();
    const stranger = await w.stranger.push(uuid(), [tag(1, strangersTag), link(2, strangersTag)] as PushChange[]);
    expect(stranger.results[1]).toMatchObject({ status: 'rejected', code: 'not_found' });
    const version = { seq: 3, table: 'run_versions', id: uuid(), insert: { run_id: runId, created_at: at(5), device_id: 'd', device_name: 'D', snapshot: { name: 'n', description: '' } } };
    expect((await w.member.push(client, [version] as PushChange[])).results[0]).toMatchObject({ status: 'rejected', code: 'not_found' });
  });

  it("refuses a viewer's append in the contract's words, and a stranger's with not_found", async () => {
    await w.setRole(runId, 'viewer');
    const res = await w.member.push(memberClient, [{ ...editRun(4, runId, {}, at(6)), append_messages: [message(uuid(), first.id, 'hi', at(6))] }]);
    expect(res.results[0]).toEqual({ seq: 4, status: 'rejected', code: 'read_only', message: '"Lyon and Annecy" is shared with you to read: its owner has not let you change it' });
    const stranger = await w.stranger.push(memberClient, [editRun(1, runId, { name: 'mine' }, at(6))]);
    expect(stranger.results[0]).toMatchObject({ status: 'rejected', code: 'not_found' });
  });

  it('tells the removed member at the next pull, and refuses their later changes with membership_removed', async () => {
    const before = (await w.member.pull(null)).cursor;
    await w.remove(runId);
    const pulled = await w.member.pull(before);
    expect(pulled.removed_runs?.map((r) => r.id)).toEqual([runId]);
    expect(Number.isNaN(Date.parse(pulled.removed_runs![0]!.removed_at))).toBe(false);
    expect(pulled.runs.map((r) => r.id)).not.toContain(runId);
    const res = await w.member.push(memberClient, [{ ...editRun(5, runId, {}, at(7)), append_messages: [message(uuid(), first.id, 'late', at(7))] }]);
    expect(res.results[0]).toEqual({ seq: 5, status: 'rejected', code: 'membership_removed', message: 'Your changes to "Lyon and Annecy" were not saved: its owner removed you from this run' });
    // Once per cursor: a pull from the new cursor does not say it again.
    expect((await w.member.pull(pulled.cursor)).removed_runs ?? []).toEqual([]);
  });
});
