// Push the whole outbox: the first half of the engine's sync cycle, and all the service worker does with
// the app closed (the pull waits for the next open). Batches with seqs stored before sending, acks per
// result, refusals to dead letters, a failing batch narrowed down, one refresh after a 401.
import type { PromptRunsDB } from '../db';
import { PROTOCOL_VERSION, SYNC_LIMITS } from '../protocol';
import type { BatchLimits } from './build-batch';
import { pushBatch } from './push-batch';
import { ensureClientId, readCursor } from './sync-meta';
import type { SyncTransport, TransportFailure } from './transport';

export type PushOutboxResult =
  | { ok: true; pushed: number; rejected: number }
  | { ok: false; failure: TransportFailure };

const MAX_ROUNDS = 10_000;

export const DEFAULT_LIMITS: BatchLimits = { maxChanges: 100, maxMessages: SYNC_LIMITS.messagesPerChange };

/** How renewing the session went: `unreachable` is a network fault (retried soon), not a sign-out. */
export type RefreshOutcome = 'refreshed' | 'signed-out' | 'unreachable';

export interface SessionRenewer {
  /** Renew the session (after a 401, or when there is no valid token to send); `true`/`false` mean refreshed/signed-out. */
  refresh(): Promise<RefreshOutcome | boolean>;
}

/**
 * After an `unauthorized` failure: renew the session once per cycle. Null means "renewed, send again";
 * otherwise the failure to report (a refresh that could not reach the server reports as a network fault).
 */
export async function renewSession(auth: SessionRenewer | undefined, refreshed: { done: boolean }, failure: TransportFailure): Promise<TransportFailure | null> {
  if (failure.kind !== 'unauthorized' || refreshed.done || !auth) return failure;
  refreshed.done = true;
  const outcome = await auth.refresh();
  if (outcome === true || outcome === 'refreshed') return null;
  if (outcome === 'unreachable') return { kind: 'network', message: 'The session could not be renewed: the sign-in server did not answer.' };
  return failure;
}

export interface PushOutboxOptions {
  /** Renews the session after a 401 (the engine's AuthPort). */
  auth?: SessionRenewer | undefined;
  limits?: BatchLimits;
  /** One refresh per sync cycle: the engine shares this flag between its push and its pull. */
  refreshed?: { done: boolean };
  /** After each answered batch (the engine learns the clock offset and updates its state here); serverTime is '' for a change parked without an answer. */
  onPushed?(serverTime: string, sentAt: number): Promise<void> | void;
  now?(): number;
}

export async function pushOutbox(db: PromptRunsDB, transport: SyncTransport, options: PushOutboxOptions = {}): Promise<PushOutboxResult> {
  const { auth, limits = DEFAULT_LIMITS, refreshed = { done: false }, now = Date.now } = options;
  const clientId = await ensureClientId(db);
  let size = Math.min(limits.maxChanges, SYNC_LIMITS.changesPerCall);
  let maxMessages = Math.min(limits.maxMessages, SYNC_LIMITS.messagesPerChange);
  let pushed = 0;
  let rejected = 0;
  const probe = async () => (await transport.pull({ since: await readCursor(db), max_rows: 1, protocol: PROTOCOL_VERSION })).kind === 'ok';
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const sentAt = now();
    const out = await pushBatch(db, transport, clientId, { limits: { maxChanges: size, maxMessages }, probe });
    if (out.kind === 'idle') return { ok: true, pushed, rejected };
    if (out.kind === 'narrowed') {
      size = out.size;
      continue;
    }
    if (out.kind === 'failed') {
      // The batch stays in flight with its seqs: the retry (after the refresh, or the browser's) resends it as is.
      const failure = await renewSession(auth, refreshed, out.failure);
      if (failure) return { ok: false, failure };
      continue;
    }
    if (out.fewerMessages) maxMessages = Math.max(1, Math.floor(maxMessages / 2));
    pushed += out.applied + out.duplicates;
    rejected += out.rejected;
    await options.onPushed?.(out.serverTime, sentAt);
  }
  return { ok: true, pushed, rejected };
}
