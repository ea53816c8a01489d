// Inline editor for a user message: resending adds a new version beside the original, never over it.
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';

interface EditMessageFormProps {
  initial: string;
  onSubmit: (text: string) => Promise<boolean>;
  onCancel: () => void;
}

export function EditMessageForm({ initial, onSubmit, onCancel }: EditMessageFormProps) {
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const sent = await onSubmit(text);
    setBusy(false);
    if (sent) onCancel();
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-2">
      <textarea
        aria-label="Edit message"
        className="min-h-24 w-full rounded-md border border-slate-500 bg-white p-2 text-base sm:text-sm"
        value={text}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      />
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={busy || !text.trim()}>Send edit</Button>
      </div>
    </form>
  );
}
