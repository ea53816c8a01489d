import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, makeMessage } from '../test-support';
import type { PromptRunsDB } from '../db';
import { createRun, renameRun, updateRun } from './runs';
import { searchRuns, snippetFor } from './search';
import { tokenize } from './search-tokens';

const settings = { provider: 'echo', model_id: 'echo' };
let db: PromptRunsDB;
beforeEach(() => void (db = freshDb()));
afterEach(() => db.close());

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
    expect(await db.searchIndex.get(`${a.id}\u0001${user.id}`)).toBeUndefined();
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
    const { searchRunsDetailed, MAX_DOCS_PER_TERM } = await import('./search');
    for (let i = 0; i <= MAX_DOCS_PER_TERM / 2; i += 1) await run(`common words ${i}`, `Common ${i}`);
    const broad = await searchRunsDetailed(db, 'co');
    expect(broad.partial).toBe(true);
    expect((await searchRunsDetailed(db, 'treasure')).partial).toBe(false);
  });
});
