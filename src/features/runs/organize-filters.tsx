// "Filter by tag" (one or more tags: runs carrying all of them) and "Folder" (a folder, No folder, or all),
// beside the runs list's other filters.
import { DropdownMenu } from 'radix-ui';
import { Tag as TagIcon } from 'lucide-react';
import { NO_FOLDER } from '@sync/store/organize-filter';
import { useFolderTree, useTags } from '@/lib/data/use-organize';
import { buttonClass } from '@/components/ui/button';
import { TagChip } from '@/components/organize/tag-chip';
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
const ITEM = 'flex min-h-11 cursor-default select-none items-center gap-2 rounded px-3 text-sm outline-none data-[highlighted]:bg-slate-100';

export function TagFilter({ list, wide = false }: { list: RunListState; wide?: boolean }) {
  const tags = useTags() ?? [];
  const chosen = tags.filter((t) => list.tags.includes(t.id));
  const toggle = (id: string, on: boolean) => list.setTags(on ? [...list.tags, id] : list.tags.filter((t) => t !== id));
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        className={buttonClass(chosen.length ? 'primary' : 'secondary', `border-slate-500 ${wide ? 'w-full justify-start' : 'max-w-48'}`)}
        aria-label={chosen.length ? `Filter by tag: ${chosen.map((t) => t.name).join(', ')}` : 'Filter by tag'}
      >
        <TagIcon className="size-4 shrink-0" aria-hidden="true" />
        <span className="truncate">{chosen.length ? chosen.map((t) => t.name).join(', ') : 'Tags'}</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="start" sideOffset={4} className="z-50 max-h-80 min-w-48 overflow-y-auto rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          {tags.length === 0 ? (
            <p className="max-w-64 px-3 py-2 text-sm text-slate-700">No tags yet. Add one from a run’s menu: Tags.</p>
          ) : (
            tags.map((tag) => (
              <DropdownMenu.CheckboxItem
                key={tag.id}
                className={ITEM}
                checked={list.tags.includes(tag.id)}
                onCheckedChange={(on) => toggle(tag.id, on)}
                onSelect={(e) => e.preventDefault()}
              >
                <span aria-hidden="true" className="w-4 text-center">{list.tags.includes(tag.id) ? '✓' : ''}</span>
                <TagChip tag={tag} />
              </DropdownMenu.CheckboxItem>
            ))
          )}
          {list.tags.length > 0 ? (
            <DropdownMenu.Item className={ITEM} onSelect={() => list.setTags([])}>
              Clear tags
            </DropdownMenu.Item>
          ) : null}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
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
