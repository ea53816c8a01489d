// "Filter by tag" (one or more tags: runs carrying all of them) and "Folder" (a folder, No folder, or all),
// beside the runs list's other filters.
import { NO_FOLDER } from '@sync/store/organize-filter';
import { useFolderTree, useTags } from '@/lib/data/use-organize';
import { TagFilterMenu } from '@/components/organize/tag-filter';
import type { Tag } from '@sync/organize-model';
import type { FolderNode } from '@sync/organize-merge';
import type { RunListState } from './use-run-list';

/** The tags and folder chosen, in words, for the toolbar's summary chip. */
export function organizeSummary(list: RunListState, tags: readonly Tag[] | undefined, folders: readonly FolderNode[] | undefined): string[] {
  const parts = (tags ?? []).filter((t) => list.tags.includes(t.id)).map((t) => `#${t.name}`);
  if (list.folder === NO_FOLDER) parts.push('No folder');
  else if (list.folder) parts.push(folders?.flatMap((n) => [n.folder, ...n.children]).find((f) => f.id === list.folder)?.name ?? 'Folder not found');
  return parts;
}

const SELECT = 'min-h-11 rounded-md border border-slate-500 bg-white px-2 text-sm';

export function TagFilter({ list, wide = false }: { list: RunListState; wide?: boolean }) {
  return <TagFilterMenu tags={useTags() ?? []} chosen={list.tags} onChange={list.setTags} emptyHint="No tags yet. Add one from a run’s menu: Tags." wide={wide} />;
}

export function FolderFilter({ list, wide = false }: { list: RunListState; wide?: boolean }) {
  const tree = useFolderTree();
  const known = list.folder === null || list.folder === NO_FOLDER || tree === undefined || tree.some((n) => n.folder.id === list.folder || n.children.some((c) => c.id === list.folder));
  return (
    <select aria-label="Folder" className={`${SELECT} ${wide ? 'w-full' : 'max-w-44'}`} value={list.folder ?? ''} onChange={(e) => list.setFolder(e.target.value || null)}>
      <option value="">All folders</option>
      <option value={NO_FOLDER}>No folder</option>
      {(tree ?? []).map((node) => [
        <option key={node.folder.id} value={node.folder.id}>
          {node.folder.name}
        </option>,
        ...node.children.map((child) => (
          <option key={child.id} value={child.id}>
            {`\u2003${child.name}`}
          </option>
        )),
      ])}
      {/* A link to a folder deleted since (or not synced here yet) says so instead of showing its id. */}
      {known ? null : <option value={list.folder!}>Folder not found</option>}
    </select>
  );
}
