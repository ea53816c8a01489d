// "Shared with me": the runs other people shared with me, from this device (they sync like my own, so the
// list works offline and each opens in the runner), and, when the sync server can be reached, invitations
// to answer and any run accepted but not synced here yet (read online until it arrives).
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { RunInvitation, SharedRunSummary } from '@sync/share/members-api';
import { Button, ButtonLink } from '@/components/ui/button';
import { useAccount } from '@/lib/account/account-context';
import { useSharedRuns, type SharedRun } from '@/lib/data/use-shared-runs';
import { count } from '@/lib/text/plural';
import { ACCESS_LABEL, failureWords, ROLE_LABEL } from './shared-words';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const ROW = 'flex flex-col gap-0.5 rounded-md border border-slate-200 p-3 text-sm hover:bg-slate-50';

type Online = { invitations: RunInvitation[]; runs: SharedRunSummary[] };

export function SharedWithMePage() {
  const phase = useAccount((s) => s.phase);
  const api = useAccount((s) => s.members);
  const engine = useAccount((s) => s.engine);
  const here = useSharedRuns();
  const [online, setOnline] = useState<Online | null>(null);
  const [offline, setOffline] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    if (!api) return;
    const [invitations, runs] = await Promise.all([api.invitations(), api.sharedRuns()]);
    const failure = !invitations.ok ? invitations.error : !runs.ok ? runs.error : null;
    setOffline(failure?.reason === 'offline');
    setError(failure && failure.reason !== 'offline' ? failureWords(failure) : null);
    if (invitations.ok && runs.ok) setOnline({ invitations: invitations.value, runs: runs.value });
  }, [api]);
  useEffect(() => void reload(), [reload]);

  const answer = async (id: string, accept: boolean) => {
    if (!api) return;
    setBusy(true);
    const result = await api.answer(id, accept);
    setBusy(false);
    if (!result.ok) setError(failureWords(result.error));
    // An accepted run comes with the next pull: ask for it now rather than at the next poll.
    else if (accept) void engine?.syncNow();
    await reload();
  };

  const notHere = online && here ? online.runs.filter((r) => !here.some((h) => h.id === r.runId)) : [];
  const invitations = online?.invitations ?? [];
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-4 p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="mr-auto text-xl font-semibold">Shared with me</h1>
        <ButtonLink to="/ai/prompts/runs">My runs</ButtonLink>
        {api ? <Button onClick={() => void reload()}>Refresh</Button> : null}
      </div>
      {phase !== 'signed-in' ? (
        <div className="flex flex-col items-start gap-3 text-sm">
          <p>People share runs with an account: sign in to see the runs shared with you. They sync to your devices like your own.</p>
          {phase === 'signed-out' ? <ButtonLink variant="primary" to="/account">Sign in</ButtonLink> : null}
        </div>
      ) : (
        <>
          {offline ? (
            <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-800">
              Offline: these are the shared runs on this device. New invitations show when the sync server can be reached.
            </p>
          ) : null}
          {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
          {invitations.length > 0 ? (
            <section aria-labelledby="invitations-title" className="flex flex-col gap-2">
              <h2 id="invitations-title" className="font-semibold">Invitations</h2>
              <ul className="flex flex-col gap-2">
                {invitations.map((i) => (
                  <li key={i.id} className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 p-3 text-sm">
                    <span className="mr-auto break-words">
                      <span className="font-medium">{i.invitedBy}</span> invites you to “{i.runName || 'Untitled run'}” as {ROLE_LABEL[i.role]}
                    </span>
                    <Button variant="primary" disabled={busy} aria-label={`Accept invitation to ${i.runName || 'Untitled run'}`} onClick={() => void answer(i.id, true)}>Accept</Button>
                    <Button variant="ghost" disabled={busy} aria-label={`Decline invitation to ${i.runName || 'Untitled run'}`} onClick={() => void answer(i.id, false)}>Decline</Button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {here === undefined ? (
            <p role="status" className="text-sm">Loading…</p>
          ) : (
            <section aria-labelledby="shared-runs-title" className="flex flex-col gap-2">
              <h2 id="shared-runs-title" className="font-semibold">{count(here.length, 'run')} shared with you</h2>
              {here.length === 0 ? (
                <p className="text-sm text-slate-700">
                  {invitations.length > 0
                    ? 'Accept an invitation above to have its run here.'
                    : notHere.length > 0
                      ? 'The runs below are on their way to this device.'
                      : 'Nothing yet. When someone invites your e-mail to one of their runs, the invitation shows here to accept.'}
                </p>
              ) : (
                <ul aria-label="Runs shared with me" className="flex flex-col gap-2">
                  {here.map((run) => <SharedRunRow key={run.id} run={run} />)}
                </ul>
              )}
            </section>
          )}
          {notHere.length > 0 ? (
            <section aria-labelledby="arriving-title" className="flex flex-col gap-2">
              <h2 id="arriving-title" className="font-semibold">Not on this device yet</h2>
              <p className="text-sm text-slate-700">These arrive with the next sync; until then they can be read online.</p>
              <ul aria-label="Runs not on this device yet" className="flex flex-col gap-2">
                {notHere.map((r) => (
                  <li key={r.runId}>
                    <Link to={`/ai/prompts/runs/shared/${r.runId}`} className={ROW}>
                      <span className="font-medium break-words">{r.name || 'Untitled run'}</span>
                      <span className="text-slate-600">{r.owner} · {ACCESS_LABEL[r.role]}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

function SharedRunRow({ run }: { run: SharedRun }) {
  const name = run.name || 'Untitled run';
  return (
    <li>
      <Link to={`/ai/prompts/run/${run.prompt_id}/${run.id}`} className={ROW}>
        <span className="font-medium break-words">{name}</span>
        <span className="text-slate-600">
          {run.shared.owner_email || 'Someone'} · {ACCESS_LABEL[run.shared.role]} · <time dateTime={run.last_message_at}>{when.format(new Date(run.last_message_at))}</time>
        </span>
        {run.last_message_preview ? <span className="line-clamp-2 break-words text-slate-700">{run.last_message_preview}</span> : null}
      </Link>
    </li>
  );
}
