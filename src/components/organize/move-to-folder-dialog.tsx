// "Move to folder" for one run (its menu) or several (the bulk bar): pick a folder, or "No folder", or
// make a new one here. Folders nest one level, so a folder inside another is listed under it.
import { DialogFrame } from '@/components/ui/dialog-frame';
import { useState } from 'react';
import { createFolder, moveRunsToFolder } from '@sync/store/folders';
import { useDb } from '@/lib/data/db-context';
import { useFolderTree, useFoldersByRun } from '@/lib/data/use-organize';
import { count } from '@/lib/text/plural';
import { Button } from '@/components/ui/button';

interface MoveToFolderDialogProps {
  runIds: readonly string[];
  /** "Move “Trip plan” to a folder", "Move 3 runs to a folder". */
  title: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** After a move: what happened, in words (for a toast). */
  onMoved?: (message: string) => void;
}

const NONE = '';

/** What a move did, in words: "Run moved to “Trips”.", "3 runs moved to No folder." (null: No folder). */
export function movedMessage(runs: number, folderName: string | null): string {
  const what = runs === 1 ? 'Run' : count(runs, 'run');
  return folderName === null ? `${what} moved to No folder.` : `${what} moved to “${folderName}”.`;
}

export function MoveToFolderDialog({ runIds, title, open, onOpenChange, onMoved }: MoveToFolderDialogProps) {
  return (
    <DialogFrame
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description={`Choose a folder for ${count(runIds.length, 'run')}.`}
      className="fixed left-1/2 top-[8vh] flex max-h-[84dvh] w-[min(92vw,28rem)] -translate-x-1/2 flex-col p-5"
    >
      {open ? <Picker runIds={runIds} onDone={(message) => { onOpenChange(false); if (message) onMoved?.(message); }} /> : null}
    </DialogFrame>
  );
}

function Picker({ runIds, onDone }: { runIds: readonly string[]; onDone: (message: string | null) => void }) {
  const db = useDb();
  const tree = useFolderTree() ?? [];
  const filed = useFoldersByRun();
  const current = runIds.length === 1 ? (filed?.get(runIds[0]!) ?? NONE) : null;
  const [choice, setChoice] = useState<string | null>(null);
  const picked = choice ?? current ?? NONE;
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const names = new Map(tree.flatMap((n) => [n.folder, ...n.children]).map((f) => [f.id, f.name]));

  const makeFolder = async () => {
    const result = await createFolder(db, name);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setNaming(false);
    setName('');
    setChoice(result.value.id);
  };
  const move = async () => {
    const result = await moveRunsToFolder(db, runIds, picked || null);
    if (!result.ok) return setError(result.error.message);
    onDone(movedMessage(runIds.length, picked ? (names.get(picked) ?? 'folder') : null));
  };
  const option = (value: string, label: string, nested = false) => (
    <label key={value || 'none'} className={`flex min-h-11 cursor-pointer items-center gap-2 rounded px-2 text-sm hover:bg-slate-100 ${nested ? 'pl-8' : ''}`}>
      <input type="radio" name="move-to-folder" className="size-4" checked={picked === value} onChange={() => setChoice(value)} />
      <span className="min-w-0 truncate">{label}</span>
    </label>
  );

  return (
    <div className="mt-3 flex min-h-0 flex-col gap-3">
      <div role="radiogroup" aria-label="Folder" className="min-h-0 overflow-y-auto">
        {option(NONE, 'No folder')}
        {tree.map((node) => [option(node.folder.id, node.folder.name), ...node.children.map((c) => option(c.id, c.name, true))])}
      </div>
      {naming ? (
        <div className="flex items-center gap-2">
          <input
            aria-label="Folder name"
            autoFocus
            maxLength={200}
            className="min-h-11 min-w-0 flex-1 rounded-md border border-slate-500 bg-white px-3 text-base sm:text-sm"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void makeFolder();
              }
            }}
          />
          <Button onClick={() => void makeFolder()}>Create</Button>
        </div>
      ) : (
        <Button variant="ghost" className="self-start" onClick={() => setNaming(true)}>
          New folder
        </Button>
      )}
      {error ? <p role="alert" className="text-sm font-medium text-red-700">{error}</p> : null}
      <div className="flex justify-end gap-2">
        <Button onClick={() => onDone(null)}>Cancel</Button>
        <Button variant="primary" onClick={() => void move()}>
          Move
        </Button>
      </div>
    </div>
  );
}
