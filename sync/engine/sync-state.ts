// What the engine tells the UI (requirement 11), and a tiny observable holding it.
import type { PromptRunsDB } from '../db';
import type { OutboxEntry } from '../model';
import { listDeadLetters, type DeadLetter } from './dead-letters';
import { listRecoveredRuns, type RecoveredRun } from './recover-purged';
import { readLastSyncedAt } from './sync-meta';

export interface SyncError {
  kind: 'network' | 'timeout' | 'server' | 'unauthorized' | 'rejected' | 'outdated';
  message: string;
  at: string;
}

export interface SyncState {
  /** The device believes it has a connection (browser signal; a failing server shows as `error`). */
  online: boolean;
  /** This tab runs the engine (one leader per browser). */
  leader: boolean;
  syncing: boolean;
  /** Local changes the server has not acknowledged yet (outbox entries: a message is one). */
  pending: number;
  /** What those changes are to a person: how many runs (new text or edits) and prompts wait to sync. */
  pendingItems: { runs: number; prompts: number };
  /** When the oldest of them was queued (ISO), or null. */
  oldestPendingAt: string | null;
  lastSyncedAt: string | null;
  /** The latest failure since the last success; cleared by a successful cycle. */
  error: SyncError | null;
  deadLetters: DeadLetter[];
  /** Device time (ms) of the next automatic attempt after a failure, or null. */
  nextRetryAt: number | null;
  /** The server no longer speaks this app's protocol: nothing syncs (everything stays queued) until a reload. */
  needsUpdate: boolean;
  /** Runs made from text written here for runs deleted forever on another device, until the person dismisses the notice. */
  recovered: RecoveredRun[];
}

export const initialSyncState: SyncState = {
  online: true,
  leader: false,
  syncing: false,
  pending: 0,
  pendingItems: { runs: 0, prompts: 0 },
  oldestPendingAt: null,
  lastSyncedAt: null,
  error: null,
  deadLetters: [],
  nextRetryAt: null,
  needsUpdate: false,
  recovered: [],
};

export type SyncListener = (state: SyncState) => void;

export function createStateCell(initial: SyncState) {
  let state = initial;
  const listeners = new Set<SyncListener>();
  return {
    get: () => state,
    set(patch: Partial<SyncState>) {
      state = { ...state, ...patch };
      for (const listener of listeners) listener(state);
    },
    subscribe(listener: SyncListener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/**
 * `run` one at a time: calls made while it runs share one more run after it, so a caller always gets a run
 * that started after its call, and a burst of calls (an import's batches, a push's acks) costs two runs.
 */
export function oneAtATime(run: () => Promise<void>): () => Promise<void> {
  let current: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const call = (): Promise<void> => {
    if (!current) {
      current = run().finally(() => {
        current = null;
      });
      return current;
    }
    // Runs after `current` settles either way: a failed run must not leave `next` as its rejection.
    const after = () => {
      next = null;
      return call();
    };
    next ??= current.then(after, after);
    return next;
  };
  return call;
}

/** Entries read per request: a cursor's round trip per entry took seconds over an import's ~100,000. */
const SCAN_PAGE = 5_000;

/** Every outbox entry, in key order, read a page at a time (each page one request). */
async function eachQueued(db: PromptRunsDB, pageSize: number, visit: (e: OutboxEntry) => void): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const from: string | null = after;
    const page: OutboxEntry[] = await (from === null ? db.outbox.limit(pageSize) : db.outbox.where(':id').above(from).limit(pageSize)).toArray();
    page.forEach(visit);
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.key;
  }
}

/** The parts of the state kept in the database: what waits, what could not sync, notices, the last sync. */
export async function readSyncState(db: PromptRunsDB, pageSize = SCAN_PAGE): Promise<Pick<SyncState, 'pending' | 'pendingItems' | 'oldestPendingAt' | 'deadLetters' | 'lastSyncedAt' | 'recovered'>> {
  // Coalesced entries keep their first queuedAt while their seq moves on, so scan for the oldest.
  let oldest: string | null = null;
  const runs = new Set<string>();
  const prompts = new Set<string>();
  let pending = 0;
  const [deadLetters, lastSyncedAt, recovered] = await Promise.all([
    listDeadLetters(db),
    readLastSyncedAt(db),
    listRecoveredRuns(db),
    eachQueued(db, pageSize, (e) => {
      // A saved version is the history of an edit that waits (or waited) with it: not a change of its own.
      if (e.table === 'promptVersions' || e.table === 'runVersions') return;
      pending += 1;
      if (oldest === null || e.queuedAt < oldest) oldest = e.queuedAt;
      if (e.table === 'prompts' || e.table === 'promptTags') prompts.add(e.rowId.split('/')[0]!);
      else if (e.table === 'runs' || e.table === 'runTags' || e.table === 'runFolders') runs.add(e.rowId.split('/')[0]!);
      else if (e.table === 'messages') runs.add(e.runId ?? e.rowId);
    }),
  ]);
  return { pending, pendingItems: { runs: runs.size, prompts: prompts.size }, oldestPendingAt: oldest, deadLetters, lastSyncedAt, recovered };
}
