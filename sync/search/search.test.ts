import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshDb, makeMessage } from '../test-support';
import { PromptRunsDB } from '../db';
import { createRun, renameRun, updateRun } from '../store/runs';
import { searchRuns, snippetFor } from './search';
import { docId, tokenize } from './search-tokens';

/** Whether the index (not the pending queue) holds a run's name (messageId null) or one of its messages. */
async function indexed(db: PromptRunsDB, runId: string, messageId: string | null): Promise<boolean> {
  const record = await db.searchRuns.get(runId);
  if (!record) return false;
  const slot = messageId === null ? 0 : record.ids.indexOf(messageId);
  return slot >= 0 && !!record.h[slot];
}

const settings = { provider: 'echo', model_id: 'echo' };
let db: PromptRunsDB;
beforeEach(() => void (db = freshDb()));
afterEach(() => db.close());

/** A run's row and its `count` messages as a first sync stores them (not through the store). */
function makeRunRow(name: string, count: number) {
  const id = crypto.randomUUID();
  const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
  const messages = Array.from({ length: count }, (_, i) => makeMessage(id, i % 2 ? 'assistant' : 'user', `m${i}`, null, { createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }));
  const run = { id, prompt_id: 'p1', user_id: null, name, description: '', variable_values: {}, settings, status: 'active' as const, message_count: count,
    is_starred: false, is_pinned: false, created_at: at, updated_at: at, last_message_at: at, current_leaf_id: messages.at(-1)!.id, last_message_preview: '', field_updated_at: {} };
  return { run, messages };
}

async function run(first: string, name?: string) {
  const user = makeMessage('', 'user', first, null);
  const r = await createRun(db, 'p1', { variable_values: {}, settings, messages: [user], ...(name ? { name } : {}) });
  if (!r.ok) throw r.error;
  return { run: r.value, user };
}

describe('tokenize', () => {
  it('folds case and accents and keeps each word once', () => {
    expect(tokenize('Café CRÈME, café au lait!')).toEqual(['cafe', 'creme', 'au', 'lait']);
  });

  it('gives ASCII text the same words as the Unicode rule (its fast path)', () => {
    const unicodeRule = (text: string) => {
      const folded = text.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '');
      return [...new Set([...folded.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0].slice(0, 32)))];
    };
    let seed = 9;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 300; i += 1) {
      const text = Array.from({ length: 1 + Math.floor(next() * 120) }, () => (next() < 0.05 ? '\n' : String.fromCharCode(32 + Math.floor(next() * 95)))).join('')
        + ` ${'x'.repeat(Math.floor(next() * 40))}`;
      expect(tokenize(text)).toEqual(unicodeRule(text));
    }
  });
});

describe('searchRuns', () => {
  it('finds a run by a word deep in a reply, pointing at that message', async () => {
    const { run: a } = await run('Plan a trip', 'Trip plan');
    const reply = makeMessage(a.id, 'assistant', 'Visit the Alhambra in Granada at sunrise.', null);
    await updateRun(db, a.id, { append: [reply] });
    await run('Something else', 'Other');
    expect(await searchRuns(db, 'granada')).toEqual([{ runId: a.id, messageId: reply.id }]);
  });

  it('matches prefixes, needs every word in one document, and prefers a name match', async () => {
    const { run: a } = await run('hello world', 'Weekly report');
    expect(await searchRuns(db, 'wor hel')).toEqual([{ runId: a.id, messageId: expect.any(String) }]);
    expect(await searchRuns(db, 'hello report')).toEqual([]);
    expect(await searchRuns(db, 'weekly')).toEqual([{ runId: a.id, messageId: null }]);
  });

  it('follows renames: the old name no longer matches', async () => {
    const { run: a } = await run('x', 'Banana bread');
    await renameRun(db, a.id, 'Sourdough');
    expect(await searchRuns(db, 'banana')).toEqual([]);
    expect((await searchRuns(db, 'sourdough')).map((h) => h.runId)).toEqual([a.id]);
  });

  it('drops index entries when messages are deleted', async () => {
    const { run: a, user } = await run('zebra crossing', 'Z');
    expect(await searchRuns(db, 'zebra')).toHaveLength(1);
    await db.messages.delete(user.id);
    expect(await searchRuns(db, 'zebra')).toEqual([]);
    await db.indexNow();
    expect(await indexed(db, a.id, user.id)).toBe(false);
    expect(await indexed(db, a.id, null)).toBe(true);
  });

  it('returns nothing for a query of punctuation only', async () => {
    await run('anything');
    expect(await searchRuns(db, ' ?! ')).toEqual([]);
  });
});

describe('snippetFor', () => {
  it('cuts around the first match with ellipses', () => {
    const text = `${'lorem '.repeat(30)}the needle is here ${'ipsum '.repeat(40)}`;
    const s = snippetFor(text, 'needle');
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('the needle is here');
  });
});

describe('broad queries', () => {
  it('one letter matches that word only, and a very common prefix stops early and says so', async () => {
    const { run: a } = await run('x marks the spot', 'Treasure');
    await run('xylophone lessons', 'Music');
    expect((await searchRuns(db, 'x')).map((h) => h.runId)).toEqual([a.id]);
    const { searchRunsDetailed } = await import('./search');
    await storeMatchingRuns('Common');
    const broad = await searchRunsDetailed(db, 'co');
    expect(broad.partial).toBe(true);
    expect((await searchRunsDetailed(db, 'treasure')).partial).toBe(false);
  });
});

/** Runs holding "common" (more than a search keeps, by default), stored and indexed as a first sync or an import does. */
async function storeMatchingRuns(name: string, count?: number, messages = 1) {
  const { bulkLoad, markRunsForIndexing } = await import('./search-index');
  const { MAX_RUNS } = await import('./search');
  const ids: string[] = [];
  await db.transaction('rw', [db.runs, db.messages, db.searchPending], async () => {
    bulkLoad();
    for (let i = 0; i < (count ?? MAX_RUNS + 20); i += 1) {
      const made = makeRunRow(`${name} ${i}`, messages);
      ids.push(made.run.id);
      await db.runs.put(made.run);
      await db.messages.bulkPut(made.messages.map((m) => ({ ...m, content: `a common word ${i}` })));
    }
    await markRunsForIndexing(db, ids);
  });
  await db.indexNow();
}

describe('a query matching more than it shows', () => {
  it('is capped by runs, not documents: a word in 150 runs of three messages each is answered whole', async () => {
    const { searchRunsDetailed } = await import('./search');
    await storeMatchingRuns('Notes', 150, 3);
    const found = await searchRunsDetailed(db, 'common');
    // 450 matching messages: a cap of 200 documents said "many match" and listed fewer than 150 runs.
    expect(found.partial).toBe(false);
    expect(found.hits).toHaveLength(150);
  });

  it('keeps the latest saved: a run saved after hundreds of matching runs is among the hits, pending or indexed', async () => {
    const { searchRunsDetailed } = await import('./search');
    await storeMatchingRuns('Synced');
    const { run: latest } = await run('the common word again', 'Just now');
    const pending = await searchRunsDetailed(db, 'common');
    expect(pending.partial).toBe(true);
    expect(pending.hits.map((h) => h.runId)).toContain(latest.id);
    await db.indexNow();
    const indexed = await searchRunsDetailed(db, 'common');
    expect(indexed.partial).toBe(true);
    expect(indexed.hits.map((h) => h.runId)).toContain(latest.id);
  });
});

describe('reading the matches\' runs from the index', () => {
  it('reads the records of runs indexed together as one range, not one request each', async () => {
    const { searchRunsDetailed } = await import('./search');
    await storeMatchingRuns('Synced');
    const where = vi.spyOn(db.searchRuns, 'where');
    await searchRunsDetailed(db, 'common');
    // 200 runs, one block each, side by side: one range (it was 200 requests).
    expect(where.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('keeps the records read while the index is unchanged: a word typed letter by letter reads them once', async () => {
    const { searchRunsDetailed } = await import('./search');
    await storeMatchingRuns('Synced');
    const where = vi.spyOn(db.searchRuns, 'where');
    const first = await searchRunsDetailed(db, 'comm');
    const reads = where.mock.calls.length;
    expect(reads).toBeGreaterThan(0);
    const next = await searchRunsDetailed(db, 'common');
    expect(where.mock.calls.length).toBe(reads);
    expect(next.hits).toEqual(first.hits);
  });

  it('reads the records again once the index wrote any: a message deleted and indexed no longer matches', async () => {
    const { run: a, user } = await run('walrus tusks', 'Arctic');
    await run('walrus colony', 'Arctic again');
    await db.indexNow();
    expect((await searchRuns(db, 'walrus')).map((h) => h.runId)).toContain(a.id);
    await db.messages.delete(user.id);
    await db.indexNow();
    expect(await db.searchPending.count()).toBe(0);
    expect((await searchRuns(db, 'walrus')).map((h) => h.runId)).not.toContain(a.id);
  });

  it('reads the records again when a tab on a version that bumps no counter indexed something new', async () => {
    const { run: a } = await run('walrus tusks', 'Arctic');
    await db.indexNow();
    expect((await searchRuns(db, 'walrus')).map((h) => h.runId)).toEqual([a.id]);
    const before = (await db.searchState.get('index'))!.records;
    await db.messages.add(makeMessage(a.id, 'user', 'narwhal horn', null));
    await db.indexNow();
    // As an older version writes the state: the records counter as it found it.
    await db.searchState.put({ ...(await db.searchState.get('index'))!, records: before });
    expect((await searchRuns(db, 'narwhal')).map((h) => h.runId)).toEqual([a.id]);
  });

  it('fills the cap with distinct runs: a latest run\'s match found twice counts once', async () => {
    const { searchRunsDetailed, MAX_RUNS } = await import('./search');
    await storeMatchingRuns('Synced');
    // The latest 20 runs are checked from their rows too, and also come from the index (180 before).
    expect((await searchRunsDetailed(db, 'common')).hits).toHaveLength(MAX_RUNS);
  });

  it('finds exactly the matching runs, side by side or apart, each of two blocks', async () => {
    const { bulkLoad, markRunsForIndexing } = await import('./search-index');
    const { searchRunsDetailed } = await import('./search');
    const matching = new Set<string>();
    const ids: string[] = [];
    await db.transaction('rw', [db.runs, db.messages, db.searchPending], async () => {
      bulkLoad();
      for (let i = 0; i < 90; i += 1) {
        // Matches sit next to each other, one run apart, two apart, and far apart.
        const match = i < 10 || (i < 30 && i % 2 === 0) || (i < 50 && i % 3 === 0) || i === 80;
        const made = makeRunRow(`Run ${i}`, 40); // 41 slots: two blocks each
        ids.push(made.run.id);
        if (match) matching.add(made.run.id);
        await db.runs.put(made.run);
        await db.messages.bulkPut(made.messages.map((m, j) => ({ ...m, content: match && j === 35 ? 'a zircon here' : `plain text ${j}` })));
      }
      await markRunsForIndexing(db, ids);
    });
    await db.indexNow();
    const found = await searchRunsDetailed(db, 'zircon');
    expect(found.partial).toBe(false);
    expect(new Set(found.hits.map((h) => h.runId))).toEqual(matching);
    expect(found.hits.every((h) => h.messageId !== null)).toBe(true);
  });
});

describe('a run written before a big import', () => {
  it('is among the hits of a word hundreds of imported runs hold, while it is among the latest runs', async () => {
    const { searchRunsDetailed } = await import('./search');
    const { run: mine, user } = await run('notes on the common word in Lisbon', 'Trip plan');
    await db.indexNow();
    // An import of older conversations, indexed after it under higher numbers.
    await storeMatchingRuns('Imported');
    const found = await searchRunsDetailed(db, 'common');
    expect(found.partial).toBe(true);
    expect(found.hits).toContainEqual({ runId: mine.id, messageId: user.id });
    // A word only it holds finds it as before, by its name.
    expect((await searchRunsDetailed(db, 'trip')).hits).toEqual([{ runId: mine.id, messageId: null }]);
  });
});

describe('corrupt local data', () => {
  it('a message row without text among the latest runs leaves a broad search answering', async () => {
    const { searchRunsDetailed } = await import('./search');
    const { run: mine } = await run('the common word in a healthy run', 'Healthy');
    const { run: broken, user } = await run('soon unreadable', 'Broken');
    await db.indexNow();
    await storeMatchingRuns('Imported');
    // As a bad disk or an old bug might leave it: the row is there, its text is not.
    await db.messages.update(user.id, { content: null as unknown as string });
    const found = await searchRunsDetailed(db, 'common');
    expect(found.partial).toBe(true);
    expect(found.hits.map((h) => h.runId)).toContain(mine.id);
    expect(found.hits.map((h) => h.runId)).not.toContain(broken.id);
  });
});

describe('catching up', () => {
  it('says so while more waits to be indexed than a search reads from the rows, and finds everything once indexed', async () => {
    const { bulkLoad, markRunsForIndexing } = await import('./search-index');
    const { searchRunsDetailed } = await import('./search');
    const release = db.holdIndexing();
    // 40 runs of 20 messages, stored as a first sync stores them (one whole-run marker each): 800 messages.
    const ids: string[] = [];
    await db.transaction('rw', [db.runs, db.messages, db.searchPending], async () => {
      bulkLoad();
      for (let i = 0; i < 40; i += 1) {
        const made = makeRunRow(`Synced ${i}`, 20);
        ids.push(made.run.id);
        await db.runs.put(made.run);
        await db.messages.bulkPut(made.messages.map((m, j) => ({ ...m, content: i === 39 && j === 19 ? 'the last needle' : `message ${j}` })));
      }
      await markRunsForIndexing(db, ids);
    });
    const before = await searchRunsDetailed(db, 'needle');
    expect(before).toMatchObject({ catchingUp: true, partial: false });
    release();
    await db.indexNow();
    expect(await searchRunsDetailed(db, 'needle')).toMatchObject({ hits: [{ runId: ids[39], messageId: expect.any(String) }], partial: false, catchingUp: false });
  });
});

describe('deferred indexing', () => {
  const settle = { timeout: 3_000, interval: 20 };

  it('finds a message the moment it is saved, and still after the pending queue drains by itself', async () => {
    const { run: a } = await run('Plan a trip', 'Trip');
    const reply = makeMessage(a.id, 'assistant', 'Take the funicular up to Montjuïc.', null);
    await updateRun(db, a.id, { append: [reply] });
    // Saved, not yet indexed: the save left a marker, and search reads the row itself.
    expect(await db.searchPending.get(docId(a.id, reply.id))).toBeDefined();
    expect(await indexed(db, a.id, reply.id)).toBe(false);
    expect(await searchRuns(db, 'funicular montjuic')).toEqual([{ runId: a.id, messageId: reply.id }]);
    // Nobody asks for it: indexing runs on its own once writes go quiet.
    await vi.waitFor(async () => expect(await db.searchPending.count()).toBe(0), settle);
    expect(await indexed(db, a.id, reply.id)).toBe(true);
    expect(await searchRuns(db, 'funicular montjuic')).toEqual([{ runId: a.id, messageId: reply.id }]);
  });

  it('a rename not yet indexed already hides the old name', async () => {
    const { run: a } = await run('x', 'Banana bread');
    await db.indexNow();
    expect(await indexed(db, a.id, null)).toBe(true);
    expect(await searchRuns(db, 'banana')).toEqual([{ runId: a.id, messageId: null }]);
    await renameRun(db, a.id, 'Sourdough');
    expect(await searchRuns(db, 'banana')).toEqual([]);
    expect((await searchRuns(db, 'sourdough')).map((h) => h.runId)).toEqual([a.id]);
  });

  it('rows left unindexed by a crash are indexed at the next open', async () => {
    const { run: a, user } = await run('Crossing the Rubicon', 'History');
    // The tab dies before indexing: closing now cancels it, the markers stay on disk.
    db.close();
    const reopened = new PromptRunsDB(db.name);
    try {
      expect(await reopened.searchPending.count()).toBeGreaterThan(0);
      await vi.waitFor(async () => expect(await reopened.searchPending.count()).toBe(0), settle);
      expect(await indexed(reopened, a.id, user.id)).toBe(true);
      expect(await indexed(reopened, a.id, null)).toBe(true);
      expect(await searchRuns(reopened, 'rubicon')).toEqual([{ runId: a.id, messageId: user.id }]);
    } finally {
      reopened.close();
    }
  });

  it('deleting a run or a message removes its documents, whether indexed or still pending', async () => {
    const { run: a, user } = await run('walrus tusks', 'Arctic');
    await db.indexNow();
    await db.runs.delete(a.id);
    await db.messages.delete(user.id);
    const { run: b, user: other } = await run('walrus colony', 'Arctic again');
    await db.messages.delete(other.id);
    await db.runs.delete(b.id);
    expect(await searchRuns(db, 'walrus')).toEqual([]);
    expect(await searchRuns(db, 'arctic')).toEqual([]);
    await db.indexNow();
    expect(await db.searchRuns.count()).toBe(0);
    expect(await db.searchPending.count()).toBe(0);
  });
});
