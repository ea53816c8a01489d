// The message box: Enter sends, Shift+Enter adds a line; "Stop" replaces "Send" while a reply streams.
import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useParams } from 'react-router';
import { Send, Square } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { BUSY_REPLY, BUSY_TYPING, useReportBusy } from '@/pwa/busy';
import { clearDraft, draftKey, loadDraft, useDraftAutosave } from '@/pwa/drafts';

interface ComposerProps {
  streaming: boolean;
  /** Before the first message a non-empty template can be sent with an empty box. */
  allowEmpty: boolean;
  onSend: (text: string) => Promise<boolean>;
  onStop: () => void;
}

export function Composer({ streaming, allowEmpty, onSend, onStop }: ComposerProps) {
  // The unsent text is a draft per prompt and run: kept while typing, restored after a reload or crash.
  const { id: promptId = '', runId } = useParams();
  const key = draftKey(promptId, runId);
  const [text, setText] = useState(() => loadDraft(key));
  const [sending, setSending] = useState(false);
  useDraftAutosave(key, text);
  // The update prompt waits for these before it reloads the app.
  useReportBusy(BUSY_REPLY, streaming);
  useReportBusy(BUSY_TYPING, text.trim() !== '');
  const canSend = !streaming && !sending && (allowEmpty || text.trim() !== '');
  useStopOnEscape(streaming, onStop);

  async function send() {
    if (!canSend) return;
    const typed = text;
    setSending(true);
    setText('');
    const sent = await onSend(typed);
    setSending(false);
    // A refused send (e.g. storage full) gives the text back: nothing typed is lost.
    if (!sent) setText((current) => current || typed);
    else clearDraft(key);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <form
      className="flex items-end gap-2 border-t border-slate-200 bg-white p-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] sm:px-4"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void send();
      }}
    >
      <textarea
        aria-label="Message"
        placeholder={allowEmpty ? 'Add to the prompt (optional), then Send' : 'Message'}
        rows={1}
        className="max-h-40 min-h-11 flex-1 resize-none rounded-md border border-slate-500 bg-white px-3 py-2.5 text-base [field-sizing:content] sm:text-sm"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {streaming ? (
        <Button variant="danger" onClick={onStop}>
          <Square className="size-4" aria-hidden="true" /> Stop
        </Button>
      ) : (
        <Button type="submit" variant="primary" disabled={!canSend}>
          <Send className="size-4" aria-hidden="true" /> Send
        </Button>
      )}
    </form>
  );
}

/**
 * Escape stops a streaming reply, as in chat apps, unless something else took the key first: an open
 * dialog, menu or drawer closes (Radix marks the event handled), a field being edited cancels its edit.
 */
function useStopOnEscape(streaming: boolean, onStop: () => void): void {
  useEffect(() => {
    if (!streaming) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented && !e.isComposing) onStop();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [streaming, onStop]);
}
