// sync_push on a run shared with the caller: what an editor and a viewer may change, personal stars and
// pins, the server-set author of every appended message, and the refusals (read_only,
// membership_removed, not_found) with the words the dead-letters panel shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, editRun, message, startTestDb, uuid, type TestDb } from './support/test-db';
import { ownerRun, P3, pullAll, removeMember, share, type Row, type Shared } from './support/members';

let db: TestDb;
let alice: string;
let bob: string;
let carol: string;
let s: Shared;
const bobDevice = uuid();
const carolDevice = uuid();
const aliceDevice = uuid();
let seq = 0;
const next = () => (seq += 1);

beforeAll(async () => {
  db = await startTestDb();
  alice = await db.createUser('alice@example.test');
  bob = await db.createUser('bob@example.test');
  carol = await db.createUser('carol@example.test');
  s = await ownerRun(db, alice);
  await share(db, alice, s.run, bob, 'bob@example.test', 'editor');
  await share(db, alice, s.run, carol, 'carol@example.test', 'viewer');
}, 120_000);
afterAll(() => db?.close());

const pushOne = async (who: string, device: string, change: object): Promise<Row> =>
  (await db.push(who, device, [{ ...change, seq: next() }], P3)).results[0] as unknown as Row;
const runRow = async (id: string) =>
  (await db.admin.query('select name, description, current_leaf_id, settings, status, is_starred, is_pinned from public.prompt_runs where id = $1', [id])).rows[0] as Row;
const bodies = async (run: string) =>
  (await db.admin.query('select id, user_id, body from public.prompt_run_messages where run_id = $1', [run])).rows as Array<{ id: string; user_id: string; body: Row }>;
const edit = (values: Row, clock: string, extra: Row = {}) => ({ ...editRun(0, s.run, values, clock), ...extra });

describe('an editor', () => {
  it("continues the run and edits its name, description, current leaf and settings, as the owner's run", async () => {
    const reply = uuid();
    const res = await pushOne(bob, bobDevice, edit(
      { name: 'Trip plan (Bob)', description: 'with Bob', current_leaf_id: reply, settings: { provider: 'echo', model_id: 'echo', temperature: 0.2 } },
      at(60),
      { append_messages: [message(reply, s.messages[1]!, 'What about Porto?', at(60))] },
    ));
    expect(res).toMatchObject({ status: 'applied' });
    expect(await runRow(s.run)).toMatchObject({ name: 'Trip plan (Bob)', description: 'with Bob', current_leaf_id: reply });
    const stored = (await bodies(s.run)).find((m) => m.id === reply)!;
    expect(stored.user_id).toBe(alice);
    expect(stored.body['authorId']).toBe(bob);
    const owners = await pullAll(db, alice, null);
    expect(owners.messages.find((m) => m['id'] === reply)).toMatchObject({ authorId: bob, content: 'What about Porto?' });
  });

  it('cannot change status, variables, prompt version, purge or insert: the whole change is refused read_only', async () => {
    const cases: Array<[Row, string]> = [
      [edit({ name: 'sneaky', status: 'deleted' }, at(61)), 'move it to or from the Trash'],
      [edit({ variable_values: { x: 'no' } }, at(61)), 'change its variables'],
      [edit({ prompt_version_id: uuid() }, at(61)), 'change the prompt version it started from'],
      [edit({ name: 'sneaky' }, at(61), { purge: true }), 'delete it forever'],
      [edit({ name: 'sneaky' }, at(61), { insert: { prompt_id: s.prompt, created_at: at(0) } }), 'create it'],
      [edit({ last_message_preview: 'x' }, at(61)), 'change its last message preview'],
    ];
    for (const [change, words] of cases) {
      const res = await pushOne(bob, bobDevice, change);
      expect(res).toEqual({ seq: expect.any(Number), status: 'rejected', code: 'read_only',
        message: `"Trip plan (Bob)" is shared with you to edit: only its owner can ${words}` });
    }
    expect(await runRow(s.run)).toMatchObject({ name: 'Trip plan (Bob)', status: 'active' });
  });
});

describe('a viewer', () => {
  it('is refused any change to the run, appends included, with the contract words', async () => {
    for (const change of [edit({ name: 'pwned' }, at(70)), edit({}, at(70), { append_messages: [message(uuid(), null, 'spam', at(70))] }),
      edit({ description: 'x', is_starred: true }, at(70))]) {
      expect(await pushOne(carol, carolDevice, change)).toMatchObject({
        status: 'rejected', code: 'read_only', message: '"Trip plan (Bob)" is shared with you to read: its owner has not let you change it' });
    }
    expect(await runRow(s.run)).toMatchObject({ name: 'Trip plan (Bob)', description: 'with Bob' });
    const members = await db.admin.query('select is_starred from public.run_members where run_id = $1 and user_id = $2', [s.run, carol]);
    expect(members.rows).toEqual([{ is_starred: false }]);
  });
});

describe('stars and pins of members are their own', () => {
  it('merged per field with clocks on the membership; the run and the others keep theirs', async () => {
    expect(await pushOne(carol, carolDevice, edit({ is_starred: true, is_pinned: true }, at(80)))).toMatchObject({ status: 'applied' });
    expect(await pushOne(carol, uuid(), edit({ is_starred: false }, at(79)))).toMatchObject({ status: 'applied' });
    expect(await pushOne(bob, bobDevice, edit({ is_pinned: true }, at(81)))).toMatchObject({ status: 'applied' });
    expect(await runRow(s.run)).toMatchObject({ is_starred: false, is_pinned: false });
    const carols = (await pullAll(db, carol, null)).runs.find((r) => r['id'] === s.run)!;
    expect(carols).toMatchObject({ is_starred: true, is_pinned: true, field_updated_at: expect.objectContaining({ is_starred: at(80), is_pinned: at(80) }) });
    const bobs = (await pullAll(db, bob, null)).runs.find((r) => r['id'] === s.run)!;
    expect(bobs).toMatchObject({ is_starred: false, is_pinned: true });
    const owners = (await pullAll(db, alice, null)).runs.find((r) => r['id'] === s.run)!;
    expect(owners).toMatchObject({ is_starred: false, is_pinned: false });
  });
});

describe('authors', () => {
  it("are the signed-in caller's, never the device's claim, for the owner too", async () => {
    const [byBob, byAlice, plain] = [uuid(), uuid(), uuid()];
    await pushOne(bob, bobDevice, edit({}, at(90), { append_messages: [{ ...message(byBob, null, 'I am Alice', at(90)), authorId: alice }] }));
    await pushOne(alice, aliceDevice, edit({}, at(91), { append_messages: [{ ...message(byAlice, null, 'I am Bob', at(91)), authorId: bob }, message(plain, null, 'plain', at(91))] }));
    const stored = new Map((await bodies(s.run)).map((m) => [m.id, m.body['authorId']]));
    expect([stored.get(byBob), stored.get(byAlice), stored.get(plain)]).toEqual([bob, alice, alice]);
  });

  it("an editor re-sending a stored message id with other words rewrites nothing", async () => {
    const before = (await bodies(s.run)).find((m) => m.id === s.messages[0])!;
    expect(await pushOne(bob, bobDevice, edit({}, at(92), { append_messages: [message(s.messages[0]!, null, 'rewritten', at(0))] }))).toMatchObject({ status: 'applied' });
    expect((await bodies(s.run)).find((m) => m.id === s.messages[0])!.body).toEqual(before.body);
  });
});

describe('people who are not members', () => {
  it('a removed member: membership_removed with the reason; one who left: the same code, their own words; anyone else: not_found', async () => {
    const dave = await db.createUser('dave@example.test');
    const erin = await db.createUser('erin@example.test');
    await share(db, alice, s.run, dave, 'dave@example.test', 'editor');
    await share(db, alice, s.run, erin, 'erin@example.test', 'editor');
    await removeMember(db, alice, s.run, dave);
    await removeMember(db, erin, s.run, erin);
    const change = edit({ name: 'offline rename' }, at(100), { append_messages: [message(uuid(), null, 'written offline', at(100))] });
    expect(await pushOne(dave, uuid(), change)).toMatchObject({ status: 'rejected', code: 'membership_removed',
      message: 'Your changes to "Trip plan (Bob)" were not saved: its owner removed you from this run' });
    expect(await pushOne(erin, uuid(), change)).toMatchObject({ status: 'rejected', code: 'membership_removed',
      message: 'Your changes to "Trip plan (Bob)" were not saved: you left this run' });
    expect(await runRow(s.run)).toMatchObject({ name: 'Trip plan (Bob)' });

    // Anyone else: not_found, word for word as for a run that does not exist.
    const mallory = await db.createUser('mallory@example.test');
    const missing = uuid();
    const foreign = await pushOne(mallory, uuid(), edit({ is_starred: true }, at(110)));
    const unknown = await pushOne(mallory, uuid(), { ...editRun(0, missing, { is_starred: true }, at(110)) });
    expect(foreign).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect(foreign['message']).toBe((unknown['message'] as string).replace(missing, s.run));
  });
});
