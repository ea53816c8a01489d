// Realtime Authorization of the live reply channels ('run-stream:<run id>') on real PostgreSQL: the RLS
// policies on realtime.messages let a run's owner receive (SELECT) and send (INSERT) on its topic, and
// nobody else, as Realtime checks them (realtime.topic() set to the channel's topic, the caller's role).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editRun, message, newPrompt, newRun, startTestDb, T0, uuid, type TestDb } from './support/test-db';

let db: TestDb;
let alice: string;
let bob: string;
const runId = uuid();
const purgedId = uuid();

beforeAll(async () => {
  db = await startTestDb();
  alice = await db.createUser();
  bob = await db.createUser();
  const promptId = uuid();
  await db.push(alice, uuid(), [
    newPrompt(1, promptId),
    { ...newRun(2, runId, promptId), append_messages: [message(uuid(), null, 'hello', T0)] },
    newRun(3, purgedId, promptId),
    { ...editRun(4, purgedId, { status: 'deleted' }, T0), purge: true },
  ]);
}, 120_000);
afterAll(() => db?.close());

/** What Realtime asks for a join (read) and a send (write) on `topic`, as `who`. */
async function may(who: string | null, topic: string): Promise<{ read: boolean; write: boolean }> {
  const probe = await db.admin.query<{ id: string }>(`insert into realtime.messages (topic, extension) values ($1, 'broadcast') returning id`, [topic]);
  const tx = await db.begin(who);
  try {
    await tx.query(`select set_config('realtime.topic', $1, true)`, [topic]);
    const read = (await tx.query<{ ok: boolean }>('select exists(select 1 from realtime.messages where id = $1) as ok', [probe.rows[0]!.id])).rows[0]!.ok;
    await tx.query('savepoint w');
    const write = await tx.query(`insert into realtime.messages (topic, extension) values ($1, 'broadcast')`, [topic]).then(() => true, (e: { code?: string }) => {
      if (e.code !== '42501') throw e;
      return false;
    });
    return { read, write };
  } finally {
    await tx.rollback();
    await db.admin.query('delete from realtime.messages');
  }
}

describe('live reply channels', () => {
  it("let the run's owner receive and send on its topic", async () => {
    expect(await may(alice, `run-stream:${runId}`)).toEqual({ read: true, write: true });
  });

  it('refuse another user, anonymous callers, runs deleted forever, unknown runs and other topics', async () => {
    const none = { read: false, write: false };
    expect(await may(bob, `run-stream:${runId}`)).toEqual(none);
    expect(await may(null, `run-stream:${runId}`)).toEqual(none);
    expect(await may(alice, `run-stream:${purgedId}`)).toEqual(none);
    expect(await may(alice, `run-stream:${uuid()}`)).toEqual(none);
    for (const topic of [`run-stream:${runId.toUpperCase()}`, `run-stream:${runId}x`, 'run-stream:', `other:${runId}`, "run-stream:'; select 1; --"]) {
      expect(await may(alice, topic)).toEqual(none);
    }
  });

  it("let members of a shared run receive, its editors send too, and nobody once removed", async () => {
    const carol = await db.createUser('carol-stream@example.test');
    const join = async (email: string, who: string, role: string) => {
      const [{ r }] = await db.as<{ r: { id: string } }>(alice, 'select public.invite_to_run($1, $2, $3, $4) as r', [uuid(), runId, email, role]) as [{ r: { id: string } }];
      await db.as(who, 'select public.answer_run_invitation($1, true)', [r.id]);
    };
    const bobEmail = (await db.admin.query<{ email: string }>('select email from auth.users where id = $1', [bob])).rows[0]!.email;
    await join(bobEmail, bob, 'viewer');
    await join('carol-stream@example.test', carol, 'editor');
    expect(await may(bob, `run-stream:${runId}`)).toEqual({ read: true, write: false });
    expect(await may(carol, `run-stream:${runId}`)).toEqual({ read: true, write: true });
    await db.as(alice, 'select public.remove_run_member($1, $2)', [runId, carol]);
    expect(await may(carol, `run-stream:${runId}`)).toEqual({ read: false, write: false });
  });
});
