// Push the whole outbox, no pull: what the service worker does with the app closed (the engine's cycle
// also pulls, and the page does that at the next open). Same steps as the engine's push: batches with
// seqs stored before sending, acks per result, refusals to dead letters, a refused batch split, one
// refresh after a 401.
import type { PromptRunsDB } from '../db';
import type { BatchLimits } from './build-batch';
import { pushBatch } from './push-batch';
import { ensureClientId } from './sync-meta';
import type { AuthPort } from './sync-engine';
import type { SyncTransport, TransportFailure } from './transport';

export type PushOutboxResult =
  | { ok: true; pushed: number; rejected: number }
  | { ok: false; failure: TransportFailure };

const MAX_ROUNDS = 10_000;

export async function pushOutbox(db: PromptRunsDB, transport: SyncTransport, auth?: AuthPort, limits: BatchLimits = { maxChanges: 100, maxMessages: 1_000 }): Promise<PushOutboxResult> {
  const clientId = await ensureClientId(db);
  let refreshed = false;
  let size = limits.maxChanges;
  let pushed = 0;
  let rejected = 0;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const out = await pushBatch(db, transport, clientId, { ...limits, maxChanges: size });
    if (out.kind === 'idle') return { ok: true, pushed, rejected };
    if (out.kind === 'split') {
      size = out.size;
      continue;
    }
    if (out.kind === 'failed') {
      // The batch stays in flight with its seqs: the retry (after the refresh, or the browser's) resends it as is.
      if (out.failure.kind !== 'unauthorized' || refreshed || !auth) return { ok: false, failure: out.failure };
      refreshed = true;
      if (!(await auth.refresh())) return { ok: false, failure: out.failure };
      continue;
    }
    pushed += out.applied + out.duplicates;
    rejected += out.rejected;
  }
  return { ok: true, pushed, rejected };
}
