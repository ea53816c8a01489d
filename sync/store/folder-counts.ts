// How many runs each folder holds, as a runs list would show them on choosing it: in the list's view
// (All, Starred, Archived, Trash), for its prompt and model, with its tags (narrowed by restrictRuns, the
// list's own filter). Read off the filing rows, the folders, the filed runs and the view's index (up to a
// cap for "No folder"); whole runs of the view only where it or a model needs them (starred, a model).
import type { PromptRunsDB } from '../db';
import type { Run, RunStatus } from '../model';
import { foldersByRun } from './folders';
import { modelOf, type RunView } from './run-queries';
import { NO_FOLDER, restrictRuns } from './organize-filter';

export interface FolderCountQuery {
  view: RunView;
  promptId?: string | null;
  model?: string | null;
  tagIds?: readonly string[];
}

const STATUS: Record<RunView, RunStatus> = { active: 'active', starred: 'active', archived: 'archived', trash: 'deleted' };

/**
 * "No folder" is counted up to this many runs: a count past it is UNFILED_COUNT_CAP + 1 (shown "1,000+").
 * Counting every run id of a view at 100,000 runs took 1.9 s, during which every other read waited.
 */
export const UNFILED_COUNT_CAP = 1_000;
/** Up to this many filed runs, each is read by its id; past it, the whole view's run ids are read instead. */
const FILED_ROWS_MAX = 1_000;

/**
 * Folder id (or NO_FOLDER) → runs shown in it; a folder with none is absent. The filed runs are read by
 * their ids and "No folder" counted off the view's index up to its cap, so the cost follows the filed runs,
 * not the library.
 */
export async function folderRunCounts(db: PromptRunsDB, query: FolderCountQuery): Promise<Map<string, number>> {
  const status = STATUS[query.view];
  const keep = (r: Run | undefined): r is Run =>
    r !== undefined && r.status === status && (query.view !== 'starred' || r.is_starred === true) &&
    (!query.promptId || r.prompt_id === query.promptId) && (!query.model || modelOf(r) === query.model);
  const [filed, restriction, purged] = await Promise.all([
    foldersByRun(db),
    query.tagIds?.length ? restrictRuns(db, { tagIds: query.tagIds }) : null,
    query.view === 'trash' ? db.purged.toCollection().primaryKeys() : null,
  ]);
  const gone = new Set(purged as string[] | null);
  const counts = new Map<string, number>();
  const add = (id: string) => {
    const folder = filed.get(id) ?? NO_FOLDER;
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  };
  if (restriction?.only) {
    for (const run of await db.runs.bulkGet([...restriction.only])) if (keep(run) && !gone.has(run.id)) add(run.id);
    return counts;
  }
  const range = query.promptId
    ? db.runs.where('[prompt_id+status+last_message_at]').between([query.promptId, status, ''], [query.promptId, status, '\uffff'])
    : db.runs.where('[status+last_message_at]').between([status, ''], [status, '\uffff']);
  const view = query.view === 'starred' || query.model ? range.filter(keep) : range;
  if (filed.size > FILED_ROWS_MAX) {
    for (const id of (await view.primaryKeys()) as string[]) if (!gone.has(id)) add(id);
    return counts;
  }
  const shown = (await db.runs.bulkGet([...filed.keys()])).filter((r): r is Run => keep(r) && !gone.has(r.id));
  for (const run of shown) add(run.id);
  // Of the view's first `limit` run ids, at most `shown.length` are filed and `gone.size` purged: when all
  // `limit` come back, more than the cap are in no folder.
  const limit = UNFILED_COUNT_CAP + 1 + shown.length + gone.size;
  const ids = (await view.limit(limit).primaryKeys()) as string[];
  const unfiled = ids.filter((id) => !filed.has(id) && !gone.has(id)).length;
  if (unfiled > 0) counts.set(NO_FOLDER, Math.min(unfiled, UNFILED_COUNT_CAP + 1));
  return counts;
}
