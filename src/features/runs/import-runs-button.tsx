// "Import" on the browse page: reads an export file and stores it batch by batch, with a progress bar
// and a Cancel button (what was stored stays; importing the same file again adds the rest), then says
// what it added, or why it refused the file.
import { useRef, useState } from 'react';
import { Upload } from 'lucide-react';
import { importRuns, type ImportProgress, type ImportReport } from '@sync/store/export-import';
import { useDb } from '@/lib/data/db-context';
import { Button } from '@/components/ui/button';
import { count, pick } from '@/lib/text/plural';

const number = new Intl.NumberFormat('en');

function summary(r: ImportReport): string {
  const parts = [
    `${count(r.runsAdded, 'new run')}`,
    r.runsUpdated ? `${count(r.runsUpdated, 'run')} updated` : '',
    r.runsUnchanged ? `${count(r.runsUnchanged, 'run')} already here` : '',
    r.skipped.length ? `${r.skipped.length} skipped (${r.skipped.slice(0, 3).join('; ')})` : '',
  ].filter(Boolean);
  return r.cancelled
    ? `Import cancelled: ${parts.join(', ')}. Import the same file again to add the rest.`
    : `Imported: ${parts.join(', ')}.`;
}

export function ImportRunsButton() {
  const db = useDb();
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [progress, setProgress] = useState<ImportProgress | 'reading' | null>(null);
  const [cancel, setCancel] = useState<AbortController | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const controller = new AbortController();
    setCancel(controller);
    setMessage(null);
    setProgress('reading');
    try {
      const result = await importRuns(db, await file.text(), { signal: controller.signal, onProgress: setProgress });
      if (!result.ok) return setMessage({ error: true, text: `Import failed: ${result.error.message}` });
      setMessage({ error: result.value.skipped.length > 0, text: summary(result.value) });
    } finally {
      if (input.current) input.current.value = '';
      setProgress(null);
      setCancel(null);
      setCancelling(false);
    }
  };
  const busy = progress !== null;
  return (
    <>
      <input ref={input} type="file" accept="application/json,.json" className="sr-only" tabIndex={-1} aria-label="Import file" onChange={(e) => void onFile(e.target.files?.[0])} />
      <Button onClick={() => input.current?.click()} disabled={busy}>
        <Upload className="size-4" aria-hidden="true" /> Import
      </Button>
      {busy ? (
        <div className="flex basis-full items-center gap-3 text-sm text-slate-700">
          <div
            role="progressbar"
            aria-label="Import progress"
            aria-valuemin={0}
            {...(progress === 'reading' ? {} : { 'aria-valuemax': progress.total, 'aria-valuenow': progress.done })}
            className="h-2 w-48 overflow-hidden rounded bg-slate-200"
          >
            <div className="h-full bg-slate-700 transition-[width]" style={{ width: progress === 'reading' || !progress.total ? '0%' : `${(100 * progress.done) / progress.total}%` }} />
          </div>
          <span role="status">
            {progress === 'reading'
              ? 'Reading the file…'
              : cancelling
                ? 'Stopping after this batch…'
                : `Importing ${number.format(progress.done)} of ${number.format(progress.total)} ${pick(progress.total, 'message', 'messages')}…`}
          </span>
          <Button
            onClick={() => {
              cancel?.abort();
              setCancelling(true);
            }}
            disabled={cancelling}
          >
            Cancel import
          </Button>
        </div>
      ) : null}
      {message ? (
        <p role={message.error ? 'alert' : 'status'} className={`basis-full text-sm ${message.error ? 'text-red-800' : 'text-slate-700'}`}>
          {message.text}
        </p>
      ) : null}
    </>
  );
}
