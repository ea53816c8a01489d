// Counts the runs library shows as live queries (the runner's badge, the model filter's order) read at most
// a capped number of index entries: Chromium counts by walking the index on the one sequence that serves
// every request of the database, so a full count at 100,000 runs held every other read back for a second.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../clock';
import { PromptRunsDB } from '../db';
import { ACTIVE_COUNT_CAP, countActiveRuns } from './own-prompt-runs';
import { listRunModels, MODEL_COUNT_CAP } from './run-models';
import { folderRunCounts, UNFILED_COUNT_CAP } from './folder-counts';
import { createFolder, moveRunsToFolder } from './folders';
import { NO_FOLDER } from './organize-filter';

/** A database that records each request to the runs table: a count, or a query and its limit. */
function recordingDb(): { db: PromptRunsDB; requests: string[] } {
  const db = new PromptRunsDB(`capped-counts-${newId()}`);
  const requests: string[] = [];
  db.use({
    stack: 'dbcore', name: 'record-run-requests', level: 1,
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'runs') return table;
        return {
          ...table,
          count: (req) => (requests.push('count'), table.count(req)),
          query: (req) => (requests.push(`query ${req.limit ?? 'all'}`), table.query(req)),
        };
      },
    }),
  });
  return { db, requests };
}

/** Bare run rows (what the indexes read), `count` of them, of one prompt and model. */
function rows(count: number, model: string) {
  return Array.from({ length: count }, (_, i) => ({
    id: newId(), prompt_id: 'p1', status: 'active', name: `Run ${i}`, description: '', settings: { provider: model, model_id: model },
    last_message_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), message_count: 0, is_starred: false, is_pinned: false,
  }));
}

let db: PromptRunsDB;
let requests: string[];
beforeEach(() => void ({ db, requests } = recordingDb()));
afterEach(() => db.close());

describe('capped counts', () => {
  it('the badge counts a prompt’s active runs up to its cap (it shows 99+ past 99), never the whole index', async () => {
    await db.runs.bulkPut(rows(ACTIVE_COUNT_CAP + 5, 'echo') as never[]);
    requests.length = 0;
    expect(await countActiveRuns(db, 'p1')).toBe(ACTIVE_COUNT_CAP);
    expect(requests).not.toContain('count');
    expect(requests.every((r) => r !== 'query all')).toBe(true);
  });

  it('the model filter orders models by their runs counted up to a cap, the most used first', async () => {
    await db.runs.bulkPut([...rows(3, 'small'), ...rows(MODEL_COUNT_CAP + 5, 'big'), ...rows(MODEL_COUNT_CAP + 1, 'also-big')] as never[]);
    requests.length = 0;
    // Both past the cap: by name among them.
    expect((await listRunModels(db)).map((m) => m.key)).toEqual(['also-big:also-big', 'big:big', 'small:small']);
    expect(requests).not.toContain('count');
  });

  it('folder counts read the filed runs by id and count "No folder" up to its cap, never every run of the view', async () => {
    const all = rows(UNFILED_COUNT_CAP + 40, 'echo');
    await db.runs.bulkPut(all as never[]);
    const trips = await createFolder(db, 'Trips');
    if (!trips.ok) throw trips.error;
    const filedIds = all.slice(0, 3).map((r) => r.id);
    const moved = await moveRunsToFolder(db, filedIds, trips.value.id);
    if (!moved.ok) throw moved.error;
    requests.length = 0;
    const counts = await folderRunCounts(db, { view: 'active' });
    expect(Object.fromEntries(counts)).toEqual({ [trips.value.id]: 3, [NO_FOLDER]: UNFILED_COUNT_CAP + 1 });
    expect(requests).not.toContain('count');
    expect(requests.every((r) => r !== 'query all')).toBe(true);
  });

  it('below the cap, "No folder" is counted exactly, also when the filed runs come first in the view', async () => {
    const all = rows(50, 'echo');
    await db.runs.bulkPut(all as never[]);
    const trips = await createFolder(db, 'Trips');
    if (!trips.ok) throw trips.error;
    // The newest runs (last in the index's order) filed, and an older one.
    const moved = await moveRunsToFolder(db, [all[49]!.id, all[48]!.id, all[0]!.id], trips.value.id);
    if (!moved.ok) throw moved.error;
    expect(Object.fromEntries(await folderRunCounts(db, { view: 'active' }))).toEqual({ [trips.value.id]: 3, [NO_FOLDER]: 47 });
  });
});
