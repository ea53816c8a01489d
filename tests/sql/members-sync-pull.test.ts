// Shared runs reach members' devices through sync_pull (protocol 3): the run with `shared` and the
// member's own star/pin, every message once (all of them when the membership starts), removed_runs when a
// membership ends, nothing of the owner's organizing, and the first-sync snapshot path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, editRun, message, startTestDb, uuid, type TestDb } from './support/test-db';
import { ownerRun, P3, pullAll, removeMember, share, type Row } from './support/members';

let db: TestDb;
let alice: string;
let bob: string;
let carol: string;
const aliceDevice = uuid();

beforeAll(async () => {
  db = await startTestDb();
  alice = await db.createUser('alice@example.test');
  bob = await db.createUser('bob@example.test');
  carol = await db.createUser('carol@example.test');
}, 120_000);
afterAll(() => db?.close());

let seq = 100;
const next = () => (seq += 1);
const byId = (rows: Row[], id: string) => rows.filter((r) => r['id'] === id);

describe('a new membership', () => {
  it('brings the run with `shared` and all its messages once, then only what changes', async () => {
    const s = await ownerRun(db, alice);
    const before = await pullAll(db, bob, null);
    expect(byId(before.runs, s.run)).toEqual([]);

    await share(db, alice, s.run, bob, 'bob@example.test', 'editor');
    const first = await pullAll(db, bob, before.cursor);
    const [run] = byId(first.runs, s.run);
    expect(run).toMatchObject({
      id: s.run, user_id: alice, name: 'Trip plan', is_starred: false, is_pinned: false,
      shared: {
        role: 'editor', owner_email: 'alice@example.test', prompt_name: 'Planner',
        people: [{ user_id: alice, email: 'alice@example.test', role: 'owner' }, { user_id: bob, email: 'bob@example.test', role: 'editor' }],
      },
    });
    expect(first.messages.map((m) => m['id']).sort()).toEqual([...s.messages].sort());
    expect(first.messages.every((m) => m['run_id'] === s.run)).toBe(true);

    const again = await pullAll(db, bob, first.cursor);
    expect(again.runs).toEqual([]);
    expect(again.messages).toEqual([]);

    const added = uuid();
    await db.push(alice, aliceDevice, [{ ...editRun(next(), s.run, {}, at(5)), append_messages: [message(added, s.messages[1]!, 'And then?', at(5))] }], P3);
    const later = await pullAll(db, bob, again.cursor);
    expect(later.messages.map((m) => m['id'])).toEqual([added]);
    expect(byId(later.runs, s.run)).toHaveLength(1);
  });

  it('pages through a long shared run: every message exactly once, the run before its messages', async () => {
    const s = await ownerRun(db, alice, 'Long');
    const more = Array.from({ length: 9 }, () => uuid());
    await db.push(alice, aliceDevice, [{ ...editRun(next(), s.run, {}, at(1)), append_messages: more.map((id, i) => message(id, null, `m${i}`, at(i))) }], P3);
    const start = (await pullAll(db, carol, null)).cursor;
    await share(db, alice, s.run, carol, 'carol@example.test', 'viewer');
    const got = await pullAll(db, carol, start, 3);
    expect(got.pages.length).toBeGreaterThan(3);
    const ids = got.messages.map((m) => m['id']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...s.messages, ...more].sort());
    const runPage = got.pages.findIndex((p) => byId(p.runs as unknown as Row[], s.run).length > 0);
    const firstMessagePage = got.pages.findIndex((p) => p.messages.length > 0);
    expect(runPage).toBeGreaterThanOrEqual(0);
    expect(runPage).toBeLessThanOrEqual(firstMessagePage);
    await removeMember(db, alice, s.run, carol);
  });

  it('reaches a device that pulled before these kinds existed (a cursor covering 10 kinds) from the beginning', async () => {
    const s = await ownerRun(db, alice, 'Old cursor');
    const dave = await db.createUser('dave@example.test');
    await share(db, alice, s.run, dave, 'dave@example.test', 'viewer');
    const now = await pullAll(db, dave, null);
    expect(byId(now.runs, s.run)).toHaveLength(1);
    const parts = now.cursor.split(';');
    expect(parts[0]).toBe('3');
    const older = [parts[0], parts[1], '10', ...parts.slice(3)].join(';');
    const again = await pullAll(db, dave, older);
    expect(byId(again.runs, s.run)).toHaveLength(1);
    expect(again.messages.map((m) => m['id']).sort()).toEqual([...s.messages].sort());
    expect((await pullAll(db, dave, again.cursor)).runs).toEqual([]);
  });

  it('reaches a new device through the first-sync snapshot: the pull from its `since` brings the shared run whole', async () => {
    const s = await ownerRun(db, alice, 'Snapshot');
    const erin = await db.createUser('erin@example.test');
    await share(db, alice, s.run, erin, 'erin@example.test', 'editor');
    const [snap] = await db.as<{ r: Row }>(erin, 'select public.sync_snapshot_runs(null, 100, 3) as r');
    const pulled = await pullAll(db, erin, snap!.r['since'] as string);
    expect(byId(pulled.runs, s.run)).toEqual([expect.objectContaining({ shared: expect.objectContaining({ role: 'editor' }) })]);
    expect(pulled.messages.map((m) => m['id']).sort()).toEqual([...s.messages].sort());
  });
});

describe('what each side sees', () => {
  it("the owner's own runs never carry `shared`, even when shared (the member's copy does)", async () => {
    const s = await ownerRun(db, alice, 'Owner view');
    await share(db, alice, s.run, bob, 'bob@example.test', 'viewer');
    expect(byId((await pullAll(db, bob, null)).runs, s.run)[0]).toMatchObject({ shared: { role: 'viewer' } });
    const mine = await pullAll(db, alice, null);
    const [run] = byId(mine.runs, s.run);
    expect(run?.['shared'] ?? null).toBeNull();
    expect(mine.runs.every((r) => r['user_id'] === alice && (r['shared'] ?? null) === null)).toBe(true);
  });

  it("the member's star and pin are their own, with their own clocks; the owner's stay the owner's", async () => {
    const s = await ownerRun(db, alice, 'Stars');
    await db.push(alice, aliceDevice, [editRun(next(), s.run, { is_starred: true, is_pinned: true }, at(10))], P3);
    await share(db, alice, s.run, bob, 'bob@example.test', 'editor');
    const start = await pullAll(db, bob, null);
    const [fresh] = byId(start.runs, s.run);
    expect(fresh).toMatchObject({ is_starred: false, is_pinned: false });
    expect(fresh!['field_updated_at']).not.toHaveProperty('is_starred');
    expect(fresh!['field_updated_at']).toHaveProperty('name');

    await db.admin.query(`update public.run_members set is_pinned = true, field_updated_at = '{"is_pinned":"2026-01-01T00:00:20.000Z"}'
                           where run_id = $1 and user_id = $2`, [s.run, bob]);
    const [pinned] = byId((await pullAll(db, bob, start.cursor)).runs, s.run);
    expect(pinned).toMatchObject({ is_starred: false, is_pinned: true, field_updated_at: expect.objectContaining({ is_pinned: at(20) }) });
    const [owners] = byId((await pullAll(db, alice, null)).runs, s.run);
    expect(owners).toMatchObject({ is_starred: true, is_pinned: true, field_updated_at: expect.objectContaining({ is_pinned: at(10) }) });
  });

  it("sends the run again when its people, the member's role or the prompt's name change", async () => {
    const s = await ownerRun(db, alice, 'People');
    await share(db, alice, s.run, bob, 'bob@example.test', 'viewer');
    const start = await pullAll(db, bob, null);

    await share(db, alice, s.run, carol, 'carol@example.test', 'viewer');
    const [joined] = byId((await pullAll(db, bob, start.cursor)).runs, s.run);
    expect((joined!['shared'] as Row)['people']).toEqual([
      { user_id: alice, email: 'alice@example.test', role: 'owner' },
      { user_id: bob, email: 'bob@example.test', role: 'viewer' },
      { user_id: carol, email: 'carol@example.test', role: 'viewer' },
    ]);
    const c1 = (await pullAll(db, bob, start.cursor)).cursor;

    await db.as(alice, 'select public.set_run_member_role($1, $2, $3)', [s.run, bob, 'editor']);
    const r2 = await pullAll(db, bob, c1);
    expect(byId(r2.runs, s.run)[0]).toMatchObject({ shared: { role: 'editor' } });
    expect(r2.messages).toEqual([]);

    await db.push(alice, aliceDevice, [{ seq: next(), table: 'prompts', id: s.prompt, values: { name: 'Travel planner' }, clocks: { name: at(30) } }], P3);
    const r3 = await pullAll(db, bob, r2.cursor);
    expect(byId(r3.runs, s.run)[0]).toMatchObject({ shared: { prompt_name: 'Travel planner' } });
    expect(r3.all('prompts')).toEqual([]);
  });

  it("never sends the owner's prompts, other runs, tags, folders or versions to a member", async () => {
    const s = await ownerRun(db, alice, 'Organized');
    const tag = uuid();
    const folder = uuid();
    await db.push(alice, aliceDevice, [
      { seq: next(), table: 'tags', id: tag, insert: { created_at: at(1) }, values: { name: 'secret-tag' }, clocks: { name: at(1) } },
      { seq: next(), table: 'folders', id: folder, insert: { created_at: at(1) }, values: { name: 'secret-folder' }, clocks: { name: at(1) } },
      { seq: next(), table: 'run_tags', key: { run_id: s.run, tag_id: tag }, values: { present: true }, clocks: { present: at(1) } },
      { seq: next(), table: 'run_folders', key: { run_id: s.run }, values: { folder_id: folder }, clocks: { folder_id: at(1) } },
      { seq: next(), table: 'run_versions', id: uuid(), insert: { run_id: s.run, created_at: at(1), device_id: 'd', device_name: 'D', snapshot: { name: 'old', description: '' } } },
    ], P3);
    const frank = await db.createUser('frank@example.test');
    await share(db, alice, s.run, frank, 'frank@example.test', 'editor');
    const got = await pullAll(db, frank, null);
    expect(got.runs.map((r) => r['id'])).toEqual([s.run]);
    for (const k of ['prompts', 'tags', 'folders', 'run_tags', 'prompt_tags', 'run_folders', 'prompt_versions', 'run_versions']) {
      expect(got.all(k), k).toEqual([]);
    }
    expect(JSON.stringify(got.pages)).not.toMatch(/secret-/);
  });

  it('sends shared runs to protocol 3, nothing of them to apps below it', async () => {
    const s = await ownerRun(db, alice, 'Old app');
    const gina = await db.createUser('gina@example.test');
    await share(db, alice, s.run, gina, 'gina@example.test', 'viewer');
    await removeMember(db, alice, s.run, gina);
    await share(db, alice, s.run, gina, 'gina@example.test', 'viewer');
    const got = await pullAll(db, gina, null, 500, 2);
    expect(got.runs).toEqual([]);
    expect(got.messages).toEqual([]);
    expect(got.pages[0]).not.toHaveProperty('removed_runs');
    expect((await pullAll(db, gina, null)).runs.map((r) => r['id'])).toEqual([s.run]);
  });
});

describe('when a membership ends', () => {
  it('removed by the owner: removed_runs once, and nothing more of that run', async () => {
    const s = await ownerRun(db, alice, 'Removal');
    const hank = await db.createUser('hank@example.test');
    await share(db, alice, s.run, hank, 'hank@example.test', 'editor');
    const start = await pullAll(db, hank, null);
    expect(byId(start.runs, s.run)).toHaveLength(1);

    await removeMember(db, alice, s.run, hank);
    await db.push(alice, aliceDevice, [{ ...editRun(next(), s.run, { name: 'After removal' }, at(40)), append_messages: [message(uuid(), null, 'not for hank', at(40))] }], P3);
    const after = await pullAll(db, hank, start.cursor);
    expect(after.removed).toEqual([{ id: s.run, removed_at: expect.stringMatching(/Z$/) }]);
    expect(after.runs).toEqual([]);
    expect(after.messages).toEqual([]);
    const again = await pullAll(db, hank, after.cursor);
    expect(again.removed).toEqual([]);
  });

  it('left by the member: removed_runs on their devices; invited again: the run and all its messages again', async () => {
    const s = await ownerRun(db, alice, 'Leave');
    const ivy = await db.createUser('ivy@example.test');
    await share(db, alice, s.run, ivy, 'ivy@example.test', 'viewer');
    const start = await pullAll(db, ivy, null);
    await removeMember(db, ivy, s.run, ivy);
    const left = await pullAll(db, ivy, start.cursor);
    expect(left.removed.map((r) => r['id'])).toEqual([s.run]);

    await share(db, alice, s.run, ivy, 'ivy@example.test', 'editor');
    const back = await pullAll(db, ivy, left.cursor);
    expect(back.removed).toEqual([]);
    expect(byId(back.runs, s.run)[0]).toMatchObject({ shared: { role: 'editor' } });
    expect(back.messages.map((m) => m['id']).sort()).toEqual([...s.messages].sort());
  });

  it("an account deleted by an administrator takes its memberships, or its shared runs, with it", async () => {
    const owner = await db.createUser('owner-gone@example.test');
    const member = await db.createUser('member-gone@example.test');
    const s = await ownerRun(db, owner, 'Gone');
    await share(db, owner, s.run, member, 'member-gone@example.test', 'editor');
    await share(db, owner, s.run, bob, 'bob@example.test', 'viewer');
    const start = await pullAll(db, bob, null);
    await db.admin.query('delete from auth.users where id = $1', [member]);
    const people = byId((await pullAll(db, bob, start.cursor)).runs, s.run)[0]!['shared'] as Row;
    expect((people['people'] as Row[]).map((p) => p['role'])).toEqual(['owner', 'viewer']);
    await db.admin.query('delete from auth.users where id = $1', [owner]);
    expect((await db.admin.query('select count(*)::int as n from public.run_members where run_id = $1', [s.run])).rows).toEqual([{ n: 0 }]);
  });
});
