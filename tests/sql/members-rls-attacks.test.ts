// Attacks on shared runs through the sync and RLS: a viewer writing, a removed member reading and
// pushing, a member of one run reaching another run of the owner, an invitation for one run used on
// another, a member posing as the owner's device, and members' personal columns read by others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, editRun, message, newRun, startTestDb, uuid, type TestDb } from './support/test-db';
import { ownerRun, P3, pullAll, removeMember, share, type Row, type Shared } from './support/members';

let db: TestDb;
let alice: string;
let viewer: string;
let editor: string;
let removed: string;
let shared: Shared;
let other: Shared;
const aliceDevice = uuid();

beforeAll(async () => {
  db = await startTestDb();
  alice = await db.createUser('alice@example.test');
  viewer = await db.createUser('viewer@example.test');
  editor = await db.createUser('editor@example.test');
  removed = await db.createUser('removed@example.test');
  shared = await ownerRun(db, alice, 'Shared');
  other = await ownerRun(db, alice, 'Not shared');
  await share(db, alice, shared.run, viewer, 'viewer@example.test', 'viewer');
  await share(db, alice, shared.run, editor, 'editor@example.test', 'editor');
  await share(db, alice, shared.run, removed, 'removed@example.test', 'editor');
}, 120_000);
afterAll(() => db?.close());

let seq = 0;
const push = async (who: string, change: object, device = uuid()): Promise<Row> =>
  (await db.push(who, device, [{ ...change, seq: ++seq }], P3)).results[0] as unknown as Row;
const error = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: { code?: string }) => e);
const messageIds = async (run: string) =>
  (await db.admin.query('select id from public.prompt_run_messages where run_id = $1 order by id', [run])).rows.map((r: Row) => r['id']);
const runName = async (run: string) => (await db.admin.query('select name from public.prompt_runs where id = $1', [run])).rows[0]!['name'];

describe('a viewer', () => {
  it('cannot write the run by sync, by claiming it, or by promoting themself in the table', async () => {
    const before = await messageIds(shared.run);
    for (const change of [
      { ...editRun(0, shared.run, { name: 'pwned' }, at(50)), append_messages: [message(uuid(), null, 'spam', at(50))] },
      editRun(0, shared.run, { user_id: viewer }, at(50)),
      { ...newRun(0, shared.run, shared.prompt, { name: 'pwned' }) },
    ]) {
      expect((await push(viewer, change))['status']).toBe('rejected');
    }
    for (const sql of [
      `update public.run_members set role = 'editor' where run_id = '${shared.run}' and user_id = '${viewer}'`,
      `update public.run_members set is_starred = true where run_id = '${shared.run}'`,
      `insert into public.run_members (run_id, user_id, role) values ('${other.run}', '${viewer}', 'editor')`,
      `delete from share_internal.run_removals`,
    ]) {
      expect((await error(db.as(viewer, sql))).code).toBe('42501');
    }
    expect(await messageIds(shared.run)).toEqual(before);
    expect(await runName(shared.run)).toBe('Shared');
    const role = await db.admin.query('select role from public.run_members where run_id = $1 and user_id = $2', [shared.run, viewer]);
    expect(role.rows).toEqual([{ role: 'viewer' }]);
  });

  it("reads who is in the run, never another member's star or pin", async () => {
    await push(editor, editRun(0, shared.run, { is_starred: true }, at(51)));
    expect(await db.as(viewer, 'select user_id, role from public.run_members where run_id = $1 order by role', [shared.run])).toHaveLength(3);
    expect((await error(db.as(viewer, 'select is_starred from public.run_members'))).code).toBe('42501');
    expect((await error(db.as(viewer, 'select field_updated_at from public.run_members'))).code).toBe('42501');
    const copy = (await pullAll(db, viewer, null)).runs.find((r) => r['id'] === shared.run)!;
    expect(copy['is_starred']).toBe(false);
  });
});

describe('a removed member', () => {
  it('reads nothing more of the run, pulls only its removal, and their pushes are refused with the reason', async () => {
    const start = await pullAll(db, removed, null);
    expect(start.runs.map((r) => r['id'])).toEqual([shared.run]);
    await removeMember(db, alice, shared.run, removed);
    const later = uuid();
    await push(alice, { ...editRun(0, shared.run, {}, at(60)), append_messages: [message(later, null, 'after the removal', at(60))] }, aliceDevice);

    expect(await db.as(removed, 'select id from public.prompt_runs')).toEqual([]);
    expect(await db.as(removed, 'select id from public.prompt_run_messages')).toEqual([]);
    expect((await error(db.as(removed, 'select public.get_member_run($1)', [shared.run]))).code).toBe('PT404');
    const after = await pullAll(db, removed, start.cursor);
    expect(after.runs).toEqual([]);
    expect(after.messages).toEqual([]);
    expect(after.removed.map((r) => r['id'])).toEqual([shared.run]);
    expect(JSON.stringify((await pullAll(db, removed, null)).pages)).not.toContain(later);

    const res = await push(removed, { ...editRun(0, shared.run, { name: 'offline' }, at(61)), append_messages: [message(uuid(), null, 'offline', at(61))] });
    expect(res).toMatchObject({ status: 'rejected', code: 'membership_removed' });
    expect(await runName(shared.run)).toBe('Shared');
  });
});

describe('a member of one run', () => {
  it("reaches no other run of the owner (not_found, as for a missing run; pulls bring none of it), nor the owner's tags of it", async () => {
    const missing = uuid();
    const change = (id: string) => ({ ...editRun(0, id, { name: 'x' }, at(70)), append_messages: [message(uuid(), null, 'x', at(70))] });
    const foreign = await push(editor, change(other.run));
    const unknown = await push(editor, change(missing));
    expect(foreign).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect(foreign['message']).toBe((unknown['message'] as string).replace(missing, other.run));
    expect(await messageIds(other.run)).toEqual([...other.messages].sort());
    const pulled = await pullAll(db, editor, null);
    expect(pulled.runs.map((r) => r['id'])).toEqual([shared.run]);
    expect(pulled.messages.every((m) => m['run_id'] === shared.run)).toBe(true);

    // Nor the owner's organizing of the shared run itself: the owner's tags and folders stay theirs (a
    // member organizes a shared run with their own), and a run's versions are the owner's.
    const [ownersTag, ownersFolder] = [uuid(), uuid()];
    await db.push(alice, aliceDevice, [
      { seq: ++seq, table: 'tags', id: ownersTag, insert: { created_at: at(70) }, values: { name: 'owners-tag' }, clocks: { name: at(70) } },
      { seq: ++seq, table: 'folders', id: ownersFolder, insert: { created_at: at(70) }, values: { name: 'owners-folder' }, clocks: { name: at(70) } },
    ], P3);
    for (const change of [
      { table: 'run_tags', key: { run_id: shared.run, tag_id: ownersTag }, values: { present: true }, clocks: { present: at(71) } },
      { table: 'run_folders', key: { run_id: shared.run }, values: { folder_id: ownersFolder }, clocks: { folder_id: at(71) } },
      { table: 'run_versions', id: uuid(), insert: { run_id: shared.run, created_at: at(71), device_id: 'd', device_name: 'D', snapshot: { name: 'n', description: '' } } },
    ]) {
      expect(await push(editor, change)).toMatchObject({ status: 'rejected', code: 'not_found' });
    }
  });

  it("posing as the owner's device (same client_id) disturbs nothing of the owner's exactly-once", async () => {
    const device = uuid();
    expect((await db.push(editor, device, [{ ...editRun(1, shared.run, { name: 'by the editor' }, at(72)) }], P3)).results[0]).toMatchObject({ status: 'applied' });
    const owners = await db.push(alice, device, [{ ...editRun(1, other.run, { name: 'by the owner' }, at(72)) }], P3);
    expect(owners.results[0]).toMatchObject({ status: 'applied' });
    expect(await runName(other.run)).toBe('by the owner');
  });
});

describe('an invitation', () => {
  it('for one run, once accepted, opens that run to the sync and no other', async () => {
    const mallory = await db.createUser('mallory@example.test');
    await share(db, alice, shared.run, mallory, 'mallory@example.test', 'editor');
    const pulled = await pullAll(db, mallory, null);
    expect(pulled.runs.map((r) => r['id'])).toEqual([shared.run]);
    expect(await push(mallory, { ...editRun(0, other.run, { name: 'mine now' }, at(80)) })).toMatchObject({ code: 'not_found' });
    expect(await push(mallory, { ...newRun(0, other.run, other.prompt, { name: 'mine now' }) })).toMatchObject({ code: 'not_found' });
    expect(await runName(other.run)).toBe('by the owner');
  });
});
