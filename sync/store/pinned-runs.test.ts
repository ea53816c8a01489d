// Pinned runs head every list whatever its sort, grouping, filters and length, and are found through the
// pin index (kept on every write path, not only by pinRun).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, makeMessage } from '../test-support';
import type { PromptRunsDB } from '../db';
import { setTimeSource } from '../clock';
import { archiveRun, createRun, pinRun, starRun } from './runs';
import { queryRuns, type RunQuery } from './run-queries';
import { PIN_INDEX } from './pin-index';
import { parseRunRecord } from '../parse-records';
import { createTestWorld } from '../engine/test-world';
import { createPrompt } from './prompts';

let db: PromptRunsDB;
let now = Date.parse('2026-03-01T12:00:00Z');
let restoreClock: () => void;
beforeEach(() => {
  db = freshDb();
  now = Date.parse('2026-03-01T12:00:00Z');
  restoreClock = setTimeSource(() => now);
});
afterEach(() => {
  restoreClock();
  db.close();
});

async function make(name: string, opts: { prompt?: string; messages?: number; model?: string } = {}) {
  now += 60_000;
  const [provider, model_id] = (opts.model ?? 'echo:echo').split(':');
  // One conversation: each message answers the one before (what "Most messages" counts is the branch shown).
  const messages: ReturnType<typeof makeMessage>[] = [];
  for (let i = 0; i < (opts.messages ?? 1); i += 1) messages.push(makeMessage('', i % 2 ? 'assistant' : 'user', `${name} text ${i}`, messages.at(-1)?.id ?? null));
  const r = await createRun(db, opts.prompt ?? 'p1', { name, variable_values: {}, settings: { provider: provider!, model_id: model_id! }, messages });
  if (!r.ok) throw r.error;
  return r.value;
}

const names = async (q: Partial<RunQuery>) =>
  (await queryRuns(db, { view: 'active', sort: 'recent', limit: 50, ...q })).entries.map((e) => e.run.name);

describe('pinned runs', () => {
  it('head the list in every sort, in the sort’s order among themselves', async () => {
    const old = await make('a oldest', { messages: 1 });
    await make('b middle', { messages: 5 });
    const other = await make('c pinned too', { messages: 2 });
    await make('d newest', { messages: 3 });
    expect((await pinRun(db, old.id, true)).ok).toBe(true);
    await pinRun(db, other.id, true);
    expect(await names({ sort: 'recent' })).toEqual(['c pinned too', 'a oldest', 'd newest', 'b middle']);
    expect(await names({ sort: 'oldest' })).toEqual(['a oldest', 'c pinned too', 'b middle', 'd newest']);
    expect(await names({ sort: 'name' })).toEqual(['a oldest', 'c pinned too', 'b middle', 'd newest']);
    expect(await names({ sort: 'messages' })).toEqual(['c pinned too', 'a oldest', 'b middle', 'd newest']);
    expect(await names({ sort: 'name', byPrompt: true })).toEqual(['a oldest', 'c pinned too', 'b middle', 'd newest']);
    await pinRun(db, old.id, false);
    expect(await names({ sort: 'recent' })).toEqual(['c pinned too', 'd newest', 'b middle', 'a oldest']);
  });

  it('a pinned run far down a long list is on the first page, once', async () => {
    const first = await make('pinned long ago');
    for (let i = 0; i < 30; i += 1) await make(`filler ${i}`);
    await pinRun(db, first.id, true);
    const page = await queryRuns(db, { view: 'active', sort: 'recent', limit: 10 });
    expect(page.entries[0]!.run.name).toBe('pinned long ago');
    expect(page.entries.slice(1).map((e) => e.run.name)).toEqual(Array.from({ length: 10 }, (_, i) => `filler ${29 - i}`));
    expect(page.hasMore).toBe(true);
    // The next chunk neither repeats it nor loses a run.
    const longer = await queryRuns(db, { view: 'active', sort: 'recent', limit: 20 }, page);
    const all = longer.entries.map((e) => e.run.name);
    expect(all.filter((n) => n === 'pinned long ago')).toHaveLength(1);
    expect(all).toHaveLength(21);
    const search = await queryRuns(db, { view: 'active', sort: 'name', limit: 5 });
    expect(search.total).toBe(31);
    expect(search.entries[0]!.run.name).toBe('pinned long ago');
  });

  it('keep to the list’s view, prompt, model and search', async () => {
    const elsewhere = await make('pinned in p2', { prompt: 'p2' });
    const archived = await make('pinned and archived');
    const claude = await make('pinned claude', { model: 'anthropic:claude' });
    await make('plain quokka');
    const quokka = await make('pinned quokka');
    for (const run of [elsewhere, archived, claude, quokka]) await pinRun(db, run.id, true);
    await archiveRun(db, archived.id);
    await starRun(db, quokka.id, true);
    expect(await names({ promptId: 'p1' })).toEqual(['pinned quokka', 'pinned claude', 'plain quokka']);
    expect(await names({ view: 'archived' })).toEqual(['pinned and archived']);
    expect(await names({ view: 'starred' })).toEqual(['pinned quokka']);
    expect(await names({ model: 'echo:echo', promptId: 'p1' })).toEqual(['pinned quokka', 'plain quokka']);
    expect(await names({ search: 'quokka' })).toEqual(['pinned quokka', 'plain quokka']);
  });

  it('are indexed on every write path (a pull’s raw put too), and the marker never leaves the database', async () => {
    const run = await make('pulled');
    // As a sync pull writes a run: the whole row, straight into the table.
    const stored = (await db.runs.get(run.id))!;
    await db.runs.put({ ...stored, is_pinned: true });
    expect(await db.runs.where(PIN_INDEX).equals(1).primaryKeys()).toEqual([run.id]);
    expect(await names({})).toEqual(['pulled']);
    const parsed = parseRunRecord(await db.runs.get(run.id));
    expect(parsed.ok && PIN_INDEX in parsed.value).toBe(false);
    await db.runs.put({ ...(await db.runs.get(run.id))!, is_pinned: false });
    expect(await db.runs.where(PIN_INDEX).equals(1).count()).toBe(0);
    expect((await db.runs.get(run.id)) as unknown as Record<string, unknown>).not.toHaveProperty(PIN_INDEX);
  });

  it('pinning is an edit like a star: a field of its own, queued for sync', async () => {
    const run = await make('synced pin');
    await db.outbox.clear();
    await pinRun(db, run.id, true);
    const entries = await db.outbox.toArray();
    expect(entries.map((e) => [e.rowId, e.fields])).toEqual([[run.id, ['is_pinned']]]);
    expect((await db.runs.get(run.id))!.field_updated_at.is_pinned).toBeDefined();
  });

  it('a pin made on one device heads the other device’s list after a sync', async () => {
    const world = createTestWorld(11);
    const a = world.addDevice('a');
    const b = world.addDevice('b');
    const prompt = await createPrompt(a.db, { name: 'Chat', user_template: '{{x}}' });
    if (!prompt.ok) throw prompt.error;
    const runs = [];
    for (const name of ['older', 'newer']) {
      world.advance(10);
      const r = await createRun(a.db, prompt.value.id, { name, variable_values: {}, settings: prompt.value.settings, messages: [makeMessage('', 'user', name, null)] });
      if (!r.ok) throw r.error;
      runs.push(r.value);
    }
    await a.engine.syncNow();
    await b.engine.syncNow();
    const onB = async () => (await queryRuns(b.db, { view: 'active', sort: 'recent', limit: 10 })).entries.map((e) => e.run.name);
    expect(await onB()).toEqual(['newer', 'older']);
    world.advance(10);
    await pinRun(a.db, runs[0]!.id, true);
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect(await onB()).toEqual(['older', 'newer']);
    world.advance(10);
    await pinRun(b.db, runs[0]!.id, false);
    await b.engine.syncNow();
    await a.engine.syncNow();
    expect((await queryRuns(a.db, { view: 'active', sort: 'recent', limit: 10 })).entries.map((e) => e.run.is_pinned)).toEqual([false, false]);
    await world.dispose();
  });
});
