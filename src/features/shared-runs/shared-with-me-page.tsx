// "Shared with me": invitations to other people's runs (Accept or Decline) and the runs shared with me,
// read from the sync server (they belong to their owners' accounts). Needs an account and a connection;
// each state says what to do.
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { RunInvitation, SharedRunSummary } from '@sync/share/members-api';
import { Button, ButtonLink } from '@/components/ui/button';
import { useAccount } from '@/lib/account/account-context';
import { count } from '@/lib/text/plural';
import { failureWords, ROLE_LABEL } from './shared-words';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

type Loaded = { invitations: RunInvitation[]; runs: SharedRunSummary[] };

export function SharedWithMePage() {
  const phase = useAccount((s) => s.phase);
  const api = useAccount((s) => s.members);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    if (!api) return;
    const [invitations, runs] = await Promise.all([api.invitations(), api.sharedRuns()]);
    if (!invitations.ok) return setError(failureWords(invitations.error));
    if (!runs.ok) return setError(failureWords(runs.error));
    setError(null);
    setLoaded({ invitations: invitations.value, runs: runs.value });
  }, [api]);
  useEffect(() => void reload(), [reload]);

  const answer = async (id: string, accept: boolean) => {
    if (!api) return;
    setBusy(true);
    const result = await api.answer(id, accept);
    setBusy(false);
    if (!result.ok) setError(failureWords(result.error));
    await reload();
  };

  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-4 p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="mr-auto text-xl font-semibold">Shared with me</h1>
        <ButtonLink to="/ai/prompts/runs">My runs</ButtonLink>
        {api ? <Button onClick={() => void reload()}>Refresh</Button> : null}
      </div>
      {phase !== 'signed-in' || !api ? (
        <div className="flex flex-col items-start gap-3 text-sm">
          <p>Runs other people share with you are kept in their accounts on the sync server. Sign in to see them.</p>
          {phase === 'signed-out' ? <ButtonLink variant="primary" to="/account">Sign in</ButtonLink> : null}
        </div>
      ) : (
        <>
          {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
          {loaded === null && !error ? <p role="status" className="text-sm">Loading…</p> : null}
          {loaded && loaded.invitations.length > 0 ? (
            <section aria-labelledby="invitations-title" className="flex flex-col gap-2">
              <h2 id="invitations-title" className="font-semibold">Invitations</h2>
              <ul className="flex flex-col gap-2">
                {loaded.invitations.map((i) => (
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
          {loaded ? (
            <section aria-labelledby="shared-runs-title" className="flex flex-col gap-2">
              <h2 id="shared-runs-title" className="font-semibold">{count(loaded.runs.length, 'run')} shared with you</h2>
              {loaded.runs.length === 0 ? (
                <p className="text-sm text-slate-700">
                  {loaded.invitations.length > 0
                    ? 'Accept an invitation above to read its run here.'
                    : 'Nothing yet. When someone invites your e-mail to one of their runs, the invitation shows here to accept.'}
                </p>
              ) : (
                <ul aria-label="Runs shared with me" className="flex flex-col gap-2">
                  {loaded.runs.map((r) => (
                    <li key={r.runId}>
                      <Link to={`/ai/prompts/runs/shared/${r.runId}`} className="flex flex-col gap-0.5 rounded-md border border-slate-200 p-3 text-sm hover:bg-slate-50">
                        <span className="font-medium break-words">{r.name || 'Untitled run'}</span>
                        <span className="text-slate-600">
                          {r.owner} · {ROLE_LABEL[r.role]} · {when.format(new Date(r.lastMessageAt))}
                        </span>
                        {r.preview ? <span className="line-clamp-2 break-words text-slate-700">{r.preview}</span> : null}
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
