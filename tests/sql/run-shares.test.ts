// Share links on real PostgreSQL: owners create, list and revoke their links through RLS; anyone with a
// token reads exactly one run's shared view through get_shared_run, which says the same for every token
// that opens nothing, hides private variables, never names the owner, and is rate limited per address.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, editRun, message, newPrompt, newRun, startTestDb, uuid, type Caller, type TestDb } from './support/test-db';

let db: TestDb;
let alice: string;
let bob: string;
const aliceDevice = uuid();
let seq = 0;
const promptId = uuid();
const runId = uuid();
const ids = { system: uuid(), q1: uuid(), a1: uuid(), q2: uuid(), a2: uuid(), other: uuid() };
const SECRET = 'sk-live-very-secret-4242';

const newToken = (): string => randomBytes(32).toString('base64url');
const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

type Share = { id: string; token: string };

async function share(owner: string, mode: 'snapshot' | 'live', extra: Record<string, unknown> = {}): Promise<Share> {
  const token = newToken();
  const id = uuid();
  await db.as(owner, `select public.create_run_share(share_id => $1, run_id => $2, token_hash => $3, mode => $4, leaf_id => $5,
      run_name => 'Trip plan', prompt_name => 'Planner', model_name => 'gpt-4o-mini · OpenAI', hidden_variables => $6, expires_at => $7)`,
    [id, extra['run_id'] ?? runId, hashOf(token), mode, extra['leaf_id'] ?? ids.a1, JSON.stringify(extra['hidden'] ?? []), extra['expires_at'] ?? null]);
  return { id, token };
}

/** get_shared_run as an anonymous reader whose gateway reported `address`. */
async function read(token: unknown, address = '198.51.100.1', caller: Caller | string | null = null): Promise<Record<string, unknown>> {
  const tx = await db.begin(caller);
  try {
    await tx.query(`select set_config('request.headers', $1, true)`, [JSON.stringify({ 'x-real-ip': address })]);
    const { rows } = await tx.query<{ r: Record<string, unknown> }>('select public.get_shared_run($1) as r', [token]);
    await tx.commit();
    return rows[0]!.r;
  } catch (error) {
    await tx.rollback();
    throw error;
  }
}

const view = (r: Record<string, unknown>) => {
  expect(r['status']).toBe('ok');
  return r['view'] as { messages: Array<Record<string, unknown>>; variables: Array<{ name: string; value: string }>; [k: string]: unknown };
};

let address = 0;
/** A fresh reader address per test, so the rate limits of one test never touch another. */
const fresh = () => `203.0.113.${++address}`;

beforeAll(async () => {
  db = await startTestDb();
  alice = await db.createUser('alice@example.test');
  bob = await db.createUser('bob@example.test');
  await db.push(alice, aliceDevice, [
    newPrompt(++seq, promptId, {
      name: 'Planner',
      variables: [{ name: 'city', default_value: '' }, { name: 'api_key', default_value: '', private: true }],
    }),
    {
      ...newRun(++seq, runId, promptId, {
        name: 'Trip plan', variable_values: { city: 'Lisbon', api_key: SECRET },
        settings: { provider: 'a-device-provider-id', model_id: 'gpt-4o-mini', model_label: 'gpt-4o-mini · OpenAI' },
        current_leaf_id: ids.a1,
      }),
      append_messages: [
        { ...message(ids.system, null, `You plan trips. Key: ${SECRET}`, at(1)), role: 'system' },
        message(ids.q1, ids.system, 'Plan **Lisbon**', at(2)),
        { ...message(ids.a1, ids.q1, 'Day 1: ```js\nwalk()\n```', at(3), 'assistant'), metadata: { modelName: 'gpt-4o-mini · OpenAI', tokens: 9 } },
      ],
    },
  ]);
}, 120_000);
afterAll(() => db?.close());

describe('a reader with the token', () => {
  it('reads the snapshot: names, model, dates and the path root first, with nothing of the owner', async () => {
    const link = await share(alice, 'snapshot');
    const r = await read(link.token, fresh());
    const v = view(r);
    expect(v).toMatchObject({ version: 1, mode: 'snapshot', run_name: 'Trip plan', prompt_name: 'Planner', model_name: 'gpt-4o-mini · OpenAI', omitted: 0 });
    expect(v.messages.map((m) => [m['role'], m['content']])).toEqual([
      ['system', 'You plan trips. Key: [private: api_key]'],
      ['user', 'Plan **Lisbon**'],
      ['assistant', 'Day 1: ```js\nwalk()\n```'],
    ]);
    expect(v.messages[2]).toMatchObject({ model_name: 'gpt-4o-mini · OpenAI', status: 'done', created_at: at(3) });
    const text = JSON.stringify(r);
    for (const hidden of [alice, 'alice@example.test', runId, promptId, ...Object.values(ids), SECRET, 'a-device-provider-id', hashOf(link.token), link.id]) {
      expect(text).not.toContain(hidden);
    }
  });

  it('lists the variables but the private ones, and hides those named when sharing too', async () => {
    const plain = view(await read((await share(alice, 'snapshot')).token, fresh()));
    expect(plain.variables).toEqual([{ name: 'city', value: 'Lisbon' }]);
    expect(plain['private_variables']).toBe(1);
    const hidden = view(await read((await share(alice, 'snapshot', { hidden: ['city'] })).token, fresh()));
    expect(hidden.variables).toEqual([]);
    expect(hidden.messages[1]!['content']).toBe('Plan **[private: city]**');
  });

  it('a snapshot stays as shared while a live link follows the run', async () => {
    const snapshot = await share(alice, 'snapshot');
    const live = await share(alice, 'live');
    await db.push(alice, aliceDevice, [{
      ...editRun(++seq, runId, { current_leaf_id: ids.a2 }, at(10)),
      append_messages: [message(ids.q2, ids.a1, 'And day 2?', at(11)), message(ids.a2, ids.q2, 'Day 2: Sintra', at(12), 'assistant')],
    }]);
    expect(view(await read(snapshot.token, fresh())).messages.map((m) => m['content'])).toHaveLength(3);
    expect(view(await read(live.token, fresh())).messages.map((m) => m['content']).slice(-2)).toEqual(['And day 2?', 'Day 2: Sintra']);
    await db.push(alice, aliceDevice, [editRun(++seq, runId, { name: 'Renamed trip' }, at(13))]);
    expect(view(await read(live.token, fresh()))['run_name']).toBe('Renamed trip');
    expect(view(await read(snapshot.token, fresh()))['run_name']).toBe('Trip plan');
  });

  it('answers unknown, malformed, revoked and expired tokens and deleted runs with one and the same value', async () => {
    const unavailable = { status: 'unavailable' };
    const revoked = await share(alice, 'live');
    expect(await db.as(alice, 'select public.revoke_run_share($1) as ok', [revoked.id])).toEqual([{ ok: true }]);
    const expired = await share(alice, 'live', { expires_at: new Date(Date.now() - 1000).toISOString() });
    const otherRun = uuid();
    await db.push(alice, aliceDevice, [{ ...newRun(++seq, otherRun, promptId), append_messages: [message(ids.other, null, 'gone soon', at(20))] }]);
    const deleted = await share(alice, 'snapshot', { run_id: otherRun, leaf_id: ids.other });
    expect(view(await read(deleted.token, fresh())).messages).toHaveLength(1);
    await db.push(alice, aliceDevice, [editRun(++seq, otherRun, { status: 'deleted' }, at(21))]);
    const answers = await Promise.all([newToken(), 'short', "'; select 1; --", null, revoked.token, expired.token, deleted.token].map((t) => read(t, fresh())));
    for (const answer of answers) expect(answer).toEqual(unavailable);
  });

  it('a revoked link stays revoked: its owner cannot clear revoked_at', async () => {
    const link = await share(alice, 'live');
    await db.as(alice, 'select public.revoke_run_share($1)', [link.id]);
    await db.as(alice, 'update public.run_shares set revoked_at = null where id = $1', [link.id]);
    expect(await read(link.token, fresh())).toEqual({ status: 'unavailable' });
  });
});

describe('owners and others (RLS)', () => {
  it('an owner lists their own links, never the token hash; another user lists none of them', async () => {
    const link = await share(alice, 'snapshot');
    const mine = await db.as<Record<string, unknown>>(alice, 'select * from public.list_run_shares()');
    expect(mine.find((s) => s['id'] === link.id)).toMatchObject({ run_id: runId, mode: 'snapshot', run_name: 'Trip plan', revoked_at: null });
    expect(Object.keys(mine[0]!)).not.toContain('token_hash');
    expect(await db.as(bob, 'select * from public.list_run_shares()')).toEqual([]);
    expect(await db.as(bob, 'select * from public.run_shares')).toEqual([]);
  });

  it("another user can neither revoke nor hijack a link, nor share someone else's run", async () => {
    const link = await share(alice, 'live');
    expect(await db.as(bob, 'select public.revoke_run_share($1) as ok', [link.id])).toEqual([{ ok: false }]);
    expect(view(await read(link.token, fresh()))['mode']).toBe('live');
    await expect(share(bob, 'live')).rejects.toMatchObject({ code: 'PT409' });
    await expect(db.as(bob, `insert into public.run_shares (id, run_id, token_hash, mode) values ($1, $2, $3, 'live')`,
      [uuid(), runId, Buffer.alloc(32, 7)])).rejects.toMatchObject({ code: '42501' });
    await expect(db.as(bob, `insert into public.run_shares (id, owner_id, run_id, token_hash, mode) values ($1, $2, $3, $4, 'live')`,
      [uuid(), alice, runId, Buffer.alloc(32, 8)])).rejects.toMatchObject({ code: '42501' });
    // Reusing the id of Alice's link returns nothing of it and changes nothing.
    const token = newToken();
    const reused = await db.as<{ r: Record<string, unknown> }>(bob, `select public.create_run_share($1, $2, $3, 'live') as r`, [link.id, runId, hashOf(token)])
      .catch((error: unknown) => error);
    expect(reused).toMatchObject({ code: 'PT409' });
  });

  it('a snapshot of a leaf the server does not hold yet is refused as not synced, then accepted once it is', async () => {
    const leaf = uuid();
    await expect(share(alice, 'snapshot', { leaf_id: leaf })).rejects.toMatchObject({ code: 'PT409', message: expect.stringMatching(/^not_synced/) });
    await db.push(alice, aliceDevice, [{ ...editRun(++seq, runId, {}, at(30)), append_messages: [message(leaf, ids.a2, 'later', at(30))] }]);
    const link = await share(alice, 'snapshot', { leaf_id: leaf });
    expect(view(await read(link.token, fresh())).messages.at(-1)).toMatchObject({ content: 'later' });
  });

  it('creating the same link twice (a retry after a lost answer) makes one link', async () => {
    const token = newToken();
    const id = uuid();
    const create = () => db.as<{ r: { id: string } }>(alice, `select public.create_run_share($1, $2, $3, 'live') as r`, [id, runId, hashOf(token)]);
    const [first] = await create();
    const [second] = await create();
    expect(second!.r).toEqual(first!.r);
    expect((await db.admin.query('select count(*)::int as n from public.run_shares where id = $1', [id])).rows[0].n).toBe(1);
  });

  it('anon may call get_shared_run and nothing else of sharing, and reads no table', async () => {
    await expect(db.as(null, 'select * from public.run_shares')).rejects.toMatchObject({ code: '42501' });
    await expect(db.as(null, 'select * from public.list_run_shares()')).rejects.toMatchObject({ code: '42501' });
    await expect(db.as(null, `select public.create_run_share($1, $2, $3, 'live')`, [uuid(), runId, hashOf(newToken())])).rejects.toMatchObject({ code: '42501' });
    await expect(db.as(null, 'select public.revoke_run_share($1)', [uuid()])).rejects.toMatchObject({ code: '42501' });
    const { rows } = await db.admin.query<{ fn: string; definer: boolean; config: string[] | null }>(
      `select p.proname as fn, p.prosecdef as definer, p.proconfig as config from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and has_function_privilege('anon', p.oid, 'execute')
          and p.proname in ('get_shared_run', 'create_run_share', 'list_run_shares', 'revoke_run_share')`);
    expect(rows).toEqual([{ fn: 'get_shared_run', definer: true, config: ['search_path=""'] }]);
  });
});

describe('rate limits per address', () => {
  it('refuses an address over its lookups per minute with 429, while other addresses read on', async () => {
    await db.admin.query('update share_internal.limits set lookups_per_minute = 5');
    try {
      const link = await share(alice, 'live');
      const busy = fresh();
      for (let i = 0; i < 5; i += 1) expect((await read(link.token, busy))['status']).toBe('ok');
      await expect(read(link.token, busy)).rejects.toMatchObject({ code: 'PT429', message: expect.stringMatching(/^rate_limited/) });
      expect((await read(link.token, fresh()))['status']).toBe('ok');
    } finally {
      await db.admin.query('update share_internal.limits set lookups_per_minute = 120');
    }
  });

  it('refuses an address that guessed too many tokens, even for a good one, and counts every kind of miss', async () => {
    await db.admin.query('update share_internal.limits set misses_per_ten_minutes = 3');
    try {
      const link = await share(alice, 'live');
      const revoked = await share(alice, 'live');
      await db.as(alice, 'select public.revoke_run_share($1)', [revoked.id]);
      const guesser = fresh();
      for (const t of [newToken(), 'malformed', revoked.token]) expect(await read(t, guesser)).toEqual({ status: 'unavailable' });
      await expect(read(link.token, guesser)).rejects.toMatchObject({ code: 'PT429' });
      expect((await read(link.token, fresh()))['status']).toBe('ok');
    } finally {
      await db.admin.query('update share_internal.limits set misses_per_ten_minutes = 30');
    }
  });

  it("takes the gateway's address headers in order: cf-connecting-ip, x-real-ip, then the first x-forwarded-for hop", async () => {
    // The API roles cannot call the internal function; the tests read it as its owner.
    const tx = await db.begin(null);
    await expect(tx.query('select share_internal.caller_address()')).rejects.toMatchObject({ code: '42501' });
    await tx.rollback();
    const asOwner = async (headers: Record<string, string> | null) => {
      const client = await db.admin.connect();
      try {
        await client.query('begin');
        if (headers) await client.query(`select set_config('request.headers', $1, true)`, [JSON.stringify(headers)]);
        return (await client.query<{ a: string }>('select share_internal.caller_address() as a')).rows[0]!.a;
      } finally {
        await client.query('rollback');
        client.release();
      }
    };
    expect(await asOwner({ 'cf-connecting-ip': '1.1.1.1', 'x-real-ip': '2.2.2.2', 'x-forwarded-for': '3.3.3.3' })).toBe('1.1.1.1');
    expect(await asOwner({ 'x-real-ip': '2.2.2.2', 'x-forwarded-for': '3.3.3.3' })).toBe('2.2.2.2');
    expect(await asOwner({ 'x-forwarded-for': '3.3.3.3, 10.0.0.1' })).toBe('3.3.3.3');
    expect(await asOwner(null)).toBe('unknown');
  });
});
