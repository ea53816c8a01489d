// The page at /s/<token>: a run someone shared, for anyone with the link. It needs no account and no app
// data: it asks the server with /config.json's anon key only, keeps what it read for offline reading, and
// opens the reader's own database only when they press "Save a copy".
import { useCallback, useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { PageLoading } from '@/components/ui/page-loading';
import { loadSharedRun, type SharedRunLoad } from '@/lib/share/load-shared-run';
import { formatWhen, SharedConversation } from './shared-conversation';

function Notice({ children, tone = 'info' }: { children: React.ReactNode; tone?: 'info' | 'warn' }) {
  return (
    <p role="status" className={`rounded-md px-3 py-2 text-sm ${tone === 'warn' ? 'bg-amber-50 text-amber-900' : 'bg-sky-50 text-sky-900'}`}>
      {children}
    </p>
  );
}

function Unavailable({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div role="alert" className="flex flex-col items-start gap-3 py-6">
      <h1 className="text-xl font-semibold">{title}</h1>
      <div className="text-sm text-slate-700">{children}</div>
      <a className="text-sm font-medium text-sky-700 underline" href="/">Open prompt-runs</a>
    </div>
  );
}

function SaveCopy({ load }: { load: Extract<SharedRunLoad, { kind: 'ok' }> }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const save = async () => {
    setState({ busy: true, error: null });
    try {
      const { saveCopyToMyRuns } = await import('./save-copy');
      const result = await saveCopyToMyRuns(load.view);
      if (!result.ok) return setState({ busy: false, error: result.message });
      window.location.assign(result.url);
    } catch {
      setState({ busy: false, error: 'The copy could not be saved: the app could not load. Check the connection and try again.' });
    }
  };
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="primary" disabled={state.busy} onClick={() => void save()}>
        {state.busy ? 'Saving…' : 'Save a copy'}
      </Button>
      {state.error ? <p role="alert" className="text-sm text-red-700">{state.error}</p> : null}
    </div>
  );
}

export function SharedViewPage({ token }: { token: string }) {
  const [load, setLoad] = useState<SharedRunLoad | null>(null);
  const refresh = useCallback(() => void loadSharedRun(token).then(setLoad), [token]);
  useEffect(refresh, [refresh]);
  // A live link shows the run as it is now: read it again when the reader comes back to the page.
  const live = load?.kind === 'ok' && load.view.mode === 'live';
  useEffect(() => {
    if (!live) return;
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('online', refresh);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('online', refresh);
    };
  }, [live, refresh]);
  useEffect(() => {
    if (load?.kind === 'ok') document.title = `${load.view.run_name || 'Shared run'} · prompt-runs`;
  }, [load]);

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-3xl items-center gap-2 px-3 sm:px-4">
          <a href="/" className="font-semibold text-slate-800">prompt-runs</a>
          <span className="text-sm text-slate-600">· shared run</span>
        </div>
      </header>
      <main className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-4 p-3 sm:p-6">
        {load === null ? <PageLoading label="Opening the shared run…" /> : <Body load={load} onRetry={refresh} />}
      </main>
    </div>
  );
}

function Body({ load, onRetry }: { load: SharedRunLoad; onRetry: () => void }) {
  switch (load.kind) {
    case 'unavailable':
      return (
        <Unavailable title="This link does not work">
          <p>It may have been revoked or have expired, or it was copied incompletely. Ask the person who shared it for a new link.</p>
        </Unavailable>
      );
    case 'offline':
      return (
        <Unavailable title="You are offline">
          <p>This link has not been opened on this device before, so there is no copy to show. Connect, then try again.</p>
          <Button className="mt-2" onClick={onRetry}>Try again</Button>
        </Unavailable>
      );
    case 'rate_limited':
      return (
        <Unavailable title="Too many links opened">
          <p>Too many shared links were opened from this network in a short time. Wait a minute, then try again.</p>
          <Button className="mt-2" onClick={onRetry}>Try again</Button>
        </Unavailable>
      );
    case 'error':
      return (
        <Unavailable title="This link could not be opened">
          <p>{load.message}</p>
        </Unavailable>
      );
    case 'ok':
      return (
        <>
          {load.from === 'cache' ? (
            <Notice tone="warn">
              {load.why === 'offline' ? 'You are offline' : 'The server is busy'}: this is the copy saved on this device on {formatWhen(load.savedAt)}.
            </Notice>
          ) : null}
          <div className="flex flex-wrap items-start justify-between gap-3">
            <p className="text-sm text-slate-600">Read-only. Save a copy to continue the conversation in your own runs.</p>
            <SaveCopy load={load} />
          </div>
          <SharedConversation view={load.view} />
        </>
      );
  }
}
