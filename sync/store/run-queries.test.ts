import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { freshDb, makeMessage } from '../test-support';
import { PromptRunsDB } from '../db';
import { setTimeSource } from '../clock';
import type { Run } from '../model';
import { archiveRun, createRun, deleteRun, pinRun, starRun, updateRun } from './runs';
import { listRunModels, queryRuns, type RunQuery } from './run-queries';
import { countActiveRuns } from './own-prompt-runs';
import { searchRuns } from '../search/search';

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

async function make(name: string, opts: { prompt?: string; model?: string; messages?: number } = {}) {
  now += 60_000;
  const [provider, model_id] = (opts.model ?? 'echo:echo').split(':');
  // One conversation: each message answers the one before (a run's messages are a chain, not siblings).
  const messages: ReturnType<typeof makeMessage>[] = [];
  for (let i = 0; i < (opts.messages ?? 1); i += 1) messages.push(makeMessage('', i % 2 ? 'assistant' : 'user', `${name} message ${i}`, messages.at(-1)?.id ?? null));
  const r = await createRun(db, opts.prompt ?? 'p1', { name, variable_values: {}, settings: { provider: provider!, model_id: model_id! }, messages });
  if (!r.ok) throw r.error;
  return r.value;
}

const names = async (q: Partial<RunQuery>) =>
  (await queryRuns(db, { view: 'active', sort: 'recent', limit: 50, ...q })).entries.map((e) => e.run.name);

describe('queryRuns', () => {
  it('sorts by recent, oldest, name (numeric, case-blind) and most messages', async () => {
    await make('b run 10', { messages: 1 });
    await make('B run 2', { messages: 3 });
    await make('a run', { messages: 2 });
    expect(await names({ sort: 'recent' })).toEqual(['a run', 'B run 2', 'b run 10']);
    expect(await names({ sort: 'oldest' })).toEqual(['b run 10', 'B run 2', 'a run']);
    expect(await names({ sort: 'name' })).toEqual(['a run', 'B run 2', 'b run 10']);
    expect(await names({ sort: 'messages' })).toEqual(['B run 2', 'a run', 'b run 10']);
  });

  it('filters by view, prompt and model, and reports the full total beside a short page', async () => {
    const starred = await make('starred', { prompt: 'p2' });
    await starRun(db, starred.id, true);
    const archived = await make('archived');
    await archiveRun(db, archived.id);
    const trashed = await make('trashed');
    await deleteRun(db, trashed.id);
    await make('claude', { model: 'anthropic:claude' });
    for (let i = 0; i < 5; i += 1) await make(`plain ${i}`);
    expect(await names({ view: 'starred' })).toEqual(['starred']);
    expect(await names({ view: 'archived' })).toEqual(['archived']);
    expect(await names({ view: 'trash' })).toEqual(['trashed']);
    expect(await names({ promptId: 'p2' })).toEqual(['starred']);
    expect(await names({ model: 'anthropic:claude' })).toEqual(['claude']);
    const page = await queryRuns(db, { view: 'active', sort: 'recent', limit: 3 });
    expect(page.entries).toHaveLength(3);
    expect(page.hasMore).toBe(true);
    expect((await queryRuns(db, { view: 'active', sort: 'recent', limit: 7 })).hasMore).toBe(false);
    expect((await queryRuns(db, { view: 'active', sort: 'name', limit: 3 })).total).toBe(7);
    expect((await listRunModels(db)).map((m) => m.key)).toEqual(['echo:echo', 'anthropic:claude']);
    expect(await countActiveRuns(db, 'p1')).toBe(6);
  });

  it('searches message text within the view and shows a snippet of the match', async () => {
    const a = await make('Holiday');
    await updateRun(db, a.id, { append: [makeMessage(a.id, 'assistant', 'Pack sunscreen and a good novel for the beach.', null)] });
    const b = await make('Work');
    await updateRun(db, b.id, { append: [makeMessage(b.id, 'assistant', 'Sunscreen is not needed in the office.', null)] });
    await archiveRun(db, b.id);
    const page = await queryRuns(db, { view: 'active', sort: 'recent', limit: 20, search: 'sunscr' });
    expect(page.entries.map((e) => e.run.name)).toEqual(['Holiday']);
    expect(page.entries[0]!.match?.snippet).toContain('Pack sunscreen');
    expect((await queryRuns(db, { view: 'archived', sort: 'recent', limit: 20, search: 'sunscreen' })).total).toBe(1);
  });

  it('gives each shown search hit the snippet of its own message, whether the hits fit one page or not', async () => {
    for (let i = 0; i < 5; i += 1) {
      const run = await make(`Trip ${i}`);
      await updateRun(db, run.id, { append: [makeMessage(run.id, 'assistant', `Day ${i}: walk the levada to waterfall number ${i}.`, null)] });
    }
    await db.indexNow();
    for (const limit of [20, 2]) {
      const page = await queryRuns(db, { view: 'active', sort: 'oldest', limit, search: 'levada waterf' });
      expect(page.total).toBe(5);
      expect(page.entries.map((e) => e.match?.snippet)).toEqual(
        page.entries.map((_, i) => `Day ${i}: walk the levada to waterfall number ${i}.`),
      );
    }
  });

  it('grouped by prompt, the sort orders the groups too: by their first run, or by prompt name when sorting by name', async () => {
    await db.prompts.bulkPut([
      { id: 'pz', name: 'Zeta' } as never,
      { id: 'pa', name: 'Alpha' } as never,
    ]);
    await make('z1', { prompt: 'pz' });
    await make('a1', { prompt: 'pa', messages: 3 });
    await make('z2', { prompt: 'pz' });
    expect(await names({ byPrompt: true })).toEqual(['z2', 'z1', 'a1']);
    expect(await names({ byPrompt: true, sort: 'oldest' })).toEqual(['z1', 'z2', 'a1']);
    expect(await names({ byPrompt: true, sort: 'messages' })).toEqual(['a1', 'z2', 'z1']);
    expect(await names({ byPrompt: true, sort: 'name' })).toEqual(['a1', 'z1', 'z2']);
    // Not grouped: one list in the sort's order.
    expect(await names({ sort: 'recent' })).toEqual(['z2', 'a1', 'z1']);
  });
});

describe('grouped by prompt, from each prompt’s date index', () => {
  it('gives the order of sorting every run (prompt name, then date) at every page length, in every view', async () => {
    await db.prompts.bulkPut([{ id: 'pz', name: 'Zeta' } as never, { id: 'pa', name: 'alpha' } as never, { id: 'pm', name: 'Mid' } as never]);
    const made = [];
    for (let i = 0; i < 17; i += 1) made.push(await make(`r${i}`, { prompt: ['pz', 'pa', 'pm', 'gone'][i % 4], model: i % 3 ? 'echo:echo' : 'anthropic:claude' }));
    await starRun(db, made[4]!.id, true);
    await starRun(db, made[9]!.id, true);
    await archiveRun(db, made[6]!.id);
    await pinRun(db, made[13]!.id, true);
    await pinRun(db, made[2]!.id, true);
    const all = await db.runs.toArray();
    for (const view of ['active', 'starred', 'archived'] as const) {
      for (const sort of ['recent', 'oldest'] as const) {
        for (const model of [null, 'anthropic:claude']) {
          const byDate = (a: Run, b: Run) => (sort === 'recent' ? b.last_message_at.localeCompare(a.last_message_at) : a.last_message_at.localeCompare(b.last_message_at));
          const shown = all.filter((r) => r.status === (view === 'archived' ? 'archived' : 'active') && (view !== 'starred' || r.is_starred) && (!model || `${r.settings.provider}:${r.settings.model_id}` === model));
          // Pinned runs head the list whatever the grouping; then by prompt name, then by date.
          const pinned = shown.filter((r) => r.is_pinned).sort(byDate).map((r) => r.name);
          // The groups in the order of their first run in date order, each in date order.
          const dated = shown.filter((r) => !r.is_pinned).sort(byDate);
          const rank = new Map<string, number>();
          for (const r of dated) if (!rank.has(r.prompt_id)) rank.set(r.prompt_id, rank.size);
          const rest = [...dated].sort((a, b) => rank.get(a.prompt_id)! - rank.get(b.prompt_id)!).map((r) => r.name);
          const expected = [...pinned, ...rest];
          for (let limit = 1; limit <= rest.length + 1; limit += 1) {
            const page = await queryRuns(db, { view, sort, limit, byPrompt: true, model });
            // Pinned runs come on top of the page's length, as in every list.
            expect(page.entries.map((e) => e.run.name), `${view} ${sort} ${model} ${limit}`).toEqual(expected.slice(0, limit + pinned.length));
            if (limit > rest.length) expect(page.hasMore).toBe(false);
          }
        }
      }
    }
  });

  it('lists the models runs use, most used first, off an index', async () => {
    await make('a', { model: 'openai:gpt-4o' });
    await make('b', { model: 'anthropic:claude' });
    await make('c', { model: 'anthropic:claude' });
    expect((await listRunModels(db)).map((m) => m.key)).toEqual(['anthropic:claude', 'openai:gpt-4o']);
  });
});

describe('search index upgrade', () => {
  it('indexes runs and messages that existed before version 3', async () => {
    const name = `legacy-${Date.now()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({
      prompts: 'id, status, updated_at',
      runs: 'id, prompt_id, status, last_message_at, updated_at, [prompt_id+last_message_at], [status+last_message_at]',
      messages: 'id, runId, [runId+createdAt]',
      outbox: 'key, seq, table',
      meta: 'key',
      settings: 'key',
    });
    await v1.table('messages').add(makeMessage('r-old', 'user', 'an old platypus question', null));
    v1.close();
    const upgraded = new PromptRunsDB(name);
    expect(await searchRuns(upgraded, 'platypus')).toEqual([{ runId: 'r-old', messageId: expect.any(String) }]);
    upgraded.close();
  });
});

describe('queryRuns continuing from a previous page (keyset)', () => {
  it('gives the same rows as one long read, in both orders, with runs sharing a date and with filters', async () => {
    for (let i = 0; i < 13; i += 1) {
      // Every third run shares its date with the next one, so chunk borders fall inside ties.
      if (i % 3 === 0) now -= 60_000;
      const run = await make(`run ${i}`, { prompt: i % 2 ? 'p1' : 'p2' });
      if (i % 4 === 0) await starRun(db, run.id, true);
    }
    const cases: Array<Partial<RunQuery>> = [
      { sort: 'recent' }, { sort: 'oldest' }, { sort: 'recent', promptId: 'p1' }, { sort: 'oldest', view: 'starred' },
    ];
    for (const q of cases) {
      const whole = await queryRuns(db, { view: 'active', sort: 'recent', limit: 50, ...q });
      let page = await queryRuns(db, { view: 'active', sort: 'recent', limit: 2, ...q });
      for (let limit = 4; page.hasMore; limit += 2) page = await queryRuns(db, { view: 'active', sort: 'recent', limit, ...q }, page);
      expect(page.entries.map((e) => e.run.name)).toEqual(whole.entries.map((e) => e.run.name));
      expect(page.entries.length).toBeGreaterThan(0);
    }
  });
});
