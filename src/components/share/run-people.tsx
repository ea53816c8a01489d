// "People" in a run's Share dialog: invite an account by e-mail as viewer (reads the run) or editor,
// see who has it, change a role, remove someone, withdraw an invitation. These talk to the sync server
// directly (nothing is queued): offline, the section says so and keeps what was typed.
import { useCallback, useEffect, useId, useState } from 'react';
import type { MemberRole, MembersApi, RunPeople as People } from '@sync/share/members-api';
import type { ShareApiFailure } from '@sync/share/share-api';
import { Button } from '@/components/ui/button';

const SELECT = 'min-h-11 rounded-md border border-slate-500 bg-white px-2 text-base sm:text-sm';
const ROLES: Array<[MemberRole, string]> = [['viewer', 'Viewer'], ['editor', 'Editor']];
const ROLE_NAME: Record<MemberRole, string> = { viewer: 'viewer', editor: 'editor' };

function words(failure: ShareApiFailure): string {
  switch (failure.reason) {
    case 'offline':
      return 'The sync server cannot be reached: sharing with people needs a connection. Try again when online.';
    case 'signed_out':
      return 'Sign in again to share with people.';
    default:
      return /no such run/.test(failure.message)
        ? 'This run is not on the sync server yet. Let it sync, then invite people.'
        : failure.message;
  }
}

export function RunPeople({ runId, api }: { runId: string; api: MembersApi }) {
  const [people, setPeople] = useState<People | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MemberRole>('viewer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const ids = useId();

  const reload = useCallback(async () => {
    const result = await api.people(runId);
    if (result.ok) setPeople(result.value);
    else if (result.error.reason !== 'refused') setError(words(result.error));
  }, [api, runId]);
  useEffect(() => void reload(), [reload]);

  const act = async (task: () => Promise<{ ok: boolean; error?: ShareApiFailure }>, done?: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    const result = await task();
    setBusy(false);
    if (!result.ok && result.error) return setError(words(result.error));
    if (done) setNotice(done);
    await reload();
  };

  const invite = async (e: React.FormEvent) => {
    e.preventDefault();
    const address = email.trim();
    if (!address) return setError('Type the e-mail address of the account to invite.');
    let done = '';
    await act(async () => {
      const result = await api.invite(runId, address, role);
      if (result.ok) {
        setEmail('');
        done = result.value.status === 'member'
          ? `${result.value.email} already has this run: they are now ${ROLE_NAME[role]}.`
          : `Invited ${result.value.email} as ${ROLE_NAME[role]}. The run shows under “Shared with me” for them once they accept.`;
      }
      return result;
    });
    if (done) setNotice(done);
  };

  return (
    <section aria-labelledby={`${ids}-title`} className="mt-5 flex flex-col gap-3 border-t border-slate-200 pt-4 text-sm">
      <h3 id={`${ids}-title`} className="font-semibold">People</h3>
      <p className="text-slate-600">
        Invite someone with an account to read this run under “Shared with me”. Editors will also be able to continue it
        once shared runs sync to devices.
      </p>
      <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => void invite(e)}>
        <label className="flex min-w-0 flex-1 basis-48 flex-col gap-1">
          <span className="font-medium">Email</span>
          <input type="email" autoComplete="off" className={`${SELECT} w-full`} value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Role</span>
          <select className={SELECT} value={role} onChange={(e) => setRole(e.target.value as MemberRole)}>
            {ROLES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={busy}>Invite</Button>
      </form>
      {error ? <p role="alert" className="text-red-700">{error}</p> : null}
      {notice ? <p role="status" className="text-emerald-800">{notice}</p> : null}
      {people ? (
        <ul aria-label="People with access" className="flex flex-col divide-y divide-slate-200">
          <li className="flex min-h-11 items-center gap-2 py-1">
            <span className="mr-auto break-all">{people.owner}</span>
            <span className="text-slate-600">Owner</span>
          </li>
          {people.members.map((m) => (
            <li key={m.userId} className="flex min-h-11 flex-wrap items-center gap-2 py-1">
              <span className="mr-auto break-all">{m.email}</span>
              <select
                aria-label={`Role of ${m.email}`}
                className={SELECT}
                value={m.role}
                disabled={busy}
                onChange={(e) => void act(() => api.setRole(runId, m.userId, e.target.value as MemberRole), `${m.email} is now ${ROLE_NAME[e.target.value as MemberRole]}.`)}
              >
                {ROLES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
              </select>
              <Button variant="ghost" aria-label={`Remove ${m.email}`} disabled={busy} onClick={() => void act(() => api.remove(runId, m.userId), `${m.email} no longer has this run.`)}>
                Remove
              </Button>
            </li>
          ))}
          {people.invitations.map((i) => (
            <li key={i.id} className="flex min-h-11 flex-wrap items-center gap-2 py-1">
              <span className="mr-auto break-all">{i.email}</span>
              <span className="text-slate-600">Invited as {ROLE_NAME[i.role]}</span>
              <Button variant="ghost" aria-label={`Withdraw invitation of ${i.email}`} disabled={busy} onClick={() => void act(() => api.withdraw(i.id))}>
                Withdraw
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
