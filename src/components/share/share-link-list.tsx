// This run's links, newest first: what each shows, when it was made and ends, whether it works yet, and
// "Revoke". A link made on another device has no token here (only that device keeps it): it can be
// revoked, not shown.
import { useId } from 'react';
import { isLinkOpen, type ShareLink } from '@sync/share/share-link';
import { Button } from '@/components/ui/button';
import { count } from '@/lib/text/plural';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function describe(link: ShareLink, now: number): { text: string; note: string | null } {
  const kind = link.mode === 'snapshot' ? 'Snapshot' : 'Live';
  const text = `${kind} link, made ${when.format(new Date(link.createdAt))}`;
  if (link.failure) return { text, note: `Not made: ${link.failure}` };
  if (link.state === 'revoking') return { text, note: 'Revoked here: it stops working once this device is back online.' };
  if (link.revokedAt) return { text, note: 'Revoked' };
  if (link.expiresAt && Date.parse(link.expiresAt) <= now) return { text, note: 'Expired' };
  const ends = link.expiresAt ? `Works until ${when.format(new Date(link.expiresAt))}` : 'Never expires';
  if (link.state === 'pending') return { text, note: `Waiting to sync: it will work once synced. ${ends}.` };
  return { text, note: link.token ? ends : `${ends}. Made on another device (copy it there).` };
}

interface ShareLinkListProps {
  links: ShareLink[];
  shownId: string | null;
  onShow: (id: string) => void;
  onRevoke: (link: ShareLink) => void;
}

export function ShareLinkList({ links, shownId, onShow, onRevoke }: ShareLinkListProps) {
  const ids = useId();
  const now = Date.now();
  const open = links.filter((l) => isLinkOpen(l, now) && l.state !== 'revoking').length;
  if (links.length === 0) return <p className="text-slate-600">No links to this run yet.</p>;
  return (
    <section aria-labelledby={`${ids}-title`} className="flex flex-col gap-2 border-t border-slate-200 pt-3">
      <h3 id={`${ids}-title`} className="font-semibold">
        Links to this run <span className="font-normal text-slate-600">({count(open, 'working link')})</span>
      </h3>
      <ul className="flex flex-col gap-2">
        {links.map((link) => {
          const { text, note } = describe(link, now);
          const live = isLinkOpen(link, now) && link.state !== 'revoking';
          const descId = `${ids}-${link.id}`;
          return (
            <li key={link.id} className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 p-2">
              <div id={descId} className="min-w-0 flex-1">
                <p className="font-medium">{text}</p>
                {note ? <p className="text-slate-600">{note}</p> : null}
              </div>
              {live && link.token && link.id !== shownId ? (
                <Button variant="ghost" aria-describedby={descId} onClick={() => onShow(link.id)}>Show link</Button>
              ) : null}
              {live ? (
                <Button variant="ghost" className="text-red-700" aria-describedby={descId} onClick={() => onRevoke(link)}>Revoke</Button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
