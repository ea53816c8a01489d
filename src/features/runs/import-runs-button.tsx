// "Import" on the browse page: reads an export file and reports what it added, or why it refused it.
import { useRef, useState } from 'react';
import { Upload } from 'lucide-react';
import { importRuns } from '@sync/store/export-import';
import { useDb } from '@/lib/data/db-context';
import { Button } from '@/components/ui/button';
import { count } from '@/lib/text/plural';


export function ImportRunsButton() {
  const db = useDb();
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const result = await importRuns(db, await file.text());
    if (input.current) input.current.value = '';
    if (!result.ok) return setMessage({ error: true, text: `Import failed: ${result.error.message}` });
    const r = result.value;
    const parts = [
      `${count(r.runsAdded, 'new run')}`,
      r.runsUpdated ? `${count(r.runsUpdated, 'run')} updated` : '',
      r.runsUnchanged ? `${count(r.runsUnchanged, 'run')} already here` : '',
      r.skipped.length ? `${r.skipped.length} skipped (${r.skipped.slice(0, 3).join('; ')})` : '',
    ].filter(Boolean);
    setMessage({ error: r.skipped.length > 0, text: `Imported: ${parts.join(', ')}.` });
  };
  return (
    <>
      <input ref={input} type="file" accept="application/json,.json" className="sr-only" tabIndex={-1} aria-label="Import file" onChange={(e) => void onFile(e.target.files?.[0])} />
      <Button onClick={() => input.current?.click()}>
        <Upload className="size-4" aria-hidden="true" /> Import
      </Button>
      {message ? (
        <p role={message.error ? 'alert' : 'status'} className={`basis-full text-sm ${message.error ? 'text-red-800' : 'text-slate-700'}`}>
          {message.text}
        </p>
      ) : null}
    </>
  );
}
