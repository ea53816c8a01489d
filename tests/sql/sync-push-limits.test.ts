// sync_push under size and bad input, on real PostgreSQL: appends cost time linear in the messages sent,
// what one call or one change may carry is bounded (each refusal a code the engine acts on), JSON values
// are bounded in depth and size, and a string PostgreSQL cannot store rejects only its own change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushResponse } from '../../sync/protocol';
import { at, editRun, message, newPrompt, newRun, pushBody, PUSH_SQL, startTestDb, uuid, type TestDb } from './support/test-db';

let db: TestDb;
let user: string;
let promptId: string;
const device = uuid();
let seq = 0;

beforeAll(async () => {
  db = await startTestDb();
  user = await db.createUser();
  promptId = uuid();
  await db.push(user, device, [newPrompt(++seq, promptId)]);
});
afterAll(() => db?.close());

async function createRun(): Promise<string> {
  const id = uuid();
  const res = await db.push(user, device, [newRun(++seq, id, promptId)]);
  expect(res.results).toEqual([{ seq, status: 'applied' }]);
  return id;
}

const messages = (n: number, prefix = 'm') =>
  Array.from({ length: n }, (_, i) => message(uuid(), null, `${prefix} ${i} ${'x'.repeat(100)}`, at(i)));

const append = (runId: string, list: unknown[]) => ({ ...editRun(++seq, runId, {}, at(1)), append_messages: list });

const messageCount = async (runId: string) =>
  (await db.admin.query<{ n: number }>('select message_count as n from public.prompt_runs where id = $1', [runId])).rows[0]?.n;

/** Nested arrays, `depth` levels deep ([] is 1 deep). */
const nested = (depth: number): unknown => {
  let v: unknown = [];
  for (let i = 1; i < depth; i += 1) v = [v];
  return v;
};

describe('appending messages', () => {
  it('takes time linear in the messages of a change (1,000 vs 250: within 2× of 4×)', async () => {
    const time = async (n: number) => {
      const runs = [await createRun(), await createRun(), await createRun()];
      const samples: number[] = [];
      for (const id of runs) {
        const batch = [append(id, messages(n))];
        const t0 = performance.now();
        const res = await db.push(user, device, batch);
        samples.push(performance.now() - t0);
        expect(res.results[0]?.status).toBe('applied');
      }
      return Math.min(...samples);
    };
    await time(50); // warm the plans
    const small = await time(250);
    const large = await time(1_000);
    // Linear: about 4×; the seed's one-by-one array append made it about 12×.
    expect(large / small).toBeLessThan(8);
  });

  it('appends 6,000 messages to one run over six changes, in order, each stored once', async () => {
    const id = await createRun();
    const all = messages(6_000);
    const batch = Array.from({ length: 6 }, (_, i) => append(id, all.slice(i * 1_000, (i + 1) * 1_000)));
    const res = await db.push(user, device, batch);
    expect(res.results.map((r) => r.status)).toEqual(Array(6).fill('applied'));
    const { rows } = await db.admin.query<{ ids: string[] }>(
      `select array(select e ->> 'id' from jsonb_array_elements(messages) e) as ids from public.prompt_runs where id = $1`, [id]);
    expect(rows[0]?.ids).toEqual(all.map((m) => m.id));
    expect(await messageCount(id)).toBe(6_000);
  });

  it('stores a message repeated within one change once', async () => {
    const id = await createRun();
    const m = message(uuid(), null, 'twice', at(1));
    await db.push(user, device, [append(id, [m, m, { ...m, content: 'changed' }])]);
    expect(await messageCount(id)).toBe(1);
  });
});

describe('limits of one change (rejected alone, the rest of the batch applies)', () => {
  const cases: Array<[string, (runId: string) => object, string, RegExp]> = [
    ['over 1,000 messages', (id) => append(id, messages(1_001)), 'too_many_messages', /1001 messages; at most 1000 per change/],
    ['a message content over 256 KiB', (id) => append(id, [message(uuid(), null, 'x'.repeat(262_145), at(1))]), 'json_too_large', /message content is 262145 bytes/],
    ['settings over 256 KiB', (id) => editRun(++seq, id, { settings: { blob: 'x'.repeat(262_200) } }, at(1)), 'json_too_large', /prompt_runs\.settings is \d+ bytes/],
    ['message metadata over 256 KiB', (id) => append(id, [{ ...message(uuid(), null, 'hi', at(1)), metadata: { blob: 'x'.repeat(262_200) } }]), 'json_too_large', /metadata is \d+ bytes/],
    ['settings nested 33 deep', (id) => editRun(++seq, id, { settings: { a: nested(32) } }, at(1)), 'json_too_deep', /values\.settings nests deeper than 32 levels/],
    ['variable values nested 40 deep', (id) => editRun(++seq, id, { variable_values: { a: nested(39) } }, at(1)), 'json_too_deep', /values\.variable_values/],
    ['message metadata nested 33 deep', (id) => append(id, [{ ...message(uuid(), null, 'hi', at(1)), metadata: { a: nested(32) } }]), 'json_too_deep', /metadata nests deeper than 32/],
  ];

  it.each(cases)('refuses %s', async (_label, make, code, text) => {
    const id = await createRun();
    const bad = make(id);
    const good = editRun(0, id, { name: 'still applied' }, at(2));
    const res = await db.push(user, device, [{ ...bad, seq: ++seq }, { ...good, seq: ++seq }]);
    expect(res.results[0]).toMatchObject({ status: 'rejected', code });
    expect((res.results[0] as { message: string }).message).toMatch(text);
    expect(res.results[1]).toEqual({ seq, status: 'applied' });
    expect(await messageCount(id)).toBe(0);
  });

  it('refuses settings nested 10,000 deep (too deep for JSON.stringify, so the body is written by hand)', async () => {
    const id = await createRun();
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const body = pushBody(device, [editRun(++seq, id, { settings: { a: 'DEEP' } }, at(1)), editRun(++seq, id, { name: 'still applied' }, at(2))])
      .replace('"DEEP"', deep);
    const [row] = await db.as<{ r: PushResponse }>(user, PUSH_SQL, [body]);
    expect(row?.r.results[0]).toMatchObject({ status: 'rejected', code: 'json_too_deep', message: 'values.settings nests deeper than 32 levels' });
    expect(row?.r.results[1]).toMatchObject({ status: 'applied' });
  });

  it('accepts values exactly 32 deep and exactly 1,000 messages', async () => {
    const id = await createRun();
    const res = await db.push(user, device, [
      editRun(++seq, id, { settings: { a: nested(31) } }, at(1)),
      append(id, [{ ...message(uuid(), null, 'hi', at(1)), metadata: { a: nested(31) } }, ...messages(999)]),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await messageCount(id)).toBe(1_000);
  });
});

describe('limits of one call (refused whole with PT413, HTTP 413: the engine halves the batch)', () => {
  it('refuses a body over 4 MiB', async () => {
    const id = await createRun();
    const changes = Array.from({ length: 5 }, (_, i) => editRun(100_000 + i, id, { description: 'x'.repeat(900_000) }, at(1)));
    await expect(db.as(user, PUSH_SQL, [pushBody(uuid(), changes)])).rejects.toMatchObject({ code: 'PT413', message: /^batch_too_large: the batch is \d+ bytes; at most 4194304/ });
  });

  it('refuses more than 500 changes', async () => {
    const changes = Array.from({ length: 501 }, (_, i) => ({ seq: i + 1 }));
    await expect(db.as(user, PUSH_SQL, [pushBody(uuid(), changes)])).rejects.toMatchObject({ code: 'PT413', message: /501 changes; at most 500/ });
  });
});

describe('strings PostgreSQL cannot store', () => {
  it('rejects only the changes holding a NUL or a lone surrogate, applies the rest, and answers a retry the same', async () => {
    const id = await createRun();
    const client = uuid();
    const batch = [
      editRun(1, id, { name: 'before' }, at(1)),
      editRun(2, id, { description: 'nul \u0000 here' }, at(2)),
      { ...editRun(3, id, {}, at(3)), append_messages: [message(uuid(), null, 'lone \ud800 high', at(3))] },
      editRun(4, id, { variable_values: { '\udc00': 'lone low in a key' } }, at(4)),
      { ...editRun(5, id, {}, at(5)), append_messages: [message(uuid(), null, 'pair \ud83d\ude00 and a backslash-u text \\u0000 \\\\ud800', at(5))] },
    ];
    const first = await db.push(user, client, batch);
    expect(first.results.map((r) => ('code' in r ? r.code : r.status))).toEqual(['applied', 'invalid_text', 'invalid_text', 'invalid_text', 'applied']);
    expect((first.results[1] as { message: string }).message).toMatch(/NUL character .* or a lone UTF-16 surrogate/);
    const again = await db.push(user, client, batch);
    expect(again.results.map((r) => ('code' in r ? r.code : r.status))).toEqual(['duplicate', 'invalid_text', 'invalid_text', 'invalid_text', 'duplicate']);
    const { rows } = await db.admin.query<{ name: string; description: string; contents: string[] }>(
      `select name, description, array(select e ->> 'content' from jsonb_array_elements(messages) e) as contents from public.prompt_runs where id = $1`, [id]);
    expect(rows[0]).toEqual({ name: 'before', description: null, contents: ['pair \ud83d\ude00 and a backslash-u text \\u0000 \\\\ud800'] });
  });

  it('still refuses a client_id that holds one, with the whole call', async () => {
    await expect(db.as(user, PUSH_SQL, [pushBody('\u0000', [])])).rejects.toMatchObject({ code: '22P02' });
  });
});
