// Settings → Folders: make, rename, reorder, nest (one level) and delete folders of runs. Deleting a
// folder moves its runs to "No folder"; they are never deleted with it.
import { useState } from 'react';
import { ArrowDown, ArrowUp, FolderOpen, Pencil, Trash2 } from 'lucide-react';
import type { Folder } from '@sync/organize-model';
import type { FolderNode } from '@sync/organize-merge';
import { createFolder, deleteFolder, nestFolder, renameFolder, reorderFolder } from '@sync/store/folders';
import { useDb } from '@/lib/data/db-context';
import { useFolderTree, useFoldersByRun } from '@/lib/data/use-organize';
import { count } from '@/lib/text/plural';
import { Button, ButtonLink } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

const FIELD = 'min-h-11 rounded-md border border-slate-500 bg-white px-2 text-sm';

export function FoldersSection({ onMessage }: { onMessage: (text: string) => void }) {
  const db = useDb();
  const tree = useFolderTree();
  const filed = useFoldersByRun();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Folder | null>(null);
  const runsIn = new Map<string, number>();
  for (const id of filed?.values() ?? []) runsIn.set(id, (runsIn.get(id) ?? 0) + 1);
  const deletingRuns = deleting ? (runsIn.get(deleting.id) ?? 0) + (tree?.find((n) => n.folder.id === deleting.id)?.children ?? []).reduce((n, c) => n + (runsIn.get(c.id) ?? 0), 0) : 0;

  const create = async () => {
    const result = await createFolder(db, name);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setName('');
    onMessage(`Made folder “${result.value.name}”.`);
  };

  return (
    <section id="folders" aria-labelledby="folders-title" className="flex max-w-xl flex-col gap-2">
      <h2 id="folders-title" className="text-lg font-semibold">
        Folders
      </h2>
      <form
        className="flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <input aria-label="New folder name" placeholder="Folder name" maxLength={200} className={`${FIELD} min-w-0 flex-1 placeholder:text-slate-500`} value={name} onChange={(e) => setName(e.target.value)} />
        <Button type="submit">New folder</Button>
      </form>
      {error ? <p role="alert" className="text-sm font-medium text-red-700">{error}</p> : null}
      {tree === undefined ? null : tree.length === 0 ? (
        <p className="text-sm text-slate-600">No folders yet. Make one here, then move runs into it with “Move to folder”.</p>
      ) : (
        <ul aria-label="Folders" className="flex flex-col divide-y divide-slate-200 rounded-md border border-slate-300">
          {tree.map((node, i) => [
            <FolderRow key={node.folder.id} folder={node.folder} tree={tree} runs={runsIn.get(node.folder.id) ?? 0} first={i === 0} last={i === tree.length - 1} onMessage={onMessage} onDelete={setDeleting} />,
            ...node.children.map((child, j) => (
              <FolderRow key={child.id} folder={child} tree={tree} runs={runsIn.get(child.id) ?? 0} first={j === 0} last={j === node.children.length - 1} nested onMessage={onMessage} onDelete={setDeleting} />
            )),
          ])}
        </ul>
      )}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? undefined : setDeleting(null))}
        title="Delete folder?"
        description={`“${deleting?.name ?? ''}”${deleting && tree?.find((n) => n.folder.id === deleting.id)?.children.length ? ' and the folders inside it' : ''} will be deleted. ${
          deletingRuns ? `${count(deletingRuns, 'run')} will move to No folder; no run is deleted.` : 'It holds no runs.'
        }`}
        confirmLabel="Delete folder"
        onConfirm={() => {
          if (!deleting) return;
          void deleteFolder(db, deleting.id).then((r) => onMessage(r.ok ? `Deleted folder “${deleting.name}”.` : r.error.message));
        }}
      />
    </section>
  );
}

interface FolderRowProps {
  folder: Folder;
  tree: FolderNode[];
  runs: number;
  first: boolean;
  last: boolean;
  nested?: boolean;
  onMessage: (text: string) => void;
  onDelete: (folder: Folder) => void;
}

function FolderRow({ folder, tree, runs, first, last, nested = false, onMessage, onDelete }: FolderRowProps) {
  const db = useDb();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(folder.name);
  const hasChildren = tree.some((n) => n.folder.id === folder.id && n.children.length > 0);
  const report = (r: { ok: boolean; error?: Error }, done?: string) => (r.ok ? done && onMessage(done) : onMessage(r.error!.message));
  const save = async () => {
    if (name.trim() !== folder.name) report(await renameFolder(db, folder.id, name), `Renamed to “${name.trim()}”.`);
    setRenaming(false);
  };
  return (
    <li className={`flex flex-wrap items-center gap-1 py-1 pr-2 ${nested ? 'pl-8' : 'pl-3'}`}>
      {renaming ? (
        <input
          aria-label={`New name for ${folder.name}`}
          autoFocus
          maxLength={200}
          className={`${FIELD} min-w-0 flex-1`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => void save()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void save();
            if (e.key === 'Escape') {
              setName(folder.name);
              setRenaming(false);
            }
          }}
        />
      ) : (
        <ButtonLink variant="ghost" className="min-w-0 flex-1 justify-start px-1" to={`/ai/prompts/runs?folder=${encodeURIComponent(folder.id)}`} aria-label={`Open ${folder.name}, ${count(runs, 'run')}`}>
          <FolderOpen className="size-4 shrink-0" aria-hidden="true" />
          <span className="truncate">{folder.name}</span>
          <span className="shrink-0 text-xs font-normal text-slate-600">{count(runs, 'run')}</span>
        </ButtonLink>
      )}
      <select
        aria-label={`Place of ${folder.name}`}
        className={`${FIELD} max-w-36`}
        value={nested ? (folder.parent_id ?? '') : ''}
        disabled={hasChildren}
        title={hasChildren ? 'This folder has folders inside it, so it stays at the top level' : undefined}
        onChange={(e) => void nestFolder(db, folder.id, e.target.value || null).then((r) => report(r))}
      >
        <option value="">Top level</option>
        {tree
          .filter((n) => n.folder.id !== folder.id)
          .map((n) => (
            <option key={n.folder.id} value={n.folder.id}>
              {`Inside ${n.folder.name}`}
            </option>
          ))}
      </select>
      <Button variant="ghost" className="px-2" aria-label={`Move ${folder.name} up`} disabled={first} onClick={() => void reorderFolder(db, folder.id, -1).then((r) => report(r))}>
        <ArrowUp className="size-4" aria-hidden="true" />
      </Button>
      <Button variant="ghost" className="px-2" aria-label={`Move ${folder.name} down`} disabled={last} onClick={() => void reorderFolder(db, folder.id, 1).then((r) => report(r))}>
        <ArrowDown className="size-4" aria-hidden="true" />
      </Button>
      <Button variant="ghost" className="px-2" aria-label={`Rename ${folder.name}`} onClick={() => setRenaming(true)}>
        <Pencil className="size-4" aria-hidden="true" />
      </Button>
      <Button variant="ghost" className="px-2" aria-label={`Delete ${folder.name}`} onClick={() => onDelete(folder)}>
        <Trash2 className="size-4 text-red-700" aria-hidden="true" />
      </Button>
    </li>
  );
}
