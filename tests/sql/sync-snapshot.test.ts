// The initial sync of a new device on real PostgreSQL (sync_snapshot_runs, sync_snapshot_messages, then
// sync_pull from the snapshot): runs come newest first, nothing committed during the snapshot is ever
// missed (a run moving ahead of the pages, a transaction that commits late), and no call returns another
// user's rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../sync/protocol';
import { at, editRun, message, newPrompt, newRun, PUSH_SQL, pushBody, startTestDb, uuid, type TestDb } from './support/test-db';

interface RunsPage {
  protocol: number;
  prompts: Array<{ id: string }>;
  runs: Array<{ id: string; name: string; last_message_at: string }>;
  changed: Array<{ id: string; name: string }>;
  has_more: boolean;
  next: string | null;
  since: string;
}

interface MessagesPage {
  messages: Array<{ id: string; run_id: string; content: string }>;
  next: string | null;
}

let db: TestDb;
beforeAll(async () => void (db = await startTestDb()));
afterAll(() => db?.close());

const runsPage = async (user: string, after: string | null, max = 3): Promise<RunsPage> =>
  (await db.as<{ r: RunsPage }>(user, 'select public.sync_snapshot_runs(after => $1, max_rows => $2, protocol => 2) as r', [after, max]))[0]!.r;

const messagesPage = async (user: string, runIds: string[], after: string | null, max = 4): Promise<MessagesPage> =>
  (await db.as<{ r: MessagesPage }>(user, 'select public.sync_snapshot_messages(run_ids => $1::jsonb, after => $2, max_rows => $3, protocol => 2) as r', [JSON.stringify(runIds), after, max]))[0]!.r;

/** A user with a prompt and `count` runs, run i's last message at minute i (so run count-1 is the newest). */
async function account(count: number) {
  const user = await db.createUser();
  const device = uuid();
  const prompt = uuid();
  let seq = 0;
  await db.push(user, device, [newPrompt(++seq, prompt)]);
  const runs: string[] = [];
  const messages = new Map<string, string[]>();
  for (let i = 0; i < count; i += 1) {
    const id = uuid();
    const ids = [uuid(), uuid()];
    await db.push(user, device, [{ ...newRun(++seq, id, prompt, { name: `run ${i}` }, at(i * 60)), append_messages: [message(ids[0]!, null, `question ${i}`, at(i * 60)), message(ids[1]!, ids[0]!, `answer ${i}`, at(i * 60 + 1), 'assistant')] }]);
    runs.push(id);
    messages.set(id, ids);
  }
  return { user, device, prompt, runs, messages, seq: () => ++seq };
}

async function allRunPages(user: string, max = 3) {
  const pages: RunsPage[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i += 1) {
    const page = await runsPage(user, after, max);
    pages.push(page);
    if (!page.has_more) return pages;
    after = page.next;
  }
  throw new Error('the snapshot never ended');
}

async function allMessages(user: string, runIds: string[], max = 4) {
  const out: MessagesPage['messages'] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i += 1) {
    const page = await messagesPage(user, runIds, after, max);
    out.push(...page.messages);
    if (!page.next) return out;
    after = page.next;
  }
  throw new Error('the messages never ended');
}

async function pullAll(user: string, since: string) {
  const pages: PullResponse[] = [];
  let cursor = since;
  for (let i = 0; i < 100; i += 1) {
    const page = (await db.as<{ r: PullResponse }>(user, 'select public.sync_pull($1, 50, 2) as r', [cursor]))[0]!.r;
    pages.push(page);
    cursor = page.cursor;
    if (!page.has_more) return pages;
  }
  throw new Error('the pull never ended');
}

describe('sync_snapshot_runs', () => {
  it('pages the runs newest first, every prompt on the first page, and one snapshot cursor throughout', async () => {
    const a = await account(7);
    const pages = await allRunPages(a.user, 3);
    expect(pages.map((p) => p.runs.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.runs.map((r) => r.id))).toEqual([...a.runs].reverse());
    expect(pages[0]!.prompts.map((p) => p.id)).toEqual([a.prompt]);
    expect(pages[1]!.prompts).toEqual([]);
    expect(new Set(pages.map((p) => p.since)).size).toBe(1);
    expect(pages[2]!.next).toBeNull();
    expect(pages.every((p) => p.protocol === 2)).toBe(true);
  });

  it('never misses a change committed during the snapshot: runs moving ahead of the pages, late commits, new runs', async () => {
    const a = await account(7);
    // A push that started before the snapshot and commits after its first page.
    const late = uuid();
    const slow = await db.begin(a.user);
    await slow.query(PUSH_SQL, [pushBody(uuid(), [newRun(1, late, a.prompt, { name: 'late commit' }, at(30))])]);

    const first = await runsPage(a.user, null, 3);
    expect(first.runs.map((r) => r.id)).toEqual(a.runs.slice(4).reverse());
    await slow.commit();
    // The oldest run gets a new message: it moves to the front, ahead of the pages.
    const reply = uuid();
    await db.push(a.user, a.device, [{ ...editRun(a.seq(), a.runs[0]!, { name: 'moved' }, at(9_000)), append_messages: [message(reply, a.messages.get(a.runs[0]!)![1]!, 'new words', at(9_000))] }]);
    const fresh = uuid();
    await db.push(a.user, a.device, [newRun(a.seq(), fresh, a.prompt, { name: 'created mid-snapshot' }, at(9_100))]);

    const rest: RunsPage[] = [];
    for (let page = await runsPage(a.user, first.next, 3); ; page = await runsPage(a.user, page.next, 3)) {
      rest.push(page);
      if (!page.has_more) break;
    }
    const last = rest[rest.length - 1]!;
    expect(last.changed.map((r) => r.id).sort()).toEqual([a.runs[0]!, fresh, late].sort());
    expect(last.changed.find((r) => r.id === a.runs[0])!.name).toBe('moved');

    // What a device does: the runs it got, then their messages, then sync_pull from the snapshot.
    const held = new Map<string, string>();
    for (const r of [...first.runs, ...rest.flatMap((p) => [...p.runs, ...p.changed])]) held.set(r.id, r.name);
    const messages = new Set((await allMessages(a.user, [...held.keys()])).map((m) => m.id));
    for (const page of await pullAll(a.user, first.since)) {
      for (const r of page.runs) held.set(r.id, r.name);
      for (const m of page.messages) messages.add(m.id);
    }
    const server = await db.admin.query<{ id: string; name: string }>('select id, name from public.prompt_runs where user_id = $1', [a.user]);
    expect(new Map(server.rows.map((r) => [r.id, r.name]))).toEqual(held);
    const serverMessages = await db.admin.query<{ id: string }>('select id from public.prompt_run_messages where user_id = $1', [a.user]);
    expect(new Set(serverMessages.rows.map((r) => r.id))).toEqual(messages);
    expect(messages.has(reply)).toBe(true);
  });

  it('answers another user with their own runs only, and refuses the anonymous role', async () => {
    const a = await account(2);
    const b = await account(1);
    const page = await runsPage(b.user, null, 10);
    expect(page.runs.map((r) => r.id)).toEqual(b.runs);
    expect(page.prompts.map((p) => p.id)).toEqual([b.prompt]);
    // B passing on a cursor made for A still reads B's rows only.
    const fromA = (await runsPage(a.user, null, 1)).next!;
    expect((await runsPage(b.user, fromA, 10)).runs.every((r) => b.runs.includes(r.id))).toBe(true);
    await expect(db.as(null, 'select public.sync_snapshot_runs(null, 10)')).rejects.toMatchObject({ code: '42501' });
  });

  it('refuses a malformed cursor and a protocol the server does not speak', async () => {
    const a = await account(1);
    await expect(runsPage(a.user, 's1;x;y', 3)).rejects.toMatchObject({ code: '22023' });
    await expect(db.as(a.user, 'select public.sync_snapshot_runs(null, 10, 9)')).rejects.toMatchObject({ code: 'PT426' });
    await expect(db.as(a.user, "select public.sync_snapshot_messages('[]', null, 10, 0)")).rejects.toMatchObject({ code: 'PT426' });
  });
});

describe('sync_snapshot_messages', () => {
  it('returns the runs’ messages run by run in the order asked, continuing a run cut by max_rows', async () => {
    const a = await account(3);
    const order = [a.runs[2]!, a.runs[0]!, a.runs[1]!];
    const pages: MessagesPage[] = [];
    for (let after: string | null = null; ; ) {
      const page = await messagesPage(a.user, order, after, 4);
      pages.push(page);
      if (!page.next) break;
      after = page.next;
    }
    expect(pages.map((p) => p.messages.length)).toEqual([4, 2]);
    const runsInOrder = pages.flatMap((p) => p.messages.map((m) => m.run_id));
    expect(runsInOrder).toEqual([order[0], order[0], order[1], order[1], order[2], order[2]]);
    expect(new Set(pages.flatMap((p) => p.messages.map((m) => m.id)))).toEqual(new Set(order.flatMap((id) => a.messages.get(id)!)));
  });

  it('names no messages for another user’s runs (the same answer as for runs that do not exist)', async () => {
    const a = await account(1);
    const mallory = await db.createUser();
    expect((await messagesPage(mallory, a.runs, null, 10)).messages).toEqual([]);
    expect((await messagesPage(mallory, [uuid()], null, 10)).messages).toEqual([]);
    await expect(db.as(null, "select public.sync_snapshot_messages('[]', null, 10)")).rejects.toMatchObject({ code: '42501' });
  });

  it('reads a user’s runs from its own index, not by sorting or scanning others’ rows', async () => {
    // A user with many runs among other users with many: paging must not sort all of a user's runs.
    const a = { user: await db.createUser() };
    for (let i = 0; i < 5; i += 1) {
      const other = i === 0 ? a.user : await db.createUser();
      const prompt = uuid();
      await db.admin.query(`insert into public.prompts (id, user_id, name) values ($1, $2, 'p')`, [prompt, other]);
      await db.admin.query(
        `insert into public.prompt_runs (id, prompt_id, user_id, name, last_message_at)
         select gen_random_uuid(), $1, $2, 'r', now() - g * interval '1 minute' from generate_series(1, 3000) g`, [prompt, other]);
    }
    await db.admin.query('analyze public.prompt_runs');
    const plan = await db.admin.query<{ 'QUERY PLAN': string }>(
      `explain select r.id from public.prompt_runs r where r.user_id = $1 order by r.last_message_at desc, r.id desc limit 10`, [a.user]);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('idx_prompt_runs_user_recent');
    expect(text).not.toMatch(/Seq Scan|Sort/);
    // A later page starts inside the index at the cursor (keyset), not by reading the pages before it.
    const later = await db.admin.query<{ 'QUERY PLAN': string }>(
      `explain select r.id from public.prompt_runs r where r.user_id = $1 and (r.last_message_at, r.id) < (now() - interval '2000 minutes', $2::uuid)
        order by r.last_message_at desc, r.id desc limit 10`, [a.user, uuid()]);
    const laterText = later.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(laterText).toMatch(/Index Cond: .*ROW\(last_message_at, id\) </);
    expect(laterText).not.toMatch(/Seq Scan|Sort/);
  });
});
