// How many runs each folder holds, as a runs list would show them on choosing it: in the list's view
// (All, Starred, Archived, Trash), for its prompt and model, with its tags (narrowed by restrictRuns, the
// list's own filter). Read off the indexes: run ids of the view, the filing rows and the folders; whole
// runs only where the view or a model needs them (starred, a model) or tags narrow them (the tagged runs).
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

/** Folder id (or NO_FOLDER) → runs shown in it; a folder with none is absent. */
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
  let ids: string[];
  if (restriction?.only) {
    ids = (await db.runs.bulkGet([...restriction.only])).filter(keep).map((r) => r.id);
  } else {
    const range = query.promptId
      ? db.runs.where('[prompt_id+status+last_message_at]').between([query.promptId, status, ''], [query.promptId, status, '\uffff'])
      : db.runs.where('[status+last_message_at]').between([status, ''], [status, '\uffff']);
    const needsRows = query.view === 'starred' || Boolean(query.model);
    ids = (await (needsRows ? range.filter(keep) : range).primaryKeys()) as string[];
  }
  const gone = new Set(purged as string[] | null);
  const counts = new Map<string, number>();
  for (const id of ids) {
    if (gone.has(id)) continue;
    const folder = filed.get(id) ?? NO_FOLDER;
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  return counts;
}
