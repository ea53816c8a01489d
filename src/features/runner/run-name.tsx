// The run's name in the header, editable in place: a button with a pencil that becomes the textbox
// "Run name". Enter or leaving the box saves (renameRun), Escape cancels; a refused name keeps the textbox
// open with the reason.
import { useRef, useState, type KeyboardEvent } from 'react';
import { Pencil } from 'lucide-react';
import type { Result, Run } from '@sync/model';

interface RunNameProps {
  name: string;
  /** False before the run exists: nothing to rename yet. */
  editable: boolean;
  onRename: (name: string) => Promise<Result<Run>>;
}

export function RunName({ name, editable, onRename }: RunNameProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Escape closes the box without saving, and the blur that follows must not save it either; Enter's
  // save is not repeated by the blur that follows it.
  const settled = useRef(false);

  function close() {
    settled.current = true;
    setDraft(null);
    setError(null);
  }

  async function save() {
    if (draft === null || settled.current) return;
    if (draft.trim() === name) return close();
    settled.current = true;
    const result = await onRename(draft);
    if (result.ok) return close();
    settled.current = false;
    setError(result.error.message);
  }

  function edit() {
    settled.current = false;
    setDraft(name);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') {
      event.preventDefault(); // the cancel uses the key: it does not also stop a streaming reply
      close();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void save();
    }
  }

  if (draft !== null) {
    return (
      <div className="flex min-w-0 flex-1 flex-col">
        <input
          aria-label="Run name"
          aria-invalid={error !== null}
          aria-describedby={error ? 'run-name-error' : undefined}
          className="min-h-11 w-full rounded-md border border-slate-500 px-2 text-base font-semibold sm:text-sm"
          value={draft}
          autoFocus
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => void save()}
        />
        {error ? <p id="run-name-error" role="alert" className="text-xs text-red-700">{error}</p> : null}
      </div>
    );
  }
  return (
    <h1 className="min-w-0 flex-1 truncate text-base font-semibold">
      {editable ? (
        <button
          type="button"
          className="group inline-flex min-h-11 max-w-full items-center gap-1.5 rounded-md px-1 text-left -outline-offset-2 hover:bg-slate-100"
          title="Rename this run"
          onClick={edit}
        >
          <span className="truncate">{name}</span>
          {/* Says the name can be changed; the button's name stays the run's name. */}
          <Pencil className="size-3.5 shrink-0 text-slate-600 group-hover:text-slate-900" aria-hidden="true" />
        </button>
      ) : (
        <span className="inline-flex min-h-11 items-center px-1">{name}</span>
      )}
    </h1>
  );
}
