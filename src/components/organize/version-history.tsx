// The edit history of a prompt or a run's name: every saved version with its time and device, what each
// changed (a word diff against the version before it), and "Restore this version" (a new edit, so it syncs
// and becomes the newest version).
import { DialogFrame } from '@/components/ui/dialog-frame';
import { useState } from 'react';
import { count } from '@/lib/text/plural';
import { Button } from '@/components/ui/button';
import { TextDiff } from './text-diff';

export interface VersionEntry {
  id: string;
  created_at: string;
  device_name: string;
  /** Each field as text people read, by its label ("User template" → "Explain {{topic}}."). */
  fields: Record<string, string>;
}

interface VersionHistoryDialogProps {
  title: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Newest first. */
  versions: readonly VersionEntry[] | undefined;
  /** The item as it is now (to tell which version it matches). */
  current: Record<string, string>;
  /** Restore a version; resolves to an error message, or null when done. */
  onRestore: (id: string) => Promise<string | null>;
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const same = (a: Record<string, string>, b: Record<string, string>) => Object.keys({ ...a, ...b }).every((k) => (a[k] ?? '') === (b[k] ?? ''));

export function VersionHistoryDialog({ title, open, onOpenChange, versions, current, onRestore }: VersionHistoryDialogProps) {
  return (
    <DialogFrame
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description={versions ? `${count(versions.length, 'version')} saved. Pick one to see what it changed.` : 'Reading the history…'}
      showDescription
      className="fixed inset-x-2 top-[4dvh] mx-auto flex max-h-[92dvh] max-w-4xl flex-col p-4 sm:p-5"
    >
      {open && versions ? <History versions={versions} current={current} onRestore={onRestore} /> : null}
    </DialogFrame>
  );
}

function History({ versions, current, onRestore }: Pick<VersionHistoryDialogProps, 'current' | 'onRestore'> & { versions: readonly VersionEntry[] }) {
  const [picked, setPicked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const index = Math.max(0, versions.findIndex((v) => v.id === picked));
  const version = versions[index];
  if (!version) return <p className="mt-3 text-sm text-slate-700">No edits saved yet: each saved edit will be kept here.</p>;
  const before = versions[index + 1];
  const isCurrent = same(version.fields, current);
  const changed = Object.keys(version.fields).filter((k) => !before || (before.fields[k] ?? '') !== version.fields[k]);

  const restore = async () => {
    const problem = await onRestore(version.id);
    setError(problem);
    if (!problem) {
      setSaid(`Restored the version of ${when.format(new Date(version.created_at))}.`);
      setPicked(null);
    }
  };

  return (
    <div className="mt-3 flex min-h-0 flex-1 flex-col gap-3 sm:flex-row">
      <div role="radiogroup" aria-label="Versions" className="flex max-h-48 shrink-0 flex-col gap-0.5 overflow-y-auto p-1 sm:max-h-none sm:w-64">
        {versions.map((v, i) => (
          <label
            key={v.id}
            className={`flex min-h-11 cursor-pointer flex-col justify-center rounded px-2 py-1 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:-outline-offset-2 has-[:focus-visible]:outline-sky-600 ${
              i === index ? 'bg-slate-900 text-white' : 'text-slate-800 hover:bg-slate-100'
            }`}
          >
            <input type="radio" name="version" className="sr-only" checked={i === index} onChange={() => setPicked(v.id)} />
            <span className="font-medium">{when.format(new Date(v.created_at))}</span>
            <span className={`text-xs ${i === index ? 'text-white' : 'text-slate-600'}`}>
              {v.device_name || 'Before history was kept'}
              {same(v.fields, current) ? ' · current' : ''}
            </span>
          </label>
        ))}
      </div>
      <section aria-label="Changes in this version" className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto rounded-md border border-slate-300 p-3">
        <p className="text-sm text-slate-700">{before ? 'What this version changed, from the one before it:' : 'The oldest version kept:'}</p>
        {changed.length === 0 ? <p className="text-sm text-slate-700">Nothing shown here changed (a setting of its own was saved).</p> : null}
        {changed.map((field) => (
          <div key={field}>
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{field}</h3>
            {before ? <TextDiff before={before.fields[field] ?? ''} after={version.fields[field] ?? ''} /> : <p className="whitespace-pre-wrap break-words text-sm">{version.fields[field] || '(empty)'}</p>}
          </div>
        ))}
        <div className="mt-auto flex flex-wrap items-center gap-2">
          <Button variant="primary" disabled={isCurrent} onClick={() => void restore()}>
            Restore this version
          </Button>
          {isCurrent ? <span className="text-sm text-slate-700">This is how it is now.</span> : null}
        </div>
        {error ? <p role="alert" className="text-sm font-medium text-red-700">{error}</p> : null}
        <p className="sr-only" aria-live="polite">{said}</p>
      </section>
    </div>
  );
}
