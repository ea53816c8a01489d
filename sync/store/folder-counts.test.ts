import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, unwrap } from '../test-support';
import type { PromptRunsDB } from '../db';
import { createPrompt } from './prompts';
import { archiveRun, createRun, starRun } from './runs';
import { addTagByName } from './tags';
import { createFolder, deleteFolder, moveRunsToFolder } from './folders';
import { queryRuns, type RunView } from './run-queries';
import { NO_FOLDER, restrictRuns } from './organize-filter';
import { folderRunCounts, type FolderCountQuery } from './folder-counts';

let db: PromptRunsDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

describe('folderRunCounts', () => {
  it('counts what the list shows on choosing each folder: view, prompt, model and tags', async () => {
    const p = unwrap(await createPrompt(db, { name: 'P' }));
    const q = unwrap(await createPrompt(db, { name: 'Q' }));
    const make = async (promptId: string, name: string, model = 'echo') =>
      unwrap(await createRun(db, promptId, { name, variable_values: {}, settings: { provider: 'echo', model_id: model }, messages: [] }));
    const [a, b, c, d, e] = [await make(p.id, 'a'), await make(p.id, 'b', 'other'), await make(p.id, 'c'), await make(q.id, 'd'), await make(q.id, 'e')];
    const trips = unwrap(await createFolder(db, 'Trips'));
    const lisbon = unwrap(await createFolder(db, 'Lisbon', trips.id));
    const old = unwrap(await createFolder(db, 'Old'));
    unwrap(await moveRunsToFolder(db, [a.id, b.id, d.id], trips.id));
    unwrap(await moveRunsToFolder(db, [c.id], lisbon.id));
    unwrap(await moveRunsToFolder(db, [e.id], old.id));
    unwrap(await deleteFolder(db, old.id)); // its run shows in No folder
    unwrap(await archiveRun(db, d.id));
    unwrap(await starRun(db, a.id, true));
    const travel = unwrap(await addTagByName(db, 'run', [a.id, c.id, e.id], 'travel')).tag;

    const counts = async (query: FolderCountQuery) => Object.fromEntries(await folderRunCounts(db, query));
    expect(await counts({ view: 'active' })).toEqual({ [trips.id]: 2, [lisbon.id]: 1, [NO_FOLDER]: 1 });
    expect(await counts({ view: 'archived' })).toEqual({ [trips.id]: 1 });
    expect(await counts({ view: 'starred' })).toEqual({ [trips.id]: 1 });
    expect(await counts({ view: 'active', promptId: q.id })).toEqual({ [NO_FOLDER]: 1 });
    expect(await counts({ view: 'active', model: 'echo:other' })).toEqual({ [trips.id]: 1 });
    expect(await counts({ view: 'active', tagIds: [travel.id] })).toEqual({ [trips.id]: 1, [lisbon.id]: 1, [NO_FOLDER]: 1 });

    // Each count is the length of the list the same choices show.
    const listed = async (view: RunView, folder: string, tagIds: string[] = []) => {
      const r = await restrictRuns(db, { folder, tagIds });
      return (await queryRuns(db, { view, sort: 'recent', limit: 50, only: r.only, except: r.except })).entries.length;
    };
    for (const folder of [trips.id, lisbon.id, NO_FOLDER]) {
      expect(await listed('active', folder)).toBe((await counts({ view: 'active' }))[folder] ?? 0);
      expect(await listed('active', folder, [travel.id])).toBe((await counts({ view: 'active', tagIds: [travel.id] }))[folder] ?? 0);
    }
  });
});
