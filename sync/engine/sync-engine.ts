// The sync loop: push the outbox in batches until it is empty, then pull pages until the server has no
// more, on start, `online`, visibility, new local writes and a timer. Failures back off with jitter and
// never give up; 401 refreshes the session first. Storage, transport, clock, timers and random are ports.
import type { PromptRunsDB } from '../db';
import { PROTOCOL_VERSION } from '../protocol';
import { clockFor, type DeviceClock } from '../clock';
import { applyPull, retryReceivedRow } from './apply-pull';
import { retryDelay } from './backoff';
import type { BatchLimits } from './build-batch';
import { discardDeadLetter, getDeadLetter, retryDeadLetter } from './dead-letters';
import { dismissRecoveredRun } from './recover-purged';
import { browserEnvironment, type SyncEnvironment } from './environment';
import { alwaysLeader, type LeaderElector } from './leader';
import { DEFAULT_LIMITS, pushOutbox, renewSession, type SessionRenewer } from './push-outbox';
import type { RandomSource } from './random';
import { createStateCell, initialSyncState, oneAtATime, readSyncState, type SyncListener, type SyncState } from './sync-state';
import { META, readCursor } from './sync-meta';
import { watchOutbox } from './watch-outbox';
import type { SyncTransport, TransportFailure } from './transport';

export interface EngineTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Renews the user's session: `unreachable` when the sign-in server did not answer (retried like a network fault). */
export type AuthPort = SessionRenewer;

export interface SyncEngineOptions {
  db: PromptRunsDB;
  transport: SyncTransport;
  auth?: AuthPort;
  /** The device's clock (default: the one `db` stamps its edits with); the engine corrects its offset. */
  clock?: DeviceClock;
  timers?: EngineTimers;
  random?: RandomSource;
  environment?: SyncEnvironment;
  leader?: LeaderElector;
  /** Timer flush and pull while idle (default 10 s: another device's edits show up within seconds even without Realtime). */
  pollIntervalMs?: number;
  /**
   * Gather rapid local writes before pushing (default 500 ms). A write after a quiet spell (none gathered
   * within this long) is pushed at once (`QUIET_WRITE_DELAY_MS`), so a rename or a star reaches the other
   * devices half a second sooner; the writes that follow it are gathered.
   */
  localChangeDelayMs?: number;
  limits?: BatchLimits;
  pullPageSize?: number;
  /** Follow the outbox with a Dexie live query (default true); tests may notify by hand instead. */
  watchDatabase?: boolean;
  /** A first sync while there is no pull cursor (sync/snapshot: newest runs first); it sets the cursor. */
  initialSync?: (db: PromptRunsDB) => Promise<{ ok: true } | { ok: false; failure: TransportFailure }>;
}

export type CycleResult =
  | { ok: true; pushed: number; pulled: number }
  | { ok: false; failure: TransportFailure; retryInMs: number };

export interface SyncEngine {
  start(): void;
  stop(): void;
  /** Run one full cycle now (push everything, pull everything) and report how it went. */
  syncNow(): Promise<CycleResult>;
  /** A local write happened (the live query notices too; this is for hosts without it). */
  notifyLocalChange(): void;
  /** Another device changed something (a Realtime notice): a hint to pull, never the data itself. */
  notifyRemoteChange(): void;
  getState(): SyncState;
  subscribe(listener: SyncListener): () => void;
  retryDeadLetter(id: string): Promise<void>;
  discardDeadLetter(id: string): Promise<void>;
  /** The person has read the notice about a recovered run. */
  dismissRecoveredRun(runId: string): Promise<void>;
  /** Re-read pending count, dead letters and last sync from the database into the state. */
  refreshState(): Promise<void>;
}

const MAX_ROUNDS_PER_CYCLE = 10_000;
const OFFSET_JITTER_MS = 1_000;
/**
 * No connection is cheap to retry and costs the server nothing, and the browser's `online` event does not
 * fire when a link heals beyond the device (a router, a proxy): retry within seconds, not a minute.
 */
const NETWORK_BACKOFF = { capMs: 5_000 };
/** A local write after a quiet spell waits only this long: the other writes of the same action join it. */
export const QUIET_WRITE_DELAY_MS = 50;

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, transport } = options;
  const clock: DeviceClock = options.clock ?? clockFor(db);
  const timers: EngineTimers = options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  const random = options.random ?? Math.random;
  const env = options.environment ?? browserEnvironment();
  const pollMs = options.pollIntervalMs ?? 10_000;
  const limits: BatchLimits = options.limits ?? DEFAULT_LIMITS;
  const pageSize = options.pullPageSize ?? 500;
  const cell = createStateCell({ ...initialSyncState, online: env.isOnline() });

  let timer: unknown = null;
  let running: Promise<CycleResult> | null = null;
  let rerun = false;
  let attempt = 0;
  let notBefore = 0; // Retry-After floor: nothing is sent before it, whatever the trigger
  let started = false;
  /** The server refused this app's protocol: syncing stops until the page is reloaded with a newer app. */
  let outdated = false;
  const cleanups: Array<() => void> = [];

  function learnOffset(serverTime: string, sentAt: number, receivedAt: number): void {
    const server = Date.parse(serverTime);
    if (Number.isNaN(server)) return;
    const measured = server - (sentAt + receivedAt) / 2;
    // The estimate is only good to ±half the round trip: a slow reply must not drag the clock about.
    const uncertainty = (receivedAt - sentAt) / 2;
    if (Math.abs(measured - clock.offset()) > OFFSET_JITTER_MS + uncertainty) clock.setOffset(Math.round(measured));
  }

  function schedule(ms: number): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = !started ? null : timers.setTimeout(() => {
      timer = null;
      void kick('timer');
    }, Math.max(ms, notBefore - clock.deviceNow(), 0));
    cell.set({ nextRetryAt: attempt > 0 && started ? clock.deviceNow() + Math.max(ms, notBefore - clock.deviceNow()) : null });
  }

  // Each read scans the outbox: calls while one runs share one more read after it (oneAtATime).
  const refreshState = oneAtATime(async () => {
    try {
      cell.set(await readSyncState(db));
    } catch {
      // The database was closed (sign-out, user switch): the state of a closed database no longer matters.
    }
  });

  async function withSessionRetry<T>(call: () => Promise<T | { kind: 'failed'; failure: TransportFailure }>, refreshed: { done: boolean }): Promise<T | { kind: 'failed'; failure: TransportFailure }> {
    for (;;) {
      const outcome = await call();
      const failed = outcome as { kind?: string; failure?: TransportFailure };
      if (failed.kind !== 'failed' || !failed.failure) return outcome;
      const failure = await renewSession(options.auth, refreshed, failed.failure);
      if (failure) return { kind: 'failed', failure };
    }
  }

  async function cycle(): Promise<CycleResult> {
    const refreshed = { done: false };
    let pulled = 0;
    const pushedOut = await pushOutbox(db, transport, {
      auth: options.auth,
      limits,
      refreshed,
      now: () => clock.deviceNow(),
      onPushed: async (serverTime, sentAt) => {
        if (serverTime) learnOffset(serverTime, sentAt, clock.deviceNow());
        await refreshState();
      },
    });
    if (!pushedOut.ok) return fail(pushedOut.failure);
    const { pushed } = pushedOut;
    const first = options.initialSync && (await readCursor(db)) === null ? await options.initialSync(db) : null;
    if (first && !first.ok) return fail(first.failure);
    for (let round = 0; round < MAX_ROUNDS_PER_CYCLE; round += 1) {
      const sentAt = clock.deviceNow();
      const since = await readCursor(db);
      const res = await withSessionRetry(async () => {
        const r = await transport.pull({ since, max_rows: pageSize, protocol: PROTOCOL_VERSION });
        return r.kind === 'ok' ? r : { kind: 'failed' as const, failure: r };
      }, refreshed);
      if (res.kind === 'failed') return fail(res.failure);
      const counts = await applyPull(db, res.value);
      learnOffset(res.value.server_time, sentAt, clock.deviceNow());
      pulled += counts.prompts + counts.runs + counts.messages;
      if (!res.value.has_more) break;
    }
    const at = clock.nowIso();
    await db.meta.put({ key: META.lastSyncedAt, value: at });
    attempt = 0;
    cell.set({ error: null });
    await refreshState();
    schedule(pollMs);
    return { ok: true, pushed, pulled };
  }

  function fail(failure: TransportFailure): CycleResult {
    cell.set({ error: { kind: failure.kind, message: failure.message, at: clock.nowIso() } });
    if (failure.kind === 'outdated') {
      // The server no longer speaks this app's protocol: every change stays queued, nothing is retried
      // until a reload brings the new version (the update prompt says so).
      outdated = true;
      cell.set({ needsUpdate: true, nextRetryAt: null });
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      return { ok: false, failure, retryInMs: Number.POSITIVE_INFINITY };
    }
    const retryAfterMs = failure.kind === 'server' ? failure.retryAfterMs : undefined;
    if (retryAfterMs !== undefined) notBefore = clock.deviceNow() + retryAfterMs;
    const retryInMs = retryDelay(attempt, random, retryAfterMs, failure.kind === 'network' ? NETWORK_BACKOFF : undefined);
    attempt += 1;
    schedule(retryInMs);
    return { ok: false, failure, retryInMs };
  }

  function runCycle(): Promise<CycleResult> {
    if (outdated) return Promise.resolve({ ok: false, failure: { kind: 'outdated', min: 0, max: 0, message: 'This version of the app can no longer sync.' }, retryInMs: Number.POSITIVE_INFINITY });
    if (running) {
      rerun = true;
      return running;
    }
    cell.set({ syncing: true });
    running = cycle()
      .catch((error: unknown): CycleResult => fail({ kind: 'server', status: 0, message: `Sync failed on this device: ${error instanceof Error ? error.message : String(error)}` }))
      .finally(() => {
        running = null;
        cell.set({ syncing: false });
        void refreshState();
        if (rerun && started) {
          rerun = false;
          void kick('rerun');
        }
      });
    return running;
  }

  type Trigger = 'start' | 'online' | 'visible' | 'timer' | 'local-change' | 'remote-change' | 'rerun';
  async function kick(trigger: Trigger): Promise<void> {
    if (!started || !cell.get().leader || outdated) return;
    if (!env.isOnline()) return void cell.set({ online: false });
    // New writes and notices wait out a backoff in progress; connectivity and focus retry at once.
    // Retry-After binds every trigger.
    if ((trigger === 'local-change' || trigger === 'remote-change') && attempt > 0) return;
    if (clock.deviceNow() < notBefore) return void schedule(notBefore - clock.deviceNow());
    if (trigger === 'timer' && attempt === 0 && !env.isVisible() && cell.get().pending === 0) return void schedule(pollMs);
    await runCycle();
  }

  let localTimer: unknown = null;
  let lastLocalKick = Number.NEGATIVE_INFINITY;
  function notifyLocalChange(): void {
    void refreshState();
    if (localTimer !== null) return;
    const gather = options.localChangeDelayMs ?? 500;
    const quiet = clock.deviceNow() - lastLocalKick >= gather;
    localTimer = timers.setTimeout(() => {
      localTimer = null;
      lastLocalKick = clock.deviceNow();
      void kick('local-change');
    }, quiet ? Math.min(QUIET_WRITE_DELAY_MS, gather) : gather);
  }

  return {
    start() {
      if (started) return;
      started = true;
      void refreshState();
      if (options.watchDatabase ?? true) cleanups.push(watchOutbox(db, { onLocalWrite: notifyLocalChange, onChange: () => void refreshState() }));
      cleanups.push(env.onOnline(() => {
        cell.set({ online: true });
        void kick('online');
      }));
      cleanups.push(env.onOffline(() => cell.set({ online: false })));
      cleanups.push(env.onVisible(() => void kick('visible')));
      const resign = (options.leader ?? alwaysLeader()).campaign(() => {
        cell.set({ leader: true });
        void kick('start');
      });
      // Leadership ends only once a cycle under way has: until then another context must not push.
      cleanups.push(() => (running ? void running.finally(resign) : resign()));
    },
    stop() {
      started = false;
      for (const cleanup of cleanups.splice(0)) cleanup();
      if (timer !== null) timers.clearTimeout(timer);
      if (localTimer !== null) timers.clearTimeout(localTimer);
      timer = localTimer = null;
      cell.set({ leader: false, nextRetryAt: null });
    },
    syncNow: () => runCycle(),
    notifyLocalChange,
    notifyRemoteChange: () => void kick('remote-change'),
    getState: () => cell.get(),
    subscribe: (listener) => cell.subscribe(listener),
    async retryDeadLetter(id) {
      const letter = await getDeadLetter(db, id);
      // A row that could not be read is applied again (an updated app may read it); a refused change is queued again.
      if (letter?.received) await retryReceivedRow(db, letter);
      else await retryDeadLetter(db, id);
      notifyLocalChange();
    },
    async dismissRecoveredRun(runId) {
      await dismissRecoveredRun(db, runId);
      await refreshState();
    },
    async discardDeadLetter(id) {
      await discardDeadLetter(db, id);
      await refreshState();
    },
    refreshState,
  };
}
