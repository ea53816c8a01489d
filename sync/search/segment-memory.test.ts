// Queries keep the blocks of live segments they read (search-segments.ts): a word typed letter by letter
// reads each block once, and what a new or merged segment holds is still found. Reading ahead of a page's
// first search (warmSearch): the first keystroke after it reads only the word's blocks, not each segment's
// block keys first, and finds exactly what it would have found without it, also after the index changed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshDb, makeMessage } from '../test-support';
import type { PromptRunsDB } from '../db';
import { createRun } from '../store/runs';
import { searchRuns, warmSearch } from './search';
import { indexPending } from './search-indexer';
import { mergeOnce } from './search-merge';

let db: PromptRunsDB;
beforeEach(() => void (db = freshDb()));
afterEach(() => db.close());

async function run(text: string): Promise<string> {
  const r = await createRun(db, 'p1', { variable_values: {}, settings: { provider: 'echo', model_id: 'echo' }, messages: [makeMessage('', 'user', text, null)] });
  if (!r.ok) throw r.error;
  return r.value.id;
}

/** Requests for index blocks (and their keys) made during `fn`. */
async function blockReads(fn: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(db.searchPostings, 'where');
  try {
    await fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

const found = async (q: string) => (await searchRuns(db, q)).map((h) => h.runId).sort();

describe('blocks kept between queries', () => {
  it('a word typed letter by letter reads each block once', async () => {
    const ids = await threeSegments();
    expect(await blockReads(() => found('qu'))).toBeGreaterThan(0);
    expect(await blockReads(async () => expect(await found('quok')).toEqual(ids))).toBe(0);
    expect(await blockReads(async () => expect(await found('quokka')).toEqual(ids))).toBe(0);
  });

  it('finds what a new segment holds, and what a merge moved, after earlier queries kept blocks', async () => {
    const ids = [await run('a wombat burrow')];
    await indexPending(db, { merge: false });
    expect(await found('wombat')).toEqual(ids);
    for (let i = 0; i < 4; i += 1) {
      ids.push(await run(`wombat ${i}`));
      await indexPending(db, { merge: false });
      expect(await found('wombat')).toEqual([...ids].sort());
    }
    expect(await mergeOnce(db, 1)).toBe(true);
    expect(await found('wombat')).toEqual([...ids].sort());
    expect(await found('burrow')).toEqual([ids[0]]);
  });
});

async function threeSegments(): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    ids.push(await run(`the quokka number ${i} smiles`));
    await indexPending(db, { merge: false }); // a segment each
  }
  return ids.sort();
}

describe('reading ahead of the first search', () => {
  it('without it, a first search reads each segment twice: its block keys, then its blocks', async () => {
    const ids = await threeSegments();
    expect(await blockReads(async () => expect(await found('quokka')).toEqual(ids))).toBe(6);
  });

  it('after it, the first search reads one request of blocks per segment', async () => {
    const ids = await threeSegments();
    expect(await blockReads(() => warmSearch(db))).toBe(3);
    expect(await blockReads(async () => expect(await found('quokka')).toEqual(ids))).toBe(3);
  });

  it('reading ahead again reads nothing', async () => {
    await threeSegments();
    await warmSearch(db);
    expect(await blockReads(() => warmSearch(db))).toBe(0);
  });

  it('what was read ahead is not trusted once the index changed: a new run and a new segment are found', async () => {
    const ids = await threeSegments();
    await warmSearch(db);
    ids.push(await run('a quokka again'));
    await indexPending(db, { merge: false });
    expect(await found('quokka')).toEqual([...ids].sort());
  });

  it('an empty index reads nothing ahead and finds nothing', async () => {
    expect(await blockReads(() => warmSearch(db))).toBe(0);
    expect(await found('quokka')).toEqual([]);
  });
});
