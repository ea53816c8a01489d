// The sync loop: push the outbox in batches until it is empty, then pull pages until the server has no
// more, on start, `online`, visibility, new local writes and a timer. Failures back off with jitter and
// never give up; 401 refreshes the session first. Storage, transport, clock, timers and random are ports.
import { liveQuery } from 'dexie';
import type { PromptRunsDB } from '../db';
import { getClockOffset, nowIso, nowMs, setClockOffset } from '../clock';
import { applyPull } from './apply-pull';
import { retryDelay } from './backoff';
import type { BatchLimits } from './build-batch';
import { discardDeadLetter, listDeadLetters, retryDeadLetter } from './dead-letters';
import { browserEnvironment, type SyncEnvironment } from './environment';
import { alwaysLeader, type LeaderElector } from './leader';
import { pushOutbox } from './push-outbox';
import type { RandomSource } from './random';
import { createStateCell, initialSyncState, type SyncListener, type SyncState } from './sync-state';
import { META, readCursor, readLastSyncedAt } from './sync-meta';
import type { SyncTransport, TransportFailure } from './transport';

export interface EngineTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface EngineClock {
  /** Device time in ms, uncorrected. */
  now(): number;
  /** Receive the skew correction (server − device) learnt from responses. */
  setOffset(ms: number): void;
}

export interface AuthPort {
  /** Refresh the session after a 401; false when there is no session to refresh (signed out). */
  refresh(): Promise<boolean>;
}

export interface SyncEngineOptions {
  db: PromptRunsDB;
  transport: SyncTransport;
  auth?: AuthPort;
  clock?: EngineClock;
  timers?: EngineTimers;
  random?: RandomSource;
  environment?: SyncEnvironment;
  leader?: LeaderElector;
  /** Timer flush and pull while idle (default 10 s: another device's edits show up within seconds even without Realtime). */
  pollIntervalMs?: number;
  /** Gather rapid local writes before pushing (default 500 ms). */
  localChangeDelayMs?: number;
  limits?: BatchLimits;
  pullPageSize?: number;
  /** Follow the outbox with a Dexie live query (default true); tests may notify by hand instead. */
  watchDatabase?: boolean;
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
  /** Re-read pending count, dead letters and last sync from the database into the state. */
  refreshState(): Promise<void>;
}

const MAX_ROUNDS_PER_CYCLE = 10_000;
const OFFSET_JITTER_MS = 1_000;

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, transport } = options;
  const clock: EngineClock = options.clock ?? { now: () => nowMs() - getClockOffset(), setOffset: setClockOffset };
  const timers: EngineTimers = options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  const random = options.random ?? Math.random;
  const env = options.environment ?? browserEnvironment();
  const pollMs = options.pollIntervalMs ?? 10_000;
  const limits: BatchLimits = options.limits ?? { maxChanges: 100, maxMessages: 1_000 };
  const pageSize = options.pullPageSize ?? 500;
  const cell = createStateCell({ ...initialSyncState, online: env.isOnline() });

  let timer: unknown = null;
  let running: Promise<CycleResult> | null = null;
  let rerun = false;
  let attempt = 0;
  let notBefore = 0; // Retry-After floor: nothing is sent before it, whatever the trigger
  let started = false;
  const cleanups: Array<() => void> = [];

  function learnOffset(serverTime: string, sentAt: number, receivedAt: number): void {
    const server = Date.parse(serverTime);
    if (Number.isNaN(server)) return;
    const measured = server - (sentAt + receivedAt) / 2;
    // The estimate is only good to ±half the round trip: a slow reply must not drag the clock about.
    const uncertainty = (receivedAt - sentAt) / 2;
    if (Math.abs(measured - getClockOffset()) > OFFSET_JITTER_MS + uncertainty) clock.setOffset(Math.round(measured));
  }

  function schedule(ms: number): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = !started ? null : timers.setTimeout(() => {
      timer = null;
      void kick('timer');
    }, Math.max(ms, notBefore - clock.now(), 0));
    cell.set({ nextRetryAt: attempt > 0 && started ? clock.now() + Math.max(ms, notBefore - clock.now()) : null });
  }

  async function refreshState(): Promise<void> {
    try {
      // Coalesced entries keep their first queuedAt while their seq moves on, so scan for the oldest.
      let oldest: string | null = null;
      const [pending, deadLetters, lastSyncedAt] = await Promise.all([
        db.outbox.count(),
        listDeadLetters(db),
        readLastSyncedAt(db),
        db.outbox.each((e) => {
          if (oldest === null || e.queuedAt < oldest) oldest = e.queuedAt;
        }),
      ]);
      cell.set({ pending, oldestPendingAt: oldest, deadLetters, lastSyncedAt });
    } catch {
      // The database was closed (sign-out, user switch): the state of a closed database no longer matters.
    }
  }

  async function withSessionRetry<T>(call: () => Promise<T | { kind: 'failed'; failure: TransportFailure }>, refreshed: { done: boolean }): Promise<T | { kind: 'failed'; failure: TransportFailure }> {
    for (;;) {
      const outcome = await call();
      const failed = outcome as { kind?: string; failure?: TransportFailure };
      if (failed.kind !== 'failed' || failed.failure?.kind !== 'unauthorized' || refreshed.done || !options.auth) return outcome;
      refreshed.done = true;
      if (!(await options.auth.refresh())) return outcome;
    }
  }

  async function cycle(): Promise<CycleResult> {
    const refreshed = { done: false };
    let pulled = 0;
    const pushedOut = await pushOutbox(db, transport, {
      auth: options.auth,
      limits,
      refreshed,
      now: () => clock.now(),
      onPushed: async (serverTime, sentAt) => {
        if (serverTime) learnOffset(serverTime, sentAt, clock.now());
        await refreshState();
      },
    });
    if (!pushedOut.ok) return fail(pushedOut.failure);
    const { pushed } = pushedOut;
    for (let round = 0; round < MAX_ROUNDS_PER_CYCLE; round += 1) {
      const sentAt = clock.now();
      const since = await readCursor(db);
      const res = await withSessionRetry(async () => {
        const r = await transport.pull({ since, max_rows: pageSize });
        return r.kind === 'ok' ? r : { kind: 'failed' as const, failure: r };
      }, refreshed);
      if (res.kind === 'failed') return fail(res.failure);
      const counts = await applyPull(db, res.value);
      learnOffset(res.value.server_time, sentAt, clock.now());
      pulled += counts.prompts + counts.runs + counts.messages;
      if (!res.value.has_more) break;
    }
    const at = nowIso();
    await db.meta.put({ key: META.lastSyncedAt, value: at });
    attempt = 0;
    cell.set({ error: null });
    await refreshState();
    schedule(pollMs);
    return { ok: true, pushed, pulled };
  }

  function fail(failure: TransportFailure): CycleResult {
    const retryAfterMs = failure.kind === 'server' ? failure.retryAfterMs : undefined;
    if (retryAfterMs !== undefined) notBefore = clock.now() + retryAfterMs;
    const retryInMs = retryDelay(attempt, random, retryAfterMs);
    attempt += 1;
    cell.set({ error: { kind: failure.kind, message: failure.message, at: nowIso() } });
    schedule(retryInMs);
    return { ok: false, failure, retryInMs };
  }

  function runCycle(): Promise<CycleResult> {
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
    if (!started || !cell.get().leader) return;
    if (!env.isOnline()) return void cell.set({ online: false });
    // New writes and notices wait out a backoff in progress; connectivity and focus retry at once.
    // Retry-After binds every trigger.
    if ((trigger === 'local-change' || trigger === 'remote-change') && attempt > 0) return;
    if (clock.now() < notBefore) return void schedule(notBefore - clock.now());
    if (trigger === 'timer' && attempt === 0 && !env.isVisible() && cell.get().pending === 0) return void schedule(pollMs);
    await runCycle();
  }

  let localTimer: unknown = null;
  function notifyLocalChange(): void {
    void refreshState();
    if (localTimer !== null) return;
    localTimer = timers.setTimeout(() => {
      localTimer = null;
      void kick('local-change');
    }, options.localChangeDelayMs ?? 500);
  }

  // Follows the outbox and the sync bookkeeping, in this tab and (through Dexie) the others: a tab that
  // is not the leader still shows the leader's progress.
  function watchOutbox(): () => void {
    // The newest entry's seq only grows with each local write, so emissions that Dexie coalesces
    // under load can never hide one (a count could go 2 → 0 → 2 unseen).
    let lastSeq: number | null = null;
    const query = async () => ({
      newest: (await db.outbox.orderBy('seq').last())?.seq ?? 0,
      count: await db.outbox.count(),
      synced: (await db.meta.get(META.lastSyncedAt))?.value,
      dead: await db.meta.where('key').startsWith('sync.dead:').count(),
    });
    const subscription = liveQuery(query).subscribe({
      next: ({ newest }) => {
        if (lastSeq !== null && newest > lastSeq) notifyLocalChange();
        else void refreshState();
        lastSeq = Math.max(lastSeq ?? 0, newest);
      },
      error: () => undefined,
    });
    return () => subscription.unsubscribe();
  }

  return {
    start() {
      if (started) return;
      started = true;
      void refreshState();
      if (options.watchDatabase ?? true) cleanups.push(watchOutbox());
      cleanups.push(env.onOnline(() => {
        cell.set({ online: true });
        void kick('online');
      }));
      cleanups.push(env.onOffline(() => cell.set({ online: false })));
      cleanups.push(env.onVisible(() => void kick('visible')));
      cleanups.push((options.leader ?? alwaysLeader()).campaign(() => {
        cell.set({ leader: true });
        void kick('start');
      }));
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
      await retryDeadLetter(db, id);
      notifyLocalChange();
    },
    async discardDeadLetter(id) {
      await discardDeadLetter(db, id);
      await refreshState();
    },
    refreshState,
  };
}
