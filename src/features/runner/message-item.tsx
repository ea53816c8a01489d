// One message of the conversation: markdown body, status notes (interrupted, error), its actions
// (Copy, Edit, Retry, Continue on a cut-off reply) and a version switcher when it has siblings.
import { memo, useContext, useState } from 'react';
import { Loader2, Pencil, RotateCcw, StepForward } from 'lucide-react';
import type { Message } from '@sync/model';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { MarkdownText } from '@/components/ui/markdown';
import { Spinner } from '@/components/ui/spinner';
import { EditMessageForm } from './edit-message-form';
import { MessageAuthorsContext, YOU } from './message-authors';
import { MessageMeta } from './message-meta';
import { VersionSwitcher } from './version-switcher';

export interface MessageItemProps {
  message: Message;
  versions: { index: number; count: number } | null;
  isLast: boolean;
  /** A reply is streaming somewhere in the run: branch actions wait for it. */
  busy: boolean;
  onRetry: (assistantId: string) => void;
  /** Ask the model to go on from a cut-off (interrupted) reply's text. */
  onContinue?: (assistantId: string) => void;
  onEdit: (userId: string, text: string) => Promise<boolean>;
  onSwitch: (messageId: string, step: -1 | 1) => void;
  /** A run shared with me to read: nothing to edit, retry or continue. */
  readOnly?: boolean;
}

const ROLE_LABEL: Record<Message['role'], string> = { system: 'System', user: 'You', assistant: 'Assistant' };

export const MessageItem = memo(function MessageItem({ message, versions, isLast, busy, onRetry, onContinue, onEdit, onSwitch, readOnly = false }: MessageItemProps) {
  const [editing, setEditing] = useState(false);
  const { role, status } = message;
  const failed = role === 'assistant' && (status === 'error' || status === 'interrupted');
  // A message another screen is streaming is shown, not yet stored here: nothing to retry or edit.
  const elsewhere = message.metadata?.['liveElsewhere'] === true;
  const canRetry = role === 'assistant' && !busy && !elsewhere && !readOnly && (isLast || failed);
  // In a run several people write in, who wrote it (a reply: who asked for it).
  const author = useContext(MessageAuthorsContext)(message);
  const label = role === 'user' ? (author ?? ROLE_LABEL.user) : author && author !== YOU ? `${ROLE_LABEL[role]} · asked by ${author}` : ROLE_LABEL[role];
  const canContinue = canRetry && status === 'interrupted' && message.content !== '' && onContinue !== undefined;

  if (role === 'system') {
    return (
      <details className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-600">
        <summary className="min-h-11 cursor-pointer content-center">System message</summary>
        <MarkdownText text={message.content} />
      </details>
    );
  }

  return (
    <article
      aria-label={role === 'user' && author && author !== YOU ? `Message from ${author}` : `${ROLE_LABEL[role]} message`}
      className={`flex flex-col gap-1 rounded-lg px-3 py-2 ${role === 'user' ? 'ml-6 bg-sky-50 sm:ml-16' : 'mr-2 bg-white ring-1 ring-slate-200 sm:mr-10'}`}
    >
      <div className="flex min-h-6 items-center justify-between gap-2 text-xs font-semibold text-slate-600">
        <span className="min-w-0 break-words">{label}</span>
        <div className="-my-2 flex items-center">
          {versions ? <VersionSwitcher index={versions.index} count={versions.count} disabled={busy} onStep={(step) => onSwitch(message.id, step)} /> : null}
          {message.content && status !== 'streaming' && !editing ? <CopyButton text={message.content} /> : null}
          {role === 'user' && !editing && !busy && !elsewhere && !readOnly ? (
            <Button variant="ghost" className="px-2 text-xs" onClick={() => setEditing(true)}>
              <Pencil className="size-4" aria-hidden="true" /> Edit
            </Button>
          ) : null}
        </div>
      </div>
      {editing ? (
        <EditMessageForm initial={message.content} onSubmit={(text) => onEdit(message.id, text)} onCancel={() => setEditing(false)} />
      ) : message.content && role === 'user' ? (
        // What the person typed, as typed: line breaks kept, nothing read as markup.
        <p className="whitespace-pre-wrap break-words">{message.content}</p>
      ) : message.content ? (
        <MarkdownText text={message.content} />
      ) : null}
      {status === 'streaming' ? (
        <p className="flex items-center gap-1 text-xs text-slate-500">
          <Spinner icon={<Loader2 className="size-3" aria-hidden="true" />} /> {elsewhere ? 'Writing on another screen…' : 'Writing…'}
        </p>
      ) : null}
      {status === 'interrupted' ? <p className="text-xs font-medium text-amber-700">Interrupted</p> : null}
      {status === 'error' ? (
        <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800">
          {message.metadata?.error ?? 'The model failed to reply.'}
        </p>
      ) : null}
      {role === 'assistant' && status !== 'streaming' ? (
        <div className="-mb-1 flex min-h-6 items-center justify-between gap-2">
          <MessageMeta message={message} />
          {canRetry ? (
            <div className="-my-2 ml-auto flex items-center">
              {canContinue ? (
                <Button variant="ghost" className="px-2 text-xs" onClick={() => onContinue(message.id)}>
                  <StepForward className="size-4" aria-hidden="true" /> Continue
                </Button>
              ) : null}
              <Button variant="ghost" className="px-2 text-xs" onClick={() => onRetry(message.id)}>
                <RotateCcw className="size-4" aria-hidden="true" /> Retry
              </Button>
            </div>
          ) : null}
        </div>
      ) : null}
    </article>
  );
});
