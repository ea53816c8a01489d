// A run someone shared with me that is not on this device yet (accepted since the last sync), read from
// the sync server: its name, owner, prompt and model, and the conversation its owner has on screen (the
// run's current branch), read-only, refreshed every few seconds while the page is visible; a reply
// streaming on another screen shows as it is written, from the run's live channel. Once the run has
// synced here, the page hands over to the runner, where it is read (or continued) like my own runs.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, useParams } from 'react-router';
import type { ReplyFrame } from '@sync/live/reply-frame';
import type { MemberRun } from '@sync/share/members-api';
import { activePath } from '@sync/tree';
import { Button, ButtonLink } from '@/components/ui/button';
import { MarkdownText } from '@/components/ui/markdown';
import { useAccount } from '@/lib/account/account-context';
import { useRunLink } from '@/lib/data/use-runs';
import { failureWords, ROLE_LABEL } from './shared-words';

/** How often the open page asks the server again (only while visible). */
const REFRESH_MS = 5_000;
/** A streaming reply with no news for this long is dropped (its screen went away). */
const STALE_MS = 20_000;

export function SharedRunPage() {
  const { runId = '' } = useParams();
  const api = useAccount((s) => s.members);
  const phase = useAccount((s) => s.phase);
  const [run, setRun] = useState<MemberRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const streams = useAccount((s) => s.replyStreams);
  const [live, setLive] = useState<ReplyFrame | null>(null);
  // On this device already (or once synced): the runner shows it; the server is not asked meanwhile.
  const here = useRunLink(runId);
  const away = here === null;

  const load = useCallback(async () => {
    if (!api || !away) return;
    const result = await api.run(runId);
    if (result.ok) {
      setRun(result.value);
      setError(null);
    } else {
      setError(failureWords(result.error));
      if (result.error.reason === 'refused') setRun(null);
    }
  }, [api, runId, away]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  useEffect(() => {
    if (!streams || !runId || !away) return;
    let stale: ReturnType<typeof setTimeout> | undefined;
    const channel = streams.join(runId, (frame) => {
      setLive(frame);
      clearTimeout(stale);
      stale = setTimeout(() => setLive(null), STALE_MS);
      // The finished reply is stored by its writer: read it now rather than at the next refresh.
      if (frame.reply.status !== 'streaming') void load();
    });
    return () => {
      clearTimeout(stale);
      channel.close();
    };
  }, [streams, runId, load, away]);

  const path = useMemo(() => (run ? activePath(run.messages, run.currentLeafId).filter((m) => m.role !== 'system') : []), [run]);

  if (here) return <Navigate to={`/ai/prompts/run/${here.prompt_id}/${here.id}`} replace />;
  if (phase !== 'signed-in' || !api) {
    return (
      <div className="mx-auto flex max-w-3xl flex-col items-start gap-3 p-4 text-sm">
        <h1 className="text-xl font-semibold">Shared run</h1>
        <p>Sign in to read runs shared with you.</p>
        <ButtonLink variant="primary" to="/account">Sign in</ButtonLink>
      </div>
    );
  }
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-4 p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="mr-auto text-xl font-semibold break-words">{run ? run.name || 'Untitled run' : 'Shared run'}</h1>
        <ButtonLink to="/ai/prompts/runs/shared">Shared with me</ButtonLink>
        <Button onClick={() => void load()}>Refresh</Button>
      </div>
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
      {run === null && !error ? <p role="status" className="text-sm">Loading…</p> : null}
      {run ? (
        <>
          <p className="text-sm text-slate-700">
            Shared by {run.owner} · you are {ROLE_LABEL[run.role]}
            {run.promptName ? ` · ${run.promptName}` : ''}
            {run.modelName ? ` · ${run.modelName}` : ''}
          </p>
          {run.role === 'editor' ? (
            <p className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900">
              You may continue this run once it has synced to this device (it opens here then). Until then you read it as it is now.
            </p>
          ) : null}
          {path.length === 0 && !live ? <p className="text-sm text-slate-700">No messages yet.</p> : null}
          <div className="flex flex-col gap-3">
            {path.map((m) => (
              <article
                key={m.id}
                aria-label={`${m.role === 'user' ? 'User' : 'Assistant'} message`}
                className={`flex flex-col gap-1 rounded-lg px-3 py-2 ${m.role === 'user' ? 'ml-6 bg-sky-50 sm:ml-16' : 'mr-2 bg-white ring-1 ring-slate-200 sm:mr-10'}`}
              >
                <span className="text-xs font-semibold text-slate-600">{m.role === 'user' ? 'User' : 'Assistant'}</span>
                {m.role === 'user' ? <p className="whitespace-pre-wrap break-words">{m.content}</p> : <MarkdownText text={m.content} />}
              </article>
            ))}
            {live && !run.messages.some((m) => m.id === live.reply.id) ? (
              <>
                {live.parent && !run.messages.some((m) => m.id === live.parent?.id) ? (
                  <article aria-label="User message" className="ml-6 flex flex-col gap-1 rounded-lg bg-sky-50 px-3 py-2 sm:ml-16">
                    <span className="text-xs font-semibold text-slate-600">User</span>
                    <p className="whitespace-pre-wrap break-words">{live.parent.content}</p>
                  </article>
                ) : null}
                <article aria-label="Assistant message" className="mr-2 flex flex-col gap-1 rounded-lg bg-white px-3 py-2 ring-1 ring-slate-200 sm:mr-10">
                  <span className="text-xs font-semibold text-slate-600">Assistant</span>
                  <MarkdownText text={live.reply.content} />
                  {live.reply.status === 'streaming' ? <p role="status" className="text-xs text-slate-600">Being written…</p> : null}
                </article>
              </>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
