// Push the whole outbox: the first half of the engine's sync cycle, and all the service worker does with
// the app closed (the pull waits for the next open). Batches with seqs stored before sending, acks per
// result, refusals to dead letters, a refused batch split, one refresh after a 401.
import type { PromptRunsDB } from '../db';
import type { BatchLimits } from './build-batch';
import { pushBatch } from './push-batch';
import { ensureClientId } from './sync-meta';
import type { SyncTransport, TransportFailure } from './transport';

export type PushOutboxResult =
  | { ok: true; pushed: number; rejected: number }
  | { ok: false; failure: TransportFailure };

const MAX_ROUNDS = 10_000;

export interface PushOutboxOptions {
  /** Refresh the session after a 401; false when there is none (the engine's AuthPort). */
  auth?: { refresh(): Promise<boolean> } | undefined;
  limits?: BatchLimits;
  /** One refresh per sync cycle: the engine shares this flag between its push and its pull. */
  refreshed?: { done: boolean };
  /** After each answered batch (the engine learns the clock offset and updates its state here); serverTime is '' for a lone refused change. */
  onPushed?(serverTime: string, sentAt: number): Promise<void> | void;
  now?(): number;
}

export async function pushOutbox(db: PromptRunsDB, transport: SyncTransport, options: PushOutboxOptions = {}): Promise<PushOutboxResult> {
  const { auth, limits = { maxChanges: 100, maxMessages: 1_000 }, refreshed = { done: false }, now = Date.now } = options;
  const clientId = await ensureClientId(db);
  let size = limits.maxChanges;
  let pushed = 0;
  let rejected = 0;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const sentAt = now();
    const out = await pushBatch(db, transport, clientId, { ...limits, maxChanges: size });
    if (out.kind === 'idle') return { ok: true, pushed, rejected };
    if (out.kind === 'split') {
      size = out.size;
      continue;
    }
    if (out.kind === 'failed') {
      // The batch stays in flight with its seqs: the retry (after the refresh, or the browser's) resends it as is.
      if (out.failure.kind !== 'unauthorized' || refreshed.done || !auth) return { ok: false, failure: out.failure };
      refreshed.done = true;
      if (!(await auth.refresh())) return { ok: false, failure: out.failure };
      continue;
    }
    pushed += out.applied + out.duplicates;
    rejected += out.rejected;
    await options.onPushed?.(out.serverTime, sentAt);
  }
  return { ok: true, pushed, rejected };
}
