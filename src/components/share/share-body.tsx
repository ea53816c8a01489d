// The signed-in share dialog: the form that makes a link, the link made (textbox "Share link" and "Copy
// link"), and this run's links with "Revoke". A link made offline is kept on the device and sent once the
// run has synced; until then it says so.
import { useEffect, useId, useState } from 'react';
import { addShareLink } from '@sync/store/shares';
import { newShareLink } from '@sync/share/new-share-link';
import type { ShareMode } from '@sync/share/share-link';
import { shareUrl } from '@sync/share/share-token';
import { Button } from '@/components/ui/button';
import { useDb } from '@/lib/data/db-context';
import { useProviders } from '@/lib/data/use-providers';
import { useRunDetails } from '@/lib/data/use-runs';
import { useShareLinks } from '@/lib/data/use-share-links';
import { modelLabel } from '@/lib/llm/model-label';
import type { ShareLinkService } from '@/lib/share/share-link-sync';
import { ShareLinkList } from './share-link-list';
import { ShareLinkBox } from './share-link-box';

const EXPIRY: Array<[string, number | null]> = [['Never', null], ['After 1 day', 1], ['After 7 days', 7], ['After 30 days', 30]];
const SELECT = 'min-h-11 w-full rounded-md border border-slate-500 bg-white px-2 text-base sm:text-sm';

export function ShareBody({ runId, service }: { runId: string; service: ShareLinkService }) {
  const db = useDb();
  const details = useRunDetails(runId);
  const links = useShareLinks(runId);
  const providers = useProviders();
  const [mode, setMode] = useState<ShareMode>('snapshot');
  const [expiry, setExpiry] = useState(0);
  const [hidden, setHidden] = useState<Set<string> | null>(null);
  const [shownId, setShownId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ids = useId();

  // The server's list (links made on other devices, revocations made there); offline, the device's own.
  useEffect(() => void service.refresh().catch(() => undefined), [service]);

  if (details === undefined) return <p role="status" className="py-4 text-sm">Loading…</p>;
  if (details === null) return <p role="alert" className="py-4 text-sm">This run no longer exists on this device.</p>;
  const { run, messages, prompt } = details;
  const privateNames = new Set((prompt?.variables ?? []).filter((v) => v.private).map((v) => v.name));
  const names = Object.keys(run.variable_values);
  const chosen = hidden ?? privateNames;
  const finished = messages.some((m) => m.status !== 'streaming');

  const create = async () => {
    setError(null);
    const link = newShareLink({
      run, messages, mode, expiresInDays: EXPIRY[expiry]?.[1] ?? null,
      promptName: prompt?.name ?? '', modelName: modelLabel(run.settings, providers),
      hiddenVariables: [...chosen].filter((n) => names.includes(n)),
    });
    const saved = await addShareLink(db, link);
    if (!saved.ok) return setError(saved.error.message);
    setShownId(link.id);
    service.kick();
  };

  const usable = (links ?? []).filter((l) => l.token && l.revokedAt === null && l.failure === undefined);
  const shown = usable.find((l) => l.id === shownId) ?? usable[0] ?? null;

  return (
    <div className="mt-3 flex flex-col gap-4 text-sm">
      <p className="font-medium break-words">{run.name}</p>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 font-medium">The link shows</legend>
        <label className="flex min-h-11 items-center gap-2">
          <input type="radio" name={`${ids}-mode`} checked={mode === 'snapshot'} onChange={() => setMode('snapshot')} className="size-4" />
          <span><span className="font-medium">A snapshot</span>: the conversation as it is now</span>
        </label>
        <label className="flex min-h-11 items-center gap-2">
          <input type="radio" name={`${ids}-mode`} checked={mode === 'live'} onChange={() => setMode('live')} className="size-4" />
          <span><span className="font-medium">Live</span>: the conversation as it goes on</span>
        </label>
      </fieldset>
      <label className="flex flex-col gap-1">
        <span className="font-medium">Link expires</span>
        <select className={SELECT} value={expiry} onChange={(e) => setExpiry(Number(e.target.value))}>
          {EXPIRY.map(([label], i) => (
            <option key={label} value={i}>{label}</option>
          ))}
        </select>
      </label>
      {names.length > 0 ? (
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1 font-medium">Variables to hide</legend>
          <p className="text-slate-600">A hidden value is left out, and replaced wherever it appears in the messages.</p>
          {names.map((name) => (
            <label key={name} className="flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                className="size-4"
                checked={chosen.has(name)}
                disabled={privateNames.has(name)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(name);
                  else next.delete(name);
                  setHidden(next);
                }}
              />
              <span className="break-all">
                Hide {name}
                {privateNames.has(name) ? <span className="text-slate-600"> (private in the prompt)</span> : null}
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <Button variant="primary" className="self-start" disabled={!finished} onClick={() => void create()}>
        Create link
      </Button>
      {!finished ? <p className="text-slate-600">Send a message first: a link shows the conversation.</p> : null}
      {error ? <p role="alert" className="text-red-700">{error}</p> : null}
      {shown ? <ShareLinkBox url={shareUrl(window.location.origin, shown.token!)} waiting={shown.state === 'pending'} /> : null}
      <ShareLinkList links={links ?? []} shownId={shown?.id ?? null} onShow={setShownId} onRevoke={(link) => void service.revoke(link)} />
    </div>
  );
}
