// A member's own tags and folder of a run shared with them: pushed and pulled like the owner's, seen by
// no one else, never the owner's tags or folders, never run versions, and gone when the membership ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, startTestDb, uuid, type TestDb } from './support/test-db';
import { ownerRun, P3, pullAll, removeMember, share, type Row, type Shared } from './support/members';

let db: TestDb;
let alice: string;
let bob: string;
let carol: string;
let s: Shared;
let seq = 0;

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

const push = async (who: string, changes: object[]): Promise<Row[]> =>
  (await db.push(who, uuid(), changes.map((c) => ({ ...c, seq: ++seq })), P3)).results as unknown as Row[];
const tag = (id: string, name: string) => ({ table: 'tags', id, insert: { created_at: at(1) }, values: { name }, clocks: { name: at(1) } });
const folder = (id: string, name: string) => ({ table: 'folders', id, insert: { created_at: at(1) }, values: { name }, clocks: { name: at(1) } });
const tagRun = (run: string, tagId: string) => ({ table: 'run_tags', key: { run_id: run, tag_id: tagId }, values: { present: true }, clocks: { present: at(2) } });
const fileRun = (run: string, folderId: string | null) => ({ table: 'run_folders', key: { run_id: run }, values: { folder_id: folderId }, clocks: { folder_id: at(2) } });
const rows = async (table: string, run: string) =>
  (await db.admin.query(`select user_id from public.${table} where run_id = $1 order by user_id`, [run])).rows.map((r: Row) => r['user_id']);

describe("a member's tags and folder of a shared run", () => {
  it('are applied for an editor and a viewer alike, and pulled by them alone', async () => {
    const [bobTag, bobFolder, carolTag] = [uuid(), uuid(), uuid()];
    expect((await push(bob, [tag(bobTag, 'trips'), folder(bobFolder, 'Travel'), tagRun(s.run, bobTag), fileRun(s.run, bobFolder)])).map((r) => r['status']))
      .toEqual(['applied', 'applied', 'applied', 'applied']);
    expect((await push(carol, [tag(carolTag, 'read later'), tagRun(s.run, carolTag)])).map((r) => r['status'])).toEqual(['applied', 'applied']);

    const bobs = await pullAll(db, bob, null);
    expect(bobs.all('run_tags')).toEqual([expect.objectContaining({ run_id: s.run, tag_id: bobTag, present: true })]);
    expect(bobs.all('run_folders')).toEqual([expect.objectContaining({ run_id: s.run, folder_id: bobFolder })]);
    expect((await pullAll(db, carol, null)).all('run_tags')).toEqual([expect.objectContaining({ tag_id: carolTag })]);
    const alices = await pullAll(db, alice, null);
    expect(alices.all('run_tags')).toEqual([]);
    expect(alices.all('run_folders')).toEqual([]);
    expect(JSON.stringify(alices.pages)).not.toMatch(/trips|Travel|read later/);
  });

  it("never with the owner's tags or folders, and a run's versions stay the owner's", async () => {
    const [ownersTag, ownersFolder] = [uuid(), uuid()];
    await push(alice, [tag(ownersTag, 'owners'), folder(ownersFolder, 'Owners')]);
    const [t, f, v] = await push(bob, [
      tagRun(s.run, ownersTag),
      fileRun(s.run, ownersFolder),
      { table: 'run_versions', id: uuid(), insert: { run_id: s.run, created_at: at(3), device_id: 'd', device_name: 'D', snapshot: { name: 'n', description: '' } } },
    ]);
    for (const result of [t, f, v]) expect(result).toMatchObject({ status: 'rejected', code: 'not_found' });
  });

  it("go when the membership ends, leaving the owner's own", async () => {
    const run = await ownerRun(db, alice, 'Leaving soon');
    const dan = await db.createUser('dan@example.test');
    await share(db, alice, run.run, dan, 'dan@example.test', 'editor');
    const [danTag, aliceTag] = [uuid(), uuid()];
    await push(dan, [tag(danTag, 'mine'), tagRun(run.run, danTag), fileRun(run.run, null)]);
    await push(alice, [tag(aliceTag, 'hers'), tagRun(run.run, aliceTag), fileRun(run.run, null)]);
    expect(await rows('run_tags', run.run)).toEqual([alice, dan].sort());

    await removeMember(db, dan, run.run, dan);
    expect(await rows('run_tags', run.run)).toEqual([alice]);
    expect(await rows('run_folders', run.run)).toEqual([alice]);
    // No longer a member: their organizing of it is refused like any run not theirs.
    expect((await push(dan, [tagRun(run.run, danTag)]))[0]).toMatchObject({ status: 'rejected', code: 'not_found' });
  });

  it('a stranger may not tag the run at all', async () => {
    const eve = await db.createUser('eve@example.test');
    const eveTag = uuid();
    const [, tagged] = await push(eve, [tag(eveTag, 'snoop'), tagRun(s.run, eveTag)]);
    expect(tagged).toMatchObject({ status: 'rejected', code: 'not_found' });
  });
});
