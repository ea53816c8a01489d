// The link to hand out: a read-only textbox "Share link" (select it to copy by hand) and "Copy link".
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';

export function ShareLinkBox({ url, waiting }: { url: string; waiting: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setNote('Link copied.');
    } catch {
      input.current?.select();
      setNote('Copying is blocked here: the link is selected, copy it with your keyboard.');
    }
  };
  return (
    <div className="flex flex-col gap-1 rounded-md border border-slate-200 p-3">
      <label htmlFor="share-link-url" className="font-medium">Share link</label>
      <div className="flex gap-2">
        <input
          ref={input}
          id="share-link-url"
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          className="min-h-11 min-w-0 flex-1 rounded-md border border-slate-500 bg-white px-2 font-mono text-sm text-slate-900"
        />
        <Button onClick={() => void copy()}>Copy link</Button>
      </div>
      {waiting ? <p className="text-amber-800">This link will work once synced: this device is offline or the run has not synced yet.</p> : null}
      <p role="status" className="min-h-5 text-slate-600">{note}</p>
    </div>
  );
}
