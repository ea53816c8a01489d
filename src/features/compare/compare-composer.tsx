// One message box for the compared runs: send the same next message to all of them at once, or to one.
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { Send } from 'lucide-react';
import { Button } from '@/components/ui/button';
import type { ColumnSession } from './column-session';

const ALL = 'all';

export function CompareComposer({ sessions, names, streaming }: { sessions: ColumnSession[]; names: string[]; streaming: boolean }) {
  const [text, setText] = useState('');
  const [target, setTarget] = useState(ALL);
  const [sending, setSending] = useState(false);
  const canSend = !streaming && !sending && text.trim() !== '';

  async function send() {
    if (!canSend) return;
    const typed = text;
    const targets = target === ALL ? sessions : [sessions[Number(target)]!];
    setSending(true);
    setText('');
    const sent = await Promise.all(targets.map((s) => s.send(typed)));
    setSending(false);
    // A run that refused the message (e.g. storage full) says why in its column; the text comes back.
    if (sent.some((ok) => !ok)) setText((current) => current || typed);
  }

  return (
    <form
      aria-label="Continue the runs"
      className="flex items-end gap-2 border-t border-slate-200 bg-white p-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] sm:px-4"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void send();
      }}
    >
      <label className="flex shrink-0 flex-col gap-0.5 text-xs font-medium text-slate-800">
        Send to
        <select className="min-h-11 w-24 rounded-md sm:w-48 border border-slate-500 bg-white px-2 text-base sm:text-sm" value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value={ALL}>All runs</option>
          {names.map((name, i) => (
            <option key={i} value={String(i)}>{`Run ${i + 1}: ${name}`}</option>
          ))}
        </select>
      </label>
      <textarea
        aria-label="Message"
        placeholder={target === ALL ? 'The same next message to every run' : 'Next message'}
        rows={1}
        className="max-h-40 min-h-11 min-w-0 flex-1 resize-none rounded-md border border-slate-500 bg-white px-3 py-2.5 text-base [field-sizing:content] sm:text-sm"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e: KeyboardEvent<HTMLTextAreaElement>) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <Button type="submit" variant="primary" disabled={!canSend}>
        <Send className="size-4" aria-hidden="true" /> <span className="sr-only sm:not-sr-only">{target === ALL ? 'Send to all' : 'Send'}</span>
      </Button>
    </form>
  );
}
