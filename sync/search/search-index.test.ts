import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshDb, makeMessage } from '../test-support';
import { PromptRunsDB } from '../db';
import type { Message, Run } from '../model';
import { createRun, renameRun, updateRun } from '../store/runs';
import { SOME_RUNS, searchRunsDetailed, type SearchHit } from './search';
import { bulkLoad, markRunsForIndexing } from './search-index';
import { indexPending } from './search-indexer';
import { mergeOnce, mergeSome } from './search-merge';
import { readState, readTerm } from './search-segments';
import { tokenize } from './search-tokens';

const settings = { provider: 'echo', model_id: 'echo' };
let db: PromptRunsDB;
beforeEach(() => void (db = freshDb()));
afterEach(() => db.close());

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCAB = ['apple', 'apricot', 'banana', 'band', 'bandit', 'cherry', 'cat', 'x', 'xylophone', 'delta', 'del', 'echo', 'eel', 'fig', 'figure', 'grape', 'kiwi', 'lemon', 'lime', 'mango'];

/** The rule, applied to every row: runs with a document holding every query word as a prefix (one letter: the word). */
async function oracle(db: PromptRunsDB, query: string): Promise<Map<string, Set<string | null>>> {
  const terms = tokenize(query);
  const hit = (text: string) => {
    const words = tokenize(text);
    return terms.every((t) => words.some((w) => (t.length < 2 ? w === t : w.startsWith(t))));
  };
  const out = new Map<string, Set<string | null>>();
  const add = (runId: string, id: string | null) => out.set(runId, (out.get(runId) ?? new Set()).add(id));
  for (const r of await db.runs.toArray()) if (hit(`${r.name} ${r.description}`)) add(r.id, null);
  for (const m of await db.messages.toArray()) if (hit(m.content)) add(m.runId, m.id);
  return out;
}

/** Every hit is one the rule allows (a name match when the name matches), and every matching run is there. */
async function expectExact(db: PromptRunsDB, query: string): Promise<void> {
  const expected = await oracle(db, query);
  const { hits, partial } = await searchRunsDetailed(db, query);
  expect(partial, `partial for "${query}"`).toBe(false);
  const byRun = new Map(hits.map((h: SearchHit) => [h.runId, h.messageId]));
  expect([...byRun.keys()].sort(), `runs for "${query}"`).toEqual([...expected.keys()].sort());
  for (const [runId, messageId] of byRun) {
    const docs = expected.get(runId)!;
    expect(docs.has(messageId), `"${query}" pointed at a document that does not match`).toBe(true);
    if (docs.has(null)) expect(messageId).toBeNull();
  }
}

describe('the segmented index', () => {
  it('answers exactly like the rule over every row, through renames, appends, deletes, merges and reopening', async () => {
    const rnd = random(3);
    const pick = () => VOCAB[Math.floor(rnd() * VOCAB.length)]!;
    const text = (n: number) => Array.from({ length: n }, pick).join(' ');
    const runs: Run[] = [];
    const queries = ['ap', 'apple', 'band', 'x', 'xy', 'del', 'delta echo', 'fig kiwi', 'ba ch', 'lemon lime mango', 'zzz', 'e'];
    for (let step = 0; step < 120; step += 1) {
      const roll = rnd();
      if (roll < 0.3 || runs.length === 0) {
        const r = await createRun(db, 'p', { variable_values: {}, settings, name: text(2), messages: [makeMessage('', 'user', text(5), null)] });
        if (!r.ok) throw r.error;
        runs.push(r.value);
      } else if (roll < 0.6) {
        const run = runs[Math.floor(rnd() * runs.length)]!;
        const reply = makeMessage(run.id, 'assistant', text(6), null);
        await updateRun(db, run.id, { append: [reply] });
      } else if (roll < 0.7) {
        await renameRun(db, runs[Math.floor(rnd() * runs.length)]!.id, text(2));
      } else if (roll < 0.78) {
        const run = runs[Math.floor(rnd() * runs.length)]!;
        const ids = (await db.messages.where('[runId+createdAt]').between([run.id, ''], [run.id, '\uffff']).primaryKeys()) as string[];
        if (ids.length) await db.messages.delete(ids[0]!);
      } else if (roll < 0.82) {
        const run = runs.splice(Math.floor(rnd() * runs.length), 1)[0]!;
        await db.transaction('rw', db.runs, db.messages, async () => {
          await db.messages.where('[runId+createdAt]').between([run.id, ''], [run.id, '\uffff']).delete();
          await db.runs.delete(run.id);
        });
      } else {
        await db.indexNow();
      }
      if (step % 10 === 9) for (const q of queries) await expectExact(db, q);
    }
    await db.indexNow();
    // Many passes, each its own segment: merges kept their number down.
    expect((await readState(db)).segments.length).toBeLessThanOrEqual(8);
    for (const q of queries) await expectExact(db, q);
    db.close();
    const reopened = new PromptRunsDB(db.name);
    try {
      for (const q of queries) await expectExact(reopened, q);
    } finally {
      reopened.close();
    }
  });

  it('stays exact across blocks of a large vocabulary, and through a merge done one block at a time', async () => {
    db.scheduleIndexing = () => undefined;
    const rnd = random(8);
    const vocabulary = Array.from({ length: 6_000 }, (_, i) => `w${(i * 7919) % 6_000}x${String.fromCharCode(97 + (i % 26))}`);
    for (let batch = 0; batch < 4; batch += 1) {
      for (let i = 0; i < 15; i += 1) {
        const words = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(rnd() * vocabulary.length)]).join(' ');
        const r = await createRun(db, 'p', { variable_values: {}, settings, name: words(3), messages: [1, 2, 3].map(() => makeMessage('', 'user', words(60), null)) });
        if (!r.ok) throw r.error;
      }
      await indexPending(db, { merge: false });
    }
    expect((await readState(db)).segments).toHaveLength(4);
    expect(await db.searchPostings.count()).toBeGreaterThan(8);
    // A broad prefix (spanning several blocks) beside a rarer word, so the answer stays under the cap.
    const queries = ['w1 w123', 'w2 w59x', 'w123', 'w4000', 'w5 w77x', vocabulary[17]!, vocabulary[4_000]!, 'w9 w8 w7x', `w ${vocabulary[3]!}`];
    for (const q of queries) await expectExact(db, q);
    expect(await mergeOnce(db, 1)).toBe(true);
    expect((await readState(db)).segments).toHaveLength(1);
    for (const q of queries) await expectExact(db, q);
  });

  it('a merge spread over many small steps stays exact between them, resumes after a reopen, and leaves one segment', async () => {
    db.scheduleIndexing = () => undefined;
    const rnd = random(11);
    const vocabulary = Array.from({ length: 4_000 }, (_, i) => `v${(i * 7919) % 4_000}y${String.fromCharCode(97 + (i % 26))}`);
    const words = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(rnd() * vocabulary.length)]).join(' ');
    for (let batch = 0; batch < 4; batch += 1) {
      for (let i = 0; i < 12; i += 1) {
        const r = await createRun(db, 'p', { variable_values: {}, settings, name: words(3), messages: [1, 2].map(() => makeMessage('', 'user', words(60), null)) });
        if (!r.ok) throw r.error;
      }
      await indexPending(db, { merge: false });
    }
    const queries = ['v1 v12', 'v2 v59y', 'v123', 'v3999', vocabulary[17]!, vocabulary[3_000]!, `v ${vocabulary[3]!}`];
    let steps = 0;
    // One block per segment per step and a byte of budget: every call is one step.
    while (await mergeSome(db, 1, 1)) {
      steps += 1;
      expect((await readState(db)).merging).not.toBeNull();
      for (const q of queries) await expectExact(db, q);
      if (steps === 2) {
        db.close();
        db = new PromptRunsDB(db.name);
        db.scheduleIndexing = () => undefined;
        await indexPending(db, { merge: false }); // drops nothing: the merge knows where it stands
        expect((await readState(db)).mergeAfter).toEqual(expect.any(String));
      }
    }
    expect(steps).toBeGreaterThan(2);
    const state = await readState(db);
    expect(state.segments).toHaveLength(1);
    expect(state.merging).toBeNull();
    for (const q of queries) await expectExact(db, q);
  });

  it('a pass merges in proportion to what it wrote: a big merge is left in progress, and idle passes finish it with no save after it', { timeout: 60_000 }, async () => {
    const schedule = db.scheduleIndexing.bind(db);
    db.scheduleIndexing = () => undefined;
    const rnd = random(5);
    const vocabulary = Array.from({ length: 60_000 }, (_, i) => `q${i.toString(36)}z`);
    const text = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(rnd() * vocabulary.length)]).join(' ');
    const runRow = (id: string): Run => ({ id, prompt_id: 'p', user_id: null, name: text(2), description: '', variable_values: {}, settings, status: 'active', message_count: 10,
      is_starred: false, is_pinned: false, created_at: '2026-11-01T00:00:00.000Z', updated_at: '2026-11-01T00:00:00.000Z', last_message_at: '2026-11-01T00:00:00.000Z',
      current_leaf_id: null, last_message_preview: '', field_updated_at: {} });
    const load = async (from: number, runs: number, words: number) => {
      const rows = Array.from({ length: runs }, (_, i) => runRow(`run-${String(from + i).padStart(5, '0')}`));
      await db.transaction('rw', [db.runs, db.messages, db.searchPending], async () => {
        bulkLoad();
        await db.runs.bulkPut(rows);
        await db.messages.bulkPut(rows.flatMap((r) => Array.from({ length: 10 }, () => makeMessage(r.id, 'user', text(words), null))));
        await markRunsForIndexing(db, rows.map((r) => r.id));
      });
    };
    // Four segments of a size, ~100 KB of lists each, waiting for a merge.
    for (let batch = 0; batch < 4; batch += 1) {
      await load(batch * 100, 100, 200);
      await indexPending(db, { merge: false });
    }
    const before = await readState(db);
    const listBytes = async (segment: number) => (await db.searchPostings.where(':id').between([segment, ''], [segment, '\uffff']).toArray()).reduce((n, b) => n + b.b.length, 0);
    const sources = (await Promise.all(before.segments.map((s) => listBytes(s.id)))).reduce((a, b) => a + b, 0);
    expect(sources).toBeGreaterThan(350_000);
    // Words of four digits are no other word's prefix, so no query here passes the caps.
    const leaf = (i: number) => vocabulary[46_656 + i]!;
    const queries = ['qzzzz', leaf(1), leaf(500), leaf(13_000), `${leaf(7)} ${leaf(9)}`, `q1 ${leaf(3)}`];
    // A pass of one small run: its merge budget is far below the merge the policy picks.
    await load(1_000, 1, 5);
    // That pass is the database's own: from here it schedules its passes itself, and nothing is saved.
    db.scheduleIndexing = schedule;
    await db.indexNow();
    const during = await readState(db);
    expect(during.merging).not.toBeNull();
    expect(during.segments.map((s) => s.id)).toEqual([...before.segments.map((s) => s.id), before.nextSegment]);
    expect(await listBytes(during.merging!)).toBeLessThan(sources * 0.9);
    for (const q of queries) await expectExact(db, q);
    // Idle passes carry it to its end.
    await vi.waitFor(async () => expect((await readState(db)).merging).toBeNull(), { timeout: 30_000, interval: 50 });
    const after = await readState(db);
    expect(after.segments).toHaveLength(2);
    for (const q of queries) await expectExact(db, q);
  });

  it('a pass whose merge ends as its budget runs out says so when the policy wants the next merge', async () => {
    db.scheduleIndexing = () => undefined;
    // Eight small segments of one size: two merges of four.
    for (let batch = 0; batch < 8; batch += 1) {
      const r = await createRun(db, 'p', { variable_values: {}, settings, name: `batch ${batch}`, messages: [makeMessage('', 'user', `apple banana ${batch}`, null)] });
      if (!r.ok) throw r.error;
      await indexPending(db, { merge: false });
    }
    expect((await readState(db)).segments).toHaveLength(8);
    // A byte of budget, steps big enough to end a merge: the first merge ends, the second is still wanted.
    expect(await mergeSome(db, 1, 1_000)).toBe(true);
    expect((await readState(db)).merging).toBeNull();
    expect((await readState(db)).segments).toHaveLength(5);
    expect(await mergeSome(db, 1, 1_000)).toBe(false);
    expect((await readState(db)).segments).toHaveLength(2);
  });

  it('a message edited after it was indexed (only a stream does that) no longer matches its old words', async () => {
    const r = await createRun(db, 'p', { variable_values: {}, settings, name: 'Zoo', messages: [makeMessage('', 'user', 'walrus tusks', null)] });
    if (!r.ok) throw r.error;
    await db.indexNow();
    const [message] = await db.messages.where('[runId+createdAt]').between([r.value.id, ''], [r.value.id, '\uffff']).toArray();
    await db.messages.put({ ...message!, content: 'penguin feathers' });
    await db.indexNow();
    expect((await searchRunsDetailed(db, 'walrus')).hits).toEqual([]);
    expect((await searchRunsDetailed(db, 'penguin')).hits).toEqual([{ runId: r.value.id, messageId: message!.id }]);
  });

  it('a message still streaming is found from its row, and indexed once complete', async () => {
    const r = await createRun(db, 'p', { variable_values: {}, settings, messages: [makeMessage('', 'user', 'question', null)] });
    if (!r.ok) throw r.error;
    const streaming: Message = makeMessage(r.value.id, 'assistant', 'partial answer about otters', null, { status: 'streaming' });
    await db.messages.put(streaming);
    await db.indexNow();
    expect(await db.searchPending.count()).toBe(1);
    expect((await searchRunsDetailed(db, 'otters')).hits).toEqual([{ runId: r.value.id, messageId: streaming.id }]);
    await db.messages.put({ ...streaming, status: 'done', content: 'full answer about otters and seals' });
    await db.indexNow();
    expect(await db.searchPending.count()).toBe(0);
    expect((await searchRunsDetailed(db, 'otters seals')).hits).toEqual([{ runId: r.value.id, messageId: streaming.id }]);
  });

  it('a bulk load marks each run once instead of each row, and its runs are found before and after indexing', async () => {
    const runId = 'bulk-run';
    const messages = Array.from({ length: 40 }, (_, i) => makeMessage(runId, i % 2 ? 'assistant' : 'user', `line ${i} about narwhals`, null));
    await db.transaction('rw', [db.runs, db.messages, db.searchPending], async () => {
      bulkLoad();
      await db.runs.put({ id: runId, prompt_id: 'p', user_id: null, name: 'Arctic notes', description: '', variable_values: {}, settings, status: 'active',
        message_count: 40, is_starred: false, is_pinned: false, created_at: messages[0]!.createdAt, updated_at: messages[0]!.createdAt, last_message_at: messages[0]!.createdAt,
        current_leaf_id: null, last_message_preview: '', field_updated_at: {} });
      await db.messages.bulkPut(messages);
      await markRunsForIndexing(db, [runId]);
    });
    expect(await db.searchPending.count()).toBe(1);
    expect((await searchRunsDetailed(db, 'narwhals line')).hits).toEqual([{ runId, messageId: expect.any(String) }]);
    expect((await searchRunsDetailed(db, 'arctic')).hits).toEqual([{ runId, messageId: null }]);
    await db.indexNow();
    expect(await db.searchPending.count()).toBe(0);
    await expectExact(db, 'narwhals');
    await expectExact(db, 'arc');
  });
});

describe('a pass over runs marked whole', () => {
  const runRow = (id: string, name: string, count: number): Run => ({ id, prompt_id: 'p', user_id: null, name, description: '', variable_values: {}, settings,
    status: 'active', message_count: count, is_starred: false, is_pinned: false, created_at: '2026-11-01T00:00:00.000Z', updated_at: '2026-11-01T00:00:00.000Z',
    last_message_at: '2026-11-01T00:00:00.000Z', current_leaf_id: null, last_message_preview: '', field_updated_at: {} });
  async function load(runs: Array<{ id: string; name: string; texts: string[]; count?: number; noRow?: boolean }>) {
    await db.transaction('rw', [db.runs, db.messages, db.searchPending], async () => {
      bulkLoad();
      await db.runs.bulkPut(runs.filter((r) => !r.noRow).map((r) => runRow(r.id, r.name, r.count ?? r.texts.length)));
      await db.messages.bulkPut(runs.flatMap((r) => r.texts.map((t) => makeMessage(r.id, 'user', t, null))));
      await markRunsForIndexing(db, runs.map((r) => r.id));
    });
  }

  it('a pass takes off only the markers it read: one written meanwhile inside their range stays, and is indexed next', async () => {
    db.scheduleIndexing = () => undefined;
    await load([{ id: 'run-a', name: 'first', texts: ['walrus'] }, { id: 'run-c', name: 'last', texts: ['heron'] }]);
    // A message of a run whose marker sorts between the batch's first and last, saved after the batch was read.
    const late = makeMessage('run-b', 'user', 'kittiwake cliffs', null);
    let read = false;
    const racing = new Proxy(db, {
      get(target, key) {
        if (key !== 'transaction') return Reflect.get(target, key, target);
        return async (mode: string, ...rest: unknown[]) => {
          if (mode === 'r') read = true;
          else if (read && !(await target.messages.get(late.id))) await target.messages.put(late);
          return (target.transaction as (...args: unknown[]) => Promise<unknown>)(mode, ...rest);
        };
      },
    });
    await indexPending(racing);
    expect(await db.searchPending.count()).toBe(1);
    await indexPending(db);
    expect(await db.searchPending.count()).toBe(0);
    expect((await searchRunsDetailed(db, 'kittiwake')).hits).toEqual([{ runId: 'run-b', messageId: late.id }]);
    for (const q of ['walrus', 'heron', 'first', 'last']) await expectExact(db, q);
  });

  it('indexes exactly whatever lies between the marked runs and whatever their counts say', async () => {
    db.scheduleIndexing = () => undefined;
    // Indexed first: runs whose ids sit between the ones loaded next, with messages of their own.
    await load(Array.from({ length: 6 }, (_, i) => ({ id: `run-${i}5`, name: `older ${i}`, texts: [`walrus ${i}`, `heron ${i} tern`] })));
    await indexPending(db);
    await load([
      ...Array.from({ length: 5 }, (_, i) => ({ id: `run-${i}0`, name: `newer ${i}`, texts: [`otter ${i}`, `heron ${i}`, 'puffin'] })),
      // Counts that say too few (the bound of the ranged read is hit) and a run whose row is not here.
      { id: 'run-30x', name: 'undercounted', texts: Array.from({ length: 90 }, (_, i) => `gannet ${i}`), count: 1 },
    ]);
    await indexPending(db);
    await load([{ id: 'run-1x', name: '', texts: ['kittiwake cliffs'], noRow: true }, { id: 'run-2x', name: 'shags', texts: ['cormorant'] }]);
    await indexPending(db);
    expect(await db.searchPending.count()).toBe(0);
    for (const q of ['walrus', 'heron', 'otter', 'puffin', 'gannet', 'kittiwake', 'tern', 'newer', 'older', 'under', 'heron 3', 'cormorant', 'shags']) await expectExact(db, q);
    expect((await searchRunsDetailed(db, 'gannet 89')).hits).toHaveLength(1);
  });

  it('a one-word query over thousands of matching documents answers with matching runs and says it is partial; two words stay exact', async () => {
    db.scheduleIndexing = () => undefined;
    const ids = Array.from({ length: 400 }, (_, i) => `run-${String(i).padStart(4, '0')}`);
    await load(ids.map((id, i) => ({ id, name: `common ${i}`, texts: Array.from({ length: 9 }, (_, k) => `cobalt coral ${k}${i === 399 && k === 8 ? ' zircon' : ''}`) })));
    await indexPending(db);
    const broad = await searchRunsDetailed(db, 'co');
    expect(broad.partial).toBe(true);
    // Too many matches to read them all: some runs (not the 200 a word read whole may fill).
    expect(broad.hits).toHaveLength(SOME_RUNS);
    for (const hit of broad.hits) expect(ids).toContain(hit.runId);
    await expectExact(db, 'co zircon');
    await expectExact(db, 'zircon');
  });

  it('a capped word stops decoding its lists at the cap, not at the end of the block that passes it', async () => {
    db.scheduleIndexing = () => undefined;
    await load(Array.from({ length: 300 }, (_, i) => ({ id: `run-${String(i).padStart(4, '0')}`, name: `plain ${i}`, texts: Array.from({ length: 9 }, () => 'cobalt coral') })));
    await indexPending(db);
    const { segments } = await readState(db);
    const read = (term: string, cap: number) => db.transaction('r', [db.searchPostings], () => readTerm(db, segments, term, cap));
    expect(await read('co', 100)).toMatchObject({ capped: true, docs: expect.objectContaining({ size: 101 }) });
    expect(await read('cobalt', 5_000)).toMatchObject({ capped: false, docs: expect.objectContaining({ size: 2_700 }) });
  });

  it('a word past its cap beside a rarer word is checked against the rarer one\'s documents, so the answer stays exact', async () => {
    db.scheduleIndexing = () => undefined;
    const ids = Array.from({ length: 300 }, (_, i) => `run-${String(i).padStart(4, '0')}`);
    await load(ids.map((id, i) => ({ id, name: `plain ${i}`, texts: Array.from({ length: 9 }, (_, k) => `cobalt coral${i % 100 === 7 && k === 4 ? ' zircon' : ''}`) })));
    await indexPending(db);
    const { segments } = await readState(db);
    const zircon = await db.transaction('r', [db.searchPostings], () => readTerm(db, segments, 'zircon', 50));
    expect(zircon.docs.size).toBe(3);
    // Only the rarer word's documents are kept; the cap bounds the numbers decoded.
    const checked = await db.transaction('r', [db.searchPostings], () => readTerm(db, segments, 'co', 10_000, zircon.docs));
    expect(checked).toEqual({ docs: zircon.docs, capped: false });
    expect((await db.transaction('r', [db.searchPostings], () => readTerm(db, segments, 'co', 100, zircon.docs))).capped).toBe(true);
    const limits = { term: 50, checked: 10_000 };
    const found = await searchRunsDetailed(db, 'co zircon', limits);
    expect(found.partial).toBe(false);
    expect(found.hits.map((h) => h.runId).sort()).toEqual([ids[7], ids[107], ids[207]]);
    // Nothing holds the rarer word: exactly nothing, not "many match".
    expect(await searchRunsDetailed(db, 'co zzyzx', limits)).toMatchObject({ hits: [], partial: false, catchingUp: false });
    // Every word common: the search stops early and says so.
    expect((await searchRunsDetailed(db, 'co pl', limits)).partial).toBe(true);
  });
});

describe('upgrade from the word index (version 4)', () => {
  it('drops the old index and indexes every existing run again', async () => {
    const name = `v4-${Date.now()}`;
    const v4 = new Dexie(name);
    v4.version(1).stores({
      prompts: 'id, status, updated_at',
      runs: 'id, prompt_id, status, last_message_at, updated_at, [prompt_id+last_message_at], [status+last_message_at]',
      messages: 'id, runId, [runId+createdAt]',
      outbox: 'key, seq, table',
      meta: 'key',
      settings: 'key',
    });
    v4.version(3).stores({
      runs: 'id, prompt_id, status, last_message_at, updated_at, [prompt_id+last_message_at], [status+last_message_at], [prompt_id+status+last_message_at]',
      searchIndex: 'id, *words',
      purged: 'id',
    });
    v4.version(4).stores({ searchPending: 'id' });
    const at = '2026-11-01T00:00:00.000Z';
    await v4.table('runs').put({ id: 'old-run', prompt_id: 'p', user_id: null, name: 'Quokka census', description: '', variable_values: {}, settings,
      status: 'active', message_count: 1, is_starred: false, created_at: at, updated_at: at, last_message_at: at, current_leaf_id: null,
      last_message_preview: '', field_updated_at: {} });
    const m = makeMessage('old-run', 'user', 'how many quokkas live on Rottnest', null);
    await v4.table('messages').put(m);
    await v4.table('searchIndex').bulkPut([{ id: 'old-run\u0001', words: ['quokka', 'census'] }, { id: `old-run\u0001${m.id}`, words: ['rottnest'] }]);
    v4.close();
    const upgraded = new PromptRunsDB(name);
    try {
      await upgraded.open();
      // Upgraded to the newest version the schema declares (an unopened database reports it).
      expect(upgraded.verno).toBe(new PromptRunsDB(`${name}-probe`).verno);
      expect(upgraded.tables.map((t) => t.name)).not.toContain('searchIndex');
      // Found at once (read from the rows while pending), and from the index once it is built.
      expect((await searchRunsDetailed(upgraded, 'rottnest')).hits).toEqual([{ runId: 'old-run', messageId: m.id }]);
      await upgraded.indexNow();
      expect(await upgraded.searchPending.count()).toBe(0);
      expect((await searchRunsDetailed(upgraded, 'rottnest')).hits).toEqual([{ runId: 'old-run', messageId: m.id }]);
      expect((await searchRunsDetailed(upgraded, 'quokka')).hits).toEqual([{ runId: 'old-run', messageId: null }]);
    } finally {
      upgraded.close();
      await Dexie.delete(name);
    }
  });
});
