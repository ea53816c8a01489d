// Live views of tags, folders and edit history (the store is sync/store/tags.ts, folders.ts, versions.ts).
import type { Tag } from '@sync/organize-model';
import type { FolderNode } from '@sync/organize-merge';
import { listTags, tagsByItem, type TaggedKind } from '@sync/store/tags';
import { foldersByRun, listFolderTree } from '@sync/store/folders';
import { folderRunCounts, type FolderCountQuery } from '@sync/store/folder-counts';
import { listPromptVersions, listRunVersions } from '@sync/store/versions';
import { useDb } from './db-context';
import { useLiveData } from './use-live-data';

/** Every active tag, by name. */
export function useTags(): Tag[] | undefined {
  const db = useDb();
  return useLiveData(() => listTags(db), [db]);
}

/** The tags shown on each item of a kind (item id → its tags, by name), one read for a whole list. */
export function useTagsByItem(kind: TaggedKind): Map<string, Tag[]> | undefined {
  const db = useDb();
  return useLiveData(async () => {
    const [byItem, tags] = await Promise.all([tagsByItem(db, kind), listTags(db)]);
    const index = new Map(tags.map((t, i) => [t.id, { tag: t, order: i }]));
    const out = new Map<string, Tag[]>();
    for (const [item, ids] of byItem) {
      const shown = ids.flatMap((id) => (index.has(id) ? [index.get(id)!] : [])).sort((a, b) => a.order - b.order);
      out.set(item, shown.map((s) => s.tag));
    }
    return out;
  }, [db, kind]);
}

/** Folders as shown: top level in order, each with the folders inside it. */
export function useFolderTree(): FolderNode[] | undefined {
  const db = useDb();
  return useLiveData(() => listFolderTree(db), [db]);
}

/** Where each filed run shows (run id → folder id). */
export function useFoldersByRun(): Map<string, string> | undefined {
  const db = useDb();
  return useLiveData(() => foldersByRun(db), [db]);
}

/**
 * Runs shown in each folder (and NO_FOLDER, up to its cap) for a list's view, prompt, model and tags; nothing
 * is read while `shown` is false. As a live query it counts again after each write of runs, so only a folder
 * list on screen asks for it.
 */
export function useFolderCounts(query: FolderCountQuery, shown = true): Map<string, number> | undefined {
  const db = useDb();
  const { view, promptId = null, model = null, tagIds = [] } = query;
  const tags = tagIds.join(' ');
  return useLiveData(
    () => (shown ? folderRunCounts(db, { view, promptId, model, tagIds }) : new Map<string, number>()),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `tags` stands for tagIds
    [db, view, promptId, model, tags, shown],
  );
}

export function usePromptVersions(promptId: string | null | undefined) {
  const db = useDb();
  return useLiveData(() => (promptId ? listPromptVersions(db, promptId) : []), [db, promptId]);
}

export function useRunVersions(runId: string | null | undefined) {
  const db = useDb();
  return useLiveData(() => (runId ? listRunVersions(db, runId) : []), [db, runId]);
}

/** One prompt version (null when absent or not on this device). */
export function usePromptVersion(id: string | null | undefined) {
  const db = useDb();
  return useLiveData(async () => (id ? ((await db.promptVersions.get(id)) ?? null) : null), [db, id]);
}
