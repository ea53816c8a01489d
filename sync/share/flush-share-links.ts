// Tell the server what this device did to its share links: revocations first (a link must die as soon as
// possible), then the links made here, oldest first. A link waits (stays pending) while its run is not on
// the server yet; the flush stops at the first sign of no connection or session; a link the server
// refuses for good keeps the reason, so the owner is told instead of waiting forever.
import type { PromptRunsDB } from '../db';
import { queuedShareLinks, removeShareLink, updateShareLink } from '../store/shares';
import type { ShareApi, ShareApiFailure } from './share-api';
import { hashShareToken } from './share-token';

export interface ShareFlushOutcome {
  sent: number;
  /** Links still queued after this flush (their run not synced yet, or the flush stopped). */
  waiting: number;
  stoppedBy: 'offline' | 'signed_out' | null;
}

export async function flushShareLinks(db: PromptRunsDB, api: ShareApi): Promise<ShareFlushOutcome> {
  const outcome: ShareFlushOutcome = { sent: 0, waiting: 0, stoppedBy: null };
  const stop = (failure: ShareApiFailure, left: number): ShareFlushOutcome => {
    outcome.stoppedBy = failure.reason === 'signed_out' ? 'signed_out' : 'offline';
    outcome.waiting += left;
    return outcome;
  };

  const revoking = await queuedShareLinks(db, 'revoking');
  for (const [i, link] of revoking.entries()) {
    const result = await api.revoke(link.id);
    if (!result.ok) {
      if (result.error.reason === 'refused' || result.error.reason === 'not_synced') continue;
      return stop(result.error, revoking.length - i + (await queuedShareLinks(db, 'pending')).length);
    }
    // false: the server never had it, so nobody can have opened it.
    if (result.value) await updateShareLink(db, link.id, { state: 'synced' }, 'revoking');
    else await removeShareLink(db, link.id);
    outcome.sent += 1;
  }

  const pending = await queuedShareLinks(db, 'pending');
  for (const [i, link] of pending.entries()) {
    if (!link.token) {
      await updateShareLink(db, link.id, { failure: 'This link was made without its secret and cannot work: make a new one.' });
      continue;
    }
    if (await db.purged.get(link.runId)) {
      await updateShareLink(db, link.id, { failure: 'The run was deleted forever, so this link cannot be made.' });
      continue;
    }
    const result = await api.create({
      id: link.id,
      runId: link.runId,
      tokenHash: await hashShareToken(link.token),
      mode: link.mode,
      leafId: link.leafId,
      runName: link.runName,
      promptName: link.promptName,
      modelName: link.modelName,
      hiddenVariables: link.hiddenVariables,
      expiresAt: link.expiresAt,
    });
    if (result.ok) {
      // Only if still pending: a revoke made while the request was out must still reach the server.
      await updateShareLink(db, link.id, { state: 'synced', createdAt: result.value.createdAt, revokedAt: result.value.revokedAt }, 'pending');
      outcome.sent += 1;
    } else if (result.error.reason === 'not_synced') {
      outcome.waiting += 1;
    } else if (result.error.reason === 'refused') {
      await updateShareLink(db, link.id, { failure: result.error.message });
    } else {
      return stop(result.error, pending.length - i);
    }
  }
  return outcome;
}
