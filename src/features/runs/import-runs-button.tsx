// "Import" on the browse page: takes this app's own export file, or a ChatGPT or Claude data export
// (conversations.json), and stores it batch by batch with a progress bar and a Cancel button (what was
// stored stays; importing the same file again adds the rest), then says what it added, and what it
// left out and why. A chat export is read in a Web Worker, conversation by conversation.
import { useRef, useState } from 'react';
import { Upload } from 'lucide-react';
import { importRuns, type ImportProgress, type ImportReport } from '@sync/store/export-import';
import { bulkRunAction } from '@sync/store/run-library-actions';
import type { ChatImportProgress } from '@sync/import/store-imported';
import { importChatFile } from '@/lib/import/import-chat-file';
import { useDb } from '@/lib/data/db-context';
import { Button } from '@/components/ui/button';
import { count, pick } from '@/lib/text/plural';
import { summarizeChatImport, type ImportSummary } from './import-report';

const number = new Intl.NumberFormat('en');
const MAX_DETAILS = 20;

function summary(r: ImportReport): ImportSummary {
  const parts = [
    `${count(r.runsAdded, 'new run')}`,
    r.runsUpdated ? `${count(r.runsUpdated, 'run')} updated` : '',
    r.runsUnchanged ? `${count(r.runsUnchanged, 'run')} already here` : '',
    r.inTrash.length ? `${count(r.inTrash.length, 'run')} already here in the Trash` : '',
    r.skipped.length ? `${r.skipped.length} skipped (${r.skipped.slice(0, 3).join('; ')})` : '',
  ].filter(Boolean);
  const text = r.cancelled
    ? `Import cancelled: ${parts.join(', ')}. Import the same file again to add the rest.`
    : `Imported: ${parts.join(', ')}.`;
  return { text, details: [], problem: r.skipped.length > 0, ...(r.inTrash.length ? { inTrash: r.inTrash } : {}) };
}

type Progress = { kind: 'own'; value: ImportProgress } | { kind: 'chat'; value: ChatImportProgress } | 'reading';

function progressWords(progress: Progress): string {
  if (progress === 'reading') return 'Reading the file…';
  if (progress.kind === 'own') {
    const { done, total } = progress.value;
    return `Importing ${number.format(done)} of ${number.format(total)} ${pick(total, 'message', 'messages')}…`;
  }
  const { conversations } = progress.value;
  return conversations === 0 ? 'Reading the file…' : `${number.format(conversations)} ${pick(conversations, 'conversation', 'conversations')} read…`;
}

function fraction(progress: Progress): { now: number; max: number } | null {
  if (progress === 'reading') return null;
  return progress.kind === 'own'
    ? { now: progress.value.done, max: progress.value.total }
    : { now: Math.round((100 * progress.value.bytesRead) / Math.max(1, progress.value.totalBytes)), max: 100 };
}

export function ImportRunsButton() {
  const db = useDb();
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<(ImportSummary & { inTrash?: string[] }) | null>(null);
  /** Runs of the file that sit in the Trash here: "Restore" puts them back in the list. */
  const restore = async (ids: string[]) => {
    const outcome = await bulkRunAction(db, ids, 'restore');
    const failed = outcome.failed.length ? ` ${count(outcome.failed.length, 'run')} could not be restored.` : '';
    setMessage({ text: `Restored ${count(outcome.changed.length, 'run')} from the Trash.${failed}`, details: [], problem: failed !== '' });
  };
  const [progress, setProgress] = useState<Progress | null>(null);
  const [cancel, setCancel] = useState<AbortController | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const controller = new AbortController();
    setCancel(controller);
    setMessage(null);
    setProgress('reading');
    const failed = (text: string) => setMessage({ text: `Import failed: ${text}`, details: [], problem: true });
    try {
      const chat = await importChatFile(db, file, { signal: controller.signal, onProgress: (value) => setProgress({ kind: 'chat', value }) });
      if (chat.ok) return setMessage(summarizeChatImport(chat.value));
      if (chat.error.cause !== 'not-chat-export') return failed(chat.error.message);
      const result = await importRuns(db, await file.text(), { signal: controller.signal, onProgress: (value) => setProgress({ kind: 'own', value }) });
      if (!result.ok) return failed(result.error.message);
      setMessage(summary(result.value));
    } finally {
      if (input.current) input.current.value = '';
      setProgress(null);
      setCancel(null);
      setCancelling(false);
    }
  };
  const bar = progress ? fraction(progress) : null;
  return (
    <>
      <input ref={input} type="file" accept="application/json,.json" className="sr-only" tabIndex={-1} aria-label="Import file" onChange={(e) => void onFile(e.target.files?.[0])} />
      <Button onClick={() => input.current?.click()} disabled={progress !== null} title="This app's export file, or a ChatGPT or Claude data export (conversations.json)">
        <Upload className="size-4" aria-hidden="true" /> <span className="sr-only sm:not-sr-only">Import</span>
      </Button>
      {progress ? (
        <div className="flex basis-full flex-wrap items-center gap-3 text-sm text-slate-700">
          <div
            role="progressbar"
            aria-label="Import progress"
            aria-valuemin={0}
            {...(bar ? { 'aria-valuemax': bar.max, 'aria-valuenow': bar.now } : {})}
            className="h-2 w-48 overflow-hidden rounded bg-slate-200"
          >
            <div className="h-full bg-slate-700 transition-[width]" style={{ width: bar && bar.max > 0 ? `${(100 * bar.now) / bar.max}%` : '0%' }} />
          </div>
          <span role="status">{cancelling ? 'Stopping after this batch…' : progressWords(progress)}</span>
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
        <div role={message.problem ? 'alert' : 'status'} className={`basis-full text-sm ${message.problem ? 'text-red-800' : 'text-slate-700'}`}>
          <p>
            {message.text}
            {message.inTrash ? (
              <Button variant="ghost" className="ml-1 underline" onClick={() => void restore(message.inTrash!)}>
                Restore {pick(message.inTrash.length, 'it', 'them')} from the Trash
              </Button>
            ) : null}
          </p>
          {message.details.length > 0 ? (
            <ul className="mt-1 max-h-40 list-disc overflow-y-auto pl-5">
              {message.details.slice(0, MAX_DETAILS).map((line, i) => (
                <li key={i}>{line}</li>
              ))}
              {message.details.length > MAX_DETAILS ? <li>…and {message.details.length - MAX_DETAILS} more.</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
