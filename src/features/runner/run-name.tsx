// The run's name in the header, editable in place: a button that becomes the textbox "Run name".
// Enter saves (renameRun), Escape cancels; a refused name keeps the textbox open with the reason.
import { useState, type KeyboardEvent } from 'react';
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

  async function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') {
      event.preventDefault(); // the cancel uses the key: it does not also stop a streaming reply
      setDraft(null);
      setError(null);
    } else if (event.key === 'Enter' && draft !== null) {
      event.preventDefault();
      if (draft.trim() === name) return setDraft(null);
      const result = await onRename(draft);
      if (result.ok) {
        setDraft(null);
        setError(null);
      } else setError(result.error.message);
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
          onKeyDown={(e) => void onKeyDown(e)}
          onBlur={() => !error && setDraft(null)}
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
          className="min-h-11 max-w-full truncate rounded-md px-1 text-left -outline-offset-2 hover:bg-slate-100"
          title="Rename this run"
          onClick={() => setDraft(name)}
        >
          {name}
        </button>
      ) : (
        <span className="inline-flex min-h-11 items-center px-1">{name}</span>
      )}
    </h1>
  );
}
