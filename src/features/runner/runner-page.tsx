// Route /ai/prompts/run/:id[/:runId]. Each visit is one session, keyed by the history entry: when the
// first send creates the run, the URL gains its id with `state.sessionKey` kept, so the session (and
// its live stream) stays mounted; any other navigation (New run, a previous run, back) starts a new one.
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { Prompt, Run } from '@sync/model';
import { getPrompt } from '@sync/store/prompts';
import { getRun, listRunsForPrompt } from '@sync/store/runs';
import { useDb } from '@/lib/data/db-context';
import { useAccount } from '@/lib/account/account-context';
import { ButtonLink } from '@/components/ui/button';
import { PageLoading } from '@/components/ui/page-loading';
import { getProvider } from '@/lib/llm/providers-store';
import { streamChat } from '@/lib/llm/stream-chat';
import { compareUrl } from '@/lib/compare-url';
import { ContinueChoice } from './continue-choice';
import { comparisonStarter } from './fan-out';
import { followStoredRun } from './follow-stored-run';
import { followLiveReplies } from './live-replies';
import { LiveRepliesContext, NO_REMOTE, type RemoteMessages } from './live-replies-context';
import { Runner } from './runner';
import { createRunnerStore, type RunnerStore } from './runner-store';
import { sharedRunPrompt } from './shared-run';

export interface RunnerLocationState {
  sessionKey?: string;
  /** Skip the continue offer ("New run", "Start fresh"). */
  fresh?: boolean;
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'missing'; message: string; shared?: boolean }
  | { kind: 'choose'; prompt: Prompt; latest: Run }
  | { kind: 'ready'; store: RunnerStore };

export function RunnerPage() {
  const { id = '', runId } = useParams();
  const location = useLocation();
  const state = (location.state ?? null) as RunnerLocationState | null;
  const sessionKey = state?.sessionKey ?? location.key;
  return <RunnerSession key={sessionKey} sessionKey={sessionKey} promptId={id} runId={runId ?? null} fresh={state?.fresh === true} />;
}

interface SessionProps {
  sessionKey: string;
  promptId: string;
  runId: string | null;
  fresh: boolean;
}

function RunnerSession({ sessionKey, promptId, runId, fresh }: SessionProps) {
  const db = useDb();
  const navigate = useNavigate();
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [startFresh, setStartFresh] = useState(fresh);

  // Loads once per session: later URL changes within the session are the session's own doing.
  useEffect(() => {
    let live = true;
    let store: RunnerStore | null = null;
    const start = (prompt: Prompt, loaded: Awaited<ReturnType<typeof getRun>>) => {
      store = createRunnerStore({
        db,
        prompt,
        loaded,
        resolveProvider: (providerId) => getProvider(db, providerId),
        stream: (request) => streamChat(request),
        onRunCreated: (run) =>
          void navigateRef.current(`/ai/prompts/run/${promptId}/${run.id}`, {
            replace: true,
            state: { sessionKey } satisfies RunnerLocationState,
          }),
        startComparison: comparisonStarter({
          db,
          prompt,
          session: () => (store ? { setState: (patch) => store?.setState(patch), send: (typed) => store!.getState().send(typed) } : null),
          // The compare view streams every reply (replyPending) and says which models were left out.
          openComparison: (runIds, skipped) => void navigateRef.current(compareUrl(runIds), { state: { replyPending: true, skipped } }),
        }),
      });
      setPhase({ kind: 'ready', store });
    };
    void (async () => {
      performance.mark('runner:load-start');
      const prompt = await getPrompt(db, promptId);
      if (!live) return;
      if (runId) {
        const loaded = await getRun(db, runId);
        performance.mark('runner:run-read');
        if (!live) return;
        if (!loaded || loaded.run.prompt_id !== promptId || (!prompt && !loaded.run.shared)) {
          return setPhase({ kind: 'missing', message: 'This run does not exist on this device.' });
        }
        // A run shared with me runs without its prompt, which is its owner's (or with it, if I am both).
        return start(loaded.run.shared ? sharedRunPrompt(loaded.run) : prompt!, loaded);
      }
      if (!prompt || prompt.status === 'deleted') return setPhase({ kind: 'missing', message: 'This prompt does not exist on this device.' });
      // "You have a run of this prompt": mine, not one shared with me (the example prompts' ids are the same
      // in every account, so someone's "Free chat" run shared with me carries my "Free chat"'s id).
      const latest = startFresh ? undefined : (await listRunsForPrompt(db, promptId, { limit: 10 })).find((r) => !r.shared);
      if (!live) return;
      if (latest) return setPhase({ kind: 'choose', prompt, latest });
      start(prompt, null);
    })();
    return () => {
      live = false;
      store?.getState().dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runId changes inside a session are ours
  }, [db, promptId, startFresh]);

  // Another tab or device may change the open run: follow the database while this session is shown. A
  // run that leaves the device (its owner removed me, or I left elsewhere) ends the session, saying why.
  useEffect(() => {
    if (phase.kind !== 'ready') return;
    const store = phase.store;
    return followStoredRun(db, store, () => {
      const shared = Boolean(store.getState().run?.shared);
      store.getState().dispose();
      setPhase({
        kind: 'missing',
        shared,
        message: shared ? 'You no longer have access to this run: its owner removed you, or you left it.' : 'This run is no longer on this device.',
      });
    });
  }, [db, phase]);
  // And, where the project has Realtime, replies streaming on the user's other screens, live.
  const streams = useAccount((s) => s.replyStreams);
  const [remote, setRemote] = useState<RemoteMessages>(NO_REMOTE);
  useEffect(() => {
    if (phase.kind !== 'ready' || !streams) return;
    const live = followLiveReplies(phase.store, streams);
    setRemote(live.remote);
    return () => {
      live.stop();
      setRemote(NO_REMOTE);
    };
  }, [phase, streams]);

  const onNewRun = () => void navigate(`/ai/prompts/run/${promptId}`, { state: { fresh: true } satisfies RunnerLocationState });

  switch (phase.kind) {
    case 'loading':
      return <PageLoading label="Opening…" />;
    case 'missing':
      return (
        <div role="alert" className="flex flex-col items-start gap-3 p-6">
          <p>{phase.message}</p>
          {phase.shared ? <ButtonLink to="/ai/prompts/runs/shared">Shared with me</ButtonLink> : <ButtonLink to="/ai/prompts">Back to prompts</ButtonLink>}
        </div>
      );
    case 'choose':
      return <ContinueChoice prompt={phase.prompt} latest={phase.latest} onStartFresh={() => setStartFresh(true)} />;
    case 'ready':
      return (
        <LiveRepliesContext value={remote}>
          <Runner store={phase.store} onNewRun={onNewRun} />
        </LiveRepliesContext>
      );
  }
}
