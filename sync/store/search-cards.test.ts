// A search sorts and filters its hits by the cards in their index records (search/run-cards.ts) and reads
// only the rows it shows; a card is used only while it is current, and a row shown that disagrees with
// its card sends the query back to the rows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshDb, makeMessage } from '../test-support';
import type { PromptRunsDB } from '../db';
import { setTimeSource } from '../clock';
import type { Run } from '../model';
import { archiveRun, createRun, starRun, updateRun } from './runs';
import { queryRuns, type RunQuery } from './run-queries';
import { fillCards, validCard } from '../search/run-cards';
import type { SearchRunRecord } from '../search/search-tables';

let db: PromptRunsDB;
let now = Date.parse('2026-03-01T12:00:00Z');
let restoreClock: () => void;
let release: (() => void) | null = null;
beforeEach(() => {
  db = freshDb();
  now = Date.parse('2026-03-01T12:00:00Z');
  restoreClock = setTimeSource(() => now);
});
afterEach(() => {
  release?.();
  release = null;
  restoreClock();
  db.close();
});

/** `count` runs named "Run 0".. (oldest first), each with a message holding "zebra", prompts p0 and p1 in turn, indexed. */
async function library(count: number): Promise<Run[]> {
  const runs: Run[] = [];
  for (let i = 0; i < count; i += 1) {
    now += 60_000;
    const r = await createRun(db, `p${i % 2}`, {
      name: `Run ${i}`, variable_values: {}, settings: { provider: 'echo', model_id: 'echo' },
      messages: [makeMessage('', 'user', `a zebra crossing number ${i}`, null)],
    });
    if (!r.ok) throw r.error;
    runs.push(r.value);
  }
  await db.indexNow();
  // From here the indexer runs only when a test says so: what a search sees between writes is the point.
  release = db.holdIndexing();
  return runs;
}

const search = (q: Partial<RunQuery> = {}) => queryRuns(db, { view: 'active', sort: 'recent', limit: 20, search: 'zebra', ...q });
const names = (page: Awaited<ReturnType<typeof search>>) => page.entries.map((e) => e.run.name);
const newest = (count: number, from = 59) => Array.from({ length: count }, (_, i) => `Run ${from - i}`);

/** Run ids read through runs.bulkGet during `fn`. */
async function rowsRead<T>(fn: () => Promise<T>): Promise<{ value: T; read: number }> {
  const spy = vi.spyOn(db.runs, 'bulkGet');
  try {
    const value = await fn();
    return { value, read: spy.mock.calls.reduce((n, [keys]) => n + keys.length, 0) };
  } finally {
    spy.mockRestore();
  }
}

async function editRecord(runId: string, edit: (r: SearchRunRecord) => void): Promise<void> {
  const record = (await db.searchRuns.get(runId))!;
  edit(record);
  await db.searchRuns.put(record);
  // As every write of records does: searches read the records again.
  await db.searchState.update('index', (s) => void (s.records = (s.records ?? 0) + 1));
}

describe('search hits sorted by their index records', () => {
  it('reads only the rows of the page it shows, with the same page and total as from every row', async () => {
    await library(60);
    const { value: page, read } = await rowsRead(() => search());
    expect(names(page)).toEqual(newest(20));
    expect(page.total).toBe(60);
    expect(read).toBeLessThanOrEqual(20);
    // Every order and grouping, from the cards.
    expect(names(await search({ sort: 'oldest', limit: 3 }))).toEqual(['Run 0', 'Run 1', 'Run 2']);
    expect(names(await search({ sort: 'name', limit: 4 }))).toEqual(['Run 0', 'Run 1', 'Run 2', 'Run 3']);
    expect(names(await search({ byPrompt: true, limit: 3 }))).toEqual(['Run 59', 'Run 57', 'Run 55']);
    expect((await search({ promptId: 'p0', limit: 2 })).total).toBe(30);
    // By size, every row's count is needed: the rows are read.
    expect((await rowsRead(() => search({ sort: 'messages' }))).read).toBe(60);
  });

  it('filters a run written since it was indexed by its row: archived, starred, or with a newer message', async () => {
    const runs = await library(60);
    await archiveRun(db, runs[0]!.id); // the oldest: beyond the page, only the total tells
    await starRun(db, runs[1]!.id, true);
    now += 60_000;
    await updateRun(db, runs[5]!.id, { append: [makeMessage(runs[5]!.id, 'assistant', 'another zebra', null)] });
    const page = await search();
    expect(page.total).toBe(59);
    expect(names(page)).toEqual(['Run 5', ...newest(19)]);
    expect(names(await search({ view: 'archived' }))).toEqual(['Run 0']);
    expect(names(await search({ view: 'starred' }))).toEqual(['Run 1']);
    // Indexed: the records' cards say the same.
    release!();
    release = null;
    await db.indexNow();
    expect(validCard((await db.searchRuns.get(runs[0]!.id))!)?.status).toBe('archived');
    const { value: again, read } = await rowsRead(() => search());
    expect([names(again), again.total, read <= 20]).toEqual([names(page), 59, true]);
  });

  it('reads the row of a run whose record was last written without its card (an older version)', async () => {
    const runs = await library(60);
    // An older version rewrote the record (its write counter moved) and kept the card it found.
    await editRecord(runs[0]!.id, (r) => {
      r.u += 1;
      r.c!.run.status = 'archived';
    });
    expect((await search()).total).toBe(60);
  });

  it('goes back to the rows when a row shown no longer matches its card', async () => {
    const runs = await library(60);
    await editRecord(runs[3]!.id, (r) => void (r.c!.run.last_message_at = '2099-01-01T00:00:00.000Z'));
    const page = await search();
    expect(names(page)).toEqual(newest(20));
    expect(page.total).toBe(60);
  });

  it('gives records written before cards were kept their card while the index is idle', async () => {
    const runs = await library(30);
    for (const run of runs) await editRecord(run.id, (r) => void delete r.c);
    await db.searchState.update('index', (s) => void delete s.cardsAfter);
    expect((await rowsRead(() => search())).read).toBe(30);
    expect(await fillCards(db, 20, 0)).toBe(true);
    expect(await fillCards(db, 20, 0)).toBe(false);
    expect(await fillCards(db, 20, 0)).toBe(false);
    const records = await db.searchRuns.toArray();
    expect(records.every((r) => validCard(r)?.name === runs.find((x) => x.id === r.runId)!.name)).toBe(true);
    expect((await db.searchState.get('index'))!.cardsAfter).toBeNull();
    const { value: page, read } = await rowsRead(() => search());
    expect([names(page), read <= 20]).toEqual([newest(20, 29), true]);
  });

  it('the idle indexer fills cards until none is left', async () => {
    const runs = await library(5);
    for (const run of runs) await editRecord(run.id, (r) => void delete r.c);
    await db.searchState.update('index', (s) => void delete s.cardsAfter);
    release!();
    release = null;
    await db.indexNow();
    expect((await db.searchRuns.toArray()).every((r) => validCard(r) !== null)).toBe(true);
  });
});
