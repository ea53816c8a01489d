// Route /ai/prompts/runs/compare?ids=a,b[,c,d]: loads the runs from this device (so it works offline),
// opens a session per run so each column can be continued, and shows them side by side. A comparison
// started in the runner ("Models") arrives with `replyPending`: each column then answers its first message.
import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { getRun } from '@sync/store/runs';
import { useDb } from '@/lib/data/db-context';
import { ButtonLink } from '@/components/ui/button';
import { PageLoading } from '@/components/ui/page-loading';
import { parseCompareIds } from '@/lib/compare-url';
import { CompareView } from './compare-view';
import { useOpenColumnSession, type ColumnSession } from './column-session';

export interface CompareLocationState {
  /** The runs were just created with their first message: stream every reply now. */
  replyPending?: boolean;
  /** Models left out of a comparison (offline), with the reason, to say so on arrival. */
  skipped?: string[];
}

type Phase = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; sessions: ColumnSession[]; missing: number };

export function ComparePage() {
  const [search] = useSearchParams();
  const parsed = parseCompareIds(search);
  const key = parsed.ok ? parsed.ids.join(',') : '';
  if (!parsed.ok) return <CompareProblem message={parsed.message} />;
  return <CompareSessions key={key} ids={parsed.ids} />;
}

function CompareProblem({ message }: { message: string }) {
  return (
    <div role="alert" className="flex flex-col items-start gap-3 p-6">
      <h1 className="text-lg font-semibold">Compare runs</h1>
      <p>{message}</p>
      <ButtonLink to="/ai/prompts/runs">Go to Runs</ButtonLink>
    </div>
  );
}

function CompareSessions({ ids }: { ids: string[] }) {
  const db = useDb();
  const open = useOpenColumnSession();
  const location = useLocation();
  const navigate = useNavigate();
  const state = (location.state ?? null) as CompareLocationState | null;
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [skipped] = useState(() => state?.skipped ?? []);

  useEffect(() => {
    let live = true;
    let sessions: ColumnSession[] = [];
    void (async () => {
      performance.mark('compare:load-start');
      const loaded = await Promise.all(ids.map((id) => getRun(db, id)));
      const found = loaded.flatMap((l) => (l ? [l] : []));
      if (!live) return;
      if (found.length === 0) return setPhase({ kind: 'error', message: 'None of these runs is on this device.' });
      sessions = await Promise.all(found.map((l) => open(db, { run: l.run, messages: l.messages })));
      if (!live) return sessions.forEach((s) => s.dispose());
      setPhase({ kind: 'ready', sessions, missing: ids.length - found.length });
      if (state?.replyPending) {
        // Once only: the history entry forgets it, so a reload or Back never sends the request twice.
        void navigate(`${location.pathname}${location.search}`, { replace: true, state: { skipped } satisfies CompareLocationState });
        for (const s of sessions) void s.replyToLeaf();
      }
    })();
    return () => {
      live = false;
      sessions.forEach((s) => s.dispose());
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one load per set of ids (the page is keyed by them)
  }, [db, open]);

  if (phase.kind === 'loading') return <PageLoading label="Opening the runs…" />;
  if (phase.kind === 'error') return <CompareProblem message={phase.message} />;
  return <CompareView sessions={phase.sessions} missing={phase.missing} skipped={skipped} />;
}
