import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, unwrap } from '../test-support';
import type { PromptRunsDB } from '../db';
import { createPrompt } from './prompts';
import { createRun } from './runs';
import { addTagByName } from './tags';
import { createFolder, deleteFolder, moveRunsToFolder } from './folders';
import { queryRuns } from './run-queries';
import { NO_FOLDER, restrictRuns, splitTagWords } from './organize-filter';

let db: PromptRunsDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

describe('splitTagWords', () => {
  it('takes tag: words (bare or quoted) out of the search text', () => {
    expect(splitTagWords('tag:travel lisbon tag:"road trip"')).toEqual({ tags: ['travel', 'road trip'], text: 'lisbon' });
    expect(splitTagWords('TAG:Work')).toEqual({ tags: ['Work'], text: '' });
    expect(splitTagWords('hashtag:no tag: alone')).toEqual({ tags: [], text: 'hashtag:no tag: alone' });
  });
});

describe('restrictRuns with queryRuns', () => {
  it('narrows a list to a tag, tags named in the search, a folder or No folder (a deleted folder’s runs included)', async () => {
    const prompt = unwrap(await createPrompt(db, { name: 'P' }));
    const make = async (name: string) => unwrap(await createRun(db, prompt.id, { name, variable_values: {}, settings: { provider: 'echo', model_id: 'echo' }, messages: [] }));
    const [a, b, c] = [await make('a'), await make('b'), await make('c')];
    const travel = unwrap(await addTagByName(db, 'run', [a.id, b.id], 'travel')).tag;
    const trips = unwrap(await createFolder(db, 'Trips'));
    const old = unwrap(await createFolder(db, 'Old'));
    unwrap(await moveRunsToFolder(db, [a.id], trips.id));
    unwrap(await moveRunsToFolder(db, [c.id], old.id));
    unwrap(await deleteFolder(db, old.id));
    const names = async (filter: Parameters<typeof restrictRuns>[1]) => {
      const r = await restrictRuns(db, filter);
      const page = await queryRuns(db, { view: 'active', sort: 'name', limit: 20, search: r.search, only: r.only, except: r.except });
      return page.entries.map((e) => e.run.name);
    };
    expect(await names({ tagIds: [travel.id] })).toEqual(['a', 'b']);
    expect(await names({ search: 'tag:Travel' })).toEqual(['a', 'b']);
    expect(await names({ search: 'tag:nothing' })).toEqual([]);
    expect(await names({ folder: trips.id })).toEqual(['a']);
    expect(await names({ folder: trips.id, tagIds: [travel.id] })).toEqual(['a']);
    expect(await names({ folder: NO_FOLDER })).toEqual(['b', 'c']);
    // The date index path too (newest first), with No folder.
    const r = await restrictRuns(db, { folder: NO_FOLDER });
    const recent = await queryRuns(db, { view: 'active', sort: 'recent', limit: 20, only: r.only, except: r.except });
    expect(recent.entries.map((e) => e.run.name).sort()).toEqual(['b', 'c']);
  });
});
