// The sidebar's folder view, as in chat apps with folders: the folders (one level nested, in their order) and
// "No folder", each with how many of the list's runs it holds. Choosing one narrows the sidebar's own list to
// it (choosing it again shows every folder's runs), so the page beside it stays as it is; the runs pages keep
// the folder in their address instead. On a wide screen a run dragged from a list and dropped on a folder
// moves there, as "Move to folder" does (the menu stays the way for keyboard and touch).
import { useEffect, useState, type DragEvent } from 'react';
import { ChevronDown, ChevronRight, Folder as FolderIcon, FolderOpen, Inbox } from 'lucide-react';
import { Link } from 'react-router';
import { moveRunsToFolder } from '@sync/store/folders';
import { NO_FOLDER } from '@sync/store/organize-filter';
import { UNFILED_COUNT_CAP } from '@sync/store/folder-counts';
import { useDb } from '@/lib/data/db-context';
import { useFolderCounts, useFolderTree } from '@/lib/data/use-organize';
import { movedMessage } from '@/components/organize/move-to-folder-dialog';
import { count, grouped } from '@/lib/text/plural';
import { carriesRuns, droppedRuns } from './run-drag';
import { setRunsSidebar, useRunsSidebar } from './runs-sidebar-state';
import { showToast } from './toasts';
import type { RunListState } from './use-run-list';

interface FolderNavProps {
  list: RunListState;
  promptId: string | null;
  /** After runs were dropped on a folder and moved (how many). */
  onMoved?: (runs: number) => void;
}

/** True while runs are dragged anywhere on the page: every folder then shows it takes them. */
function useDraggingRuns(): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const start = (e: globalThis.DragEvent) => setDragging(carriesRuns(e.dataTransfer));
    const end = () => setDragging(false);
    document.addEventListener('dragstart', start);
    document.addEventListener('dragend', end);
    document.addEventListener('drop', end);
    return () => {
      document.removeEventListener('dragstart', start);
      document.removeEventListener('dragend', end);
      document.removeEventListener('drop', end);
    };
  }, []);
  return dragging;
}

export function FolderNav({ list, promptId, onMoved }: FolderNavProps) {
  const db = useDb();
  const tree = useFolderTree();
  const { folders: unfolded } = useRunsSidebar();
  const dragging = useDraggingRuns();
  // A drag unfolds the folders, so they are there to drop on.
  const open = unfolded || dragging;
  // Counted only while the folders are listed (counting reads every run of the view).
  const counts = useFolderCounts({ view: list.view, promptId, model: list.model, tagIds: list.tags }, open && (tree?.length ?? 0) > 0);
  const [over, setOver] = useState<string | null>(null);
  // The folder chosen was deleted (here, or on another device): back to every folder's runs.
  const gone = tree !== undefined && list.folder !== null && list.folder !== NO_FOLDER && !tree.some((n) => n.folder.id === list.folder || n.children.some((c) => c.id === list.folder));
  useEffect(() => {
    if (gone) list.setFolder(null);
  }, [gone, list]);
  if (tree === undefined) return null;

  const drop = async (target: string, name: string | null, e: DragEvent) => {
    e.preventDefault();
    setOver(null);
    const ids = droppedRuns(e.dataTransfer);
    if (ids.length === 0) return;
    const result = await moveRunsToFolder(db, ids, target === NO_FOLDER ? null : target);
    if (!result.ok) return showToast(result.error.message);
    const what = ids.length === 1 ? 'The run is' : `The ${count(ids.length, 'run')} are`;
    showToast(result.value === 0 ? `${what} already in ${name === null ? 'No folder' : `“${name}”`}.` : movedMessage(ids.length, name));
    onMoved?.(ids.length);
  };
  const entry = (id: string, name: string | null, nested = false) => {
    const chosen = list.folder === id;
    const runs = counts?.get(id) ?? 0;
    // "No folder" is counted up to a cap (folder-counts.ts): past it, "1,000+".
    const capped = runs > UNFILED_COUNT_CAP;
    const shown = capped ? `${grouped(UNFILED_COUNT_CAP)}+` : String(runs);
    const label = name ?? 'No folder';
    const Icon = id === NO_FOLDER ? Inbox : chosen ? FolderOpen : FolderIcon;
    const state = over === id
      ? 'bg-sky-100 text-slate-900 outline-2 outline-sky-700 -outline-offset-2'
      : chosen
        ? 'bg-slate-900 text-white'
        : `text-slate-800 hover:bg-slate-100 ${dragging ? 'outline-1 outline-dashed outline-slate-500 -outline-offset-2' : ''}`;
    return (
      <li key={id}>
        <button
          type="button"
          aria-pressed={chosen}
          aria-label={`${label}, ${capped ? `more than ${shown.slice(0, -1)} runs` : count(runs, 'run')}`}
          data-drop-target={dragging ? (over === id ? 'over' : 'ready') : undefined}
          className={`flex min-h-9 w-full items-center gap-2 rounded-md pr-2 text-left text-sm focus-visible:outline-2 focus-visible:outline-sky-600 ${nested ? 'pl-7' : 'pl-2'} ${state}`}
          onClick={() => list.setFolder(chosen ? null : id)}
          onDragOver={(e) => {
            if (!carriesRuns(e.dataTransfer)) return;
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
            if (over !== id) setOver(id);
          }}
          onDragLeave={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver((o) => (o === id ? null : o));
          }}
          onDrop={(e) => void drop(id, name, e)}
        >
          <Icon className="size-4 shrink-0" aria-hidden="true" />
          <span className="min-w-0 flex-1 truncate">{label}</span>
          <span aria-hidden="true" className="shrink-0 text-xs tabular-nums">{shown}</span>
        </button>
      </li>
    );
  };

  return (
    <div className="flex flex-col gap-0.5 border-b border-slate-200 px-2 py-1">
      <button
        type="button"
        aria-expanded={open}
        className="flex min-h-8 items-center gap-1 self-start rounded-md px-1 text-xs font-semibold uppercase tracking-wide text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600"
        onClick={() => setRunsSidebar({ folders: !unfolded })}
      >
        {open ? <ChevronDown className="size-3.5" aria-hidden="true" /> : <ChevronRight className="size-3.5" aria-hidden="true" />}
        Folders
      </button>
      {!open ? null : tree.length === 0 ? (
        <p className="px-1 pb-1 text-xs text-slate-600">
          No folders yet. Make one in <Link to="/settings#folders" className="font-medium text-sky-700 underline">Settings</Link> or with a run’s “Move to folder”.
        </p>
      ) : (
        <ul aria-label="Folders of runs" className="flex max-h-52 flex-col gap-0.5 overflow-y-auto py-0.5">
            {tree.map((node) => [entry(node.folder.id, node.folder.name), ...node.children.map((c) => entry(c.id, c.name, true))])}
            {entry(NO_FOLDER, null)}
        </ul>
      )}
    </div>
  );
}
