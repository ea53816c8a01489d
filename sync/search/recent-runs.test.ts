// The latest runs a capped search checks against their rows: their messages' words are kept between
// keystrokes, and read again once the run's row changes.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { freshDb, makeMessage } from '../test-support';
import type { PromptRunsDB } from '../db';
import { createRun, updateRun } from '../store/runs';
import { matchRecent, RECENT_RUNS } from './recent-runs';

const settings = { provider: 'echo', model_id: 'echo' };
let db: PromptRunsDB;
beforeEach(() => void (db = freshDb()));
afterEach(() => db.close());

async function run(first: string, name: string) {
  const user = makeMessage('', 'user', first, null);
  const made = await createRun(db, 'p1', { variable_values: {}, settings, messages: [user], name });
  if (!made.ok) throw made.error;
  return { run: made.value, user };
}

it('finds the latest runs by name and message, reads their messages once, and again after a write to the run', async () => {
  const { run: trip, user } = await run('a weekend in Lisbon', 'Trip plan');
  const { run: bread } = await run('sourdough starter', 'Lisbon bakery');
  expect(await matchRecent(db, ['lisbon'])).toEqual([
    { runId: bread.id, messageId: null },
    { runId: trip.id, messageId: user.id },
  ]);
  const reads = vi.spyOn(db.messages, 'where');
  expect(await matchRecent(db, ['lisb'])).toHaveLength(2);
  expect(reads).not.toHaveBeenCalled();
  // A reply in the trip: its row changes, so its messages are read again (and only its own).
  const reply = makeMessage(trip.id, 'assistant', 'Take tram 28 early', user.id);
  expect((await updateRun(db, trip.id, { append: [reply], current_leaf_id: reply.id })).ok).toBe(true);
  expect(await matchRecent(db, ['tram'])).toEqual([{ runId: trip.id, messageId: reply.id }]);
  expect(reads).toHaveBeenCalledTimes(1);
});

it('answers one document a run: its name when it matches, else its latest matching message', async () => {
  const { run: trip, user } = await run('Lisbon trams', 'Trip plan');
  const reply = makeMessage(trip.id, 'assistant', 'Lisbon has seven hills', user.id);
  expect((await updateRun(db, trip.id, { append: [reply], current_leaf_id: reply.id })).ok).toBe(true);
  expect(await matchRecent(db, ['lisbon'])).toEqual([{ runId: trip.id, messageId: reply.id }]);
  expect(await matchRecent(db, ['trip'])).toEqual([{ runId: trip.id, messageId: null }]);
});

it('checks only the runs with the latest activity', async () => {
  await run('the word zircon', 'Old one');
  for (let i = 0; i < RECENT_RUNS; i += 1) await run(`note ${i}`, `Newer ${i}`);
  expect(await matchRecent(db, ['zircon'])).toEqual([]);
  expect(await matchRecent(db, ['newer'])).toHaveLength(RECENT_RUNS);
});

it('a search finds a run saved today while an import of many runs waits to be indexed before it', async () => {
  const { searchRuns } = await import('./search');
  const { markRunsForIndexing } = await import('./search-index');
  const release = db.holdIndexing();
  const { run: trip } = await run('a weekend in Lisbon', 'Trip plan');
  // An import's runs, more than a search reads the rows of, all of them ahead of the trip in the markers' order.
  await markRunsForIndexing(db, Array.from({ length: 600 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`));
  expect((await searchRuns(db, 'lisbon')).map((h) => h.runId)).toEqual([trip.id]);
  release();
});
