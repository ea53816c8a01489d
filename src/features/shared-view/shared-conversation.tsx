// A shared run as its reader sees it: what it is (run, prompt, model, when), the variable values that
// are not private, and the conversation, read-only. Message text is markdown through the app's sanitised
// renderer; what a person typed is shown as typed.
import { MarkdownText } from '@/components/ui/markdown';
import { count } from '@/lib/text/plural';
import type { SharedMessage, SharedRunView } from '@sync/share/shared-view';

const ROLE_LABEL: Record<SharedMessage['role'], string> = { system: 'System', user: 'User', assistant: 'Assistant' };
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const formatWhen = (iso: string) => dateTime.format(new Date(iso));

function SharedMessageItem({ message }: { message: SharedMessage }) {
  if (message.role === 'system') {
    return (
      <details className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-600">
        <summary className="min-h-11 cursor-pointer content-center">System message</summary>
        <MarkdownText text={message.content} />
      </details>
    );
  }
  const user = message.role === 'user';
  return (
    <article
      aria-label={`${ROLE_LABEL[message.role]} message`}
      className={`flex flex-col gap-1 rounded-lg px-3 py-2 ${user ? 'ml-6 bg-sky-50 sm:ml-16' : 'mr-2 bg-white ring-1 ring-slate-200 sm:mr-10'}`}
    >
      <div className="flex items-center justify-between gap-2 text-xs font-semibold text-slate-600">
        <span>{ROLE_LABEL[message.role]}</span>
        <time dateTime={message.created_at} className="font-normal">{formatWhen(message.created_at)}</time>
      </div>
      {user ? <p className="whitespace-pre-wrap break-words">{message.content}</p> : <MarkdownText text={message.content} />}
      {message.status === 'interrupted' ? <p className="text-xs font-medium text-amber-700">Interrupted</p> : null}
      {message.status === 'error' ? <p className="text-xs font-medium text-red-700">The model failed to reply.</p> : null}
      {message.role === 'assistant' && message.model_name ? <p className="text-xs text-slate-600">{message.model_name}</p> : null}
    </article>
  );
}

export function SharedConversation({ view }: { view: SharedRunView }) {
  const facts: Array<[string, string]> = [
    ['Prompt', view.prompt_name || 'Untitled prompt'],
    ['Model', view.model_name || 'Unknown model'],
    ['Started', formatWhen(view.run_created_at)],
    ['Shared', formatWhen(view.shared_at)],
  ];
  if (view.expires_at) facts.push(['Link expires', formatWhen(view.expires_at)]);
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <h1 className="text-xl font-semibold break-words">{view.run_name || 'Shared run'}</h1>
        <p className="text-sm text-slate-600">
          {view.mode === 'snapshot' ? 'A snapshot: the conversation as it was when it was shared.' : 'Live: the conversation as it is now.'}
        </p>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        {facts.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-medium text-slate-700">{k}</dt>
            <dd className="break-words">{v}</dd>
          </div>
        ))}
      </dl>
      {view.variables.length > 0 || view.private_variables > 0 ? (
        <section aria-labelledby="shared-variables" className="rounded-md border border-slate-200 p-3 text-sm">
          <h2 id="shared-variables" className="font-semibold">Variables</h2>
          {view.variables.length > 0 ? (
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              {view.variables.map((v) => (
                <div key={v.name} className="contents">
                  <dt className="font-medium text-slate-700">{v.name}</dt>
                  <dd className="whitespace-pre-wrap break-words">{v.value || '(empty)'}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {view.private_variables > 0 ? (
            <p className="mt-1 text-slate-600">
              {count(view.private_variables, 'private value')} not shown (hidden in the messages too).
            </p>
          ) : null}
        </section>
      ) : null}
      <section aria-label="Conversation" className="flex flex-col gap-3">
        {view.omitted > 0 ? <p className="text-sm text-slate-600">{count(view.omitted, 'earlier message')} not shown.</p> : null}
        {view.messages.length === 0 ? <p className="text-sm text-slate-600">This run has no messages yet.</p> : null}
        {view.messages.map((m, i) => (
          <SharedMessageItem key={i} message={m} />
        ))}
      </section>
    </div>
  );
}
