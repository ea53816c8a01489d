// Realtime for shared runs: a change to a shared run notifies its owner and every member (the NOTIFY the
// local stand-in's Realtime serves, from public.sync_notices), a member's own star notifies only them, and
// a membership that starts, changes role or ends notifies that member and the run's other members.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, editRun, message, startTestDb, uuid, type TestDb } from './support/test-db';
import { ownerRun, P3, removeMember, share, type Shared } from './support/members';

let db: TestDb;
let listener: pg.PoolClient;
const heard: Array<{ user: string; client: string }> = [];
let alice: string;
let bob: string;
let carol: string;
let s: Shared;
let seq = 0;
const SERVER = '00000000-0000-0000-0000-000000000000';

beforeAll(async () => {
  db = await startTestDb();
  alice = await db.createUser('alice@example.test');
  bob = await db.createUser('bob@example.test');
  carol = await db.createUser('carol@example.test');
  s = await ownerRun(db, alice);
  listener = await db.admin.connect();
  listener.on('notification', (n) => {
    const body = JSON.parse(n.payload ?? '{}') as { table: string; record: { user_id: string; client_id: string } | null };
    if (body.table === 'sync_notices' && body.record) heard.push({ user: body.record.user_id, client: body.record.client_id });
  });
  await listener.query('listen realtime_changes');
}, 120_000);
afterAll(async () => {
  listener?.release();
  await db?.close();
});

/** Runs `act`, then returns who was notified (each user once, with the client ids), sorted. */
async function notified(act: () => Promise<unknown>): Promise<string[]> {
  // Notices of what came before (committed already) are delivered by the time this answers.
  await listener.query('select 1');
  heard.length = 0;
  await act();
  await listener.query('select 1'); // notifications of committed transactions arrive before this answer
  await new Promise((r) => setTimeout(r, 50));
  return [...new Set(heard.map((h) => `${h.user}/${h.client}`))].sort();
}
const who = (user: string, client: string) => `${user}/${client}`;

describe('notices of shared runs', () => {
  it('a membership that starts notifies the new member and the run\'s other members', async () => {
    expect(await notified(() => share(db, alice, s.run, bob, 'bob@example.test', 'editor'))).toEqual([who(bob, SERVER)]);
    expect(await notified(() => share(db, alice, s.run, carol, 'carol@example.test', 'viewer'))).toEqual([who(bob, SERVER), who(carol, SERVER)].sort());
  });

  it("an editor's message notifies the owner and every member; the owner's edit notifies the members", async () => {
    const bobDevice = uuid();
    const byBob = await notified(() => db.push(bob, bobDevice, [{ ...editRun(++seq, s.run, {}, at(5)), append_messages: [message(uuid(), null, 'hi', at(5))] }], P3));
    expect(byBob).toEqual([who(alice, bobDevice), who(bob, bobDevice), who(carol, bobDevice)].sort());
    const aliceDevice = uuid();
    const byAlice = await notified(() => db.push(alice, aliceDevice, [editRun(1, s.run, { name: 'Renamed' }, at(6))], P3));
    expect(byAlice).toEqual([who(alice, aliceDevice), who(bob, aliceDevice), who(carol, aliceDevice)].sort());
  });

  it("a member's own star notifies only that member; a run nobody shares notifies only its owner", async () => {
    const carolDevice = uuid();
    expect(await notified(() => db.push(carol, carolDevice, [editRun(1, s.run, { is_starred: true }, at(7))], P3))).toEqual([who(carol, carolDevice)]);
    const own = await ownerRun(db, alice, 'Private');
    const device = uuid();
    expect(await notified(() => db.push(alice, device, [editRun(1, own.run, { name: 'Still private' }, at(8))], P3))).toEqual([who(alice, device)]);
  });

  it('a role change and a removal notify that member and the others', async () => {
    expect(await notified(() => db.as(alice, 'select public.set_run_member_role($1, $2, $3)', [s.run, carol, 'editor']))).toEqual([who(bob, SERVER), who(carol, SERVER)].sort());
    expect(await notified(() => removeMember(db, alice, s.run, carol))).toEqual([who(bob, SERVER), who(carol, SERVER)].sort());
    expect(await notified(() => removeMember(db, bob, s.run, bob))).toEqual([who(bob, SERVER)]);
  });
});
