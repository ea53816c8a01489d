// The owner's share links on the device (table `shares`, schema v8): links made here keep their token
// (the only copy of it) and wait as 'pending' until the server has them; links made on other devices
// come from the server's list, without a token.
import type { PromptRunsDB } from '../db';
import { err, ok, type Result } from '../model';
import { parseRecords } from '../parse-records';
import { parseShareLink, type ShareLink } from '../share/share-link';
import type { ServerShare } from '../share/share-api';
import { toAppError } from './write';

export async function addShareLink(db: PromptRunsDB, link: ShareLink): Promise<Result<ShareLink>> {
  try {
    await db.shares.add(link);
    return ok(link);
  } catch (error) {
    return err(toAppError(error));
  }
}

async function readLinks(rows: Promise<unknown[]>): Promise<ShareLink[]> {
  const links = parseRecords(await rows, parseShareLink).valid;
  return links.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** The links of one run, newest first. */
export const listShareLinks = (db: PromptRunsDB, runId: string): Promise<ShareLink[]> =>
  readLinks(db.shares.where('runId').equals(runId).toArray());

/** Links in a state the server must hear of ('pending' or 'revoking'), oldest first. */
export async function queuedShareLinks(db: PromptRunsDB, state: 'pending' | 'revoking'): Promise<ShareLink[]> {
  const links = await readLinks(db.shares.where('state').equals(state).toArray());
  return links.filter((l) => l.failure === undefined).reverse();
}

/** Patch a link; with `onlyIf`, only while it is still in that state (a revoke may have come meanwhile). */
export async function updateShareLink(db: PromptRunsDB, id: string, patch: Partial<Omit<ShareLink, 'id'>>, onlyIf?: ShareLink['state']): Promise<void> {
  await db.transaction('rw', db.shares, async () => {
    const current = await db.shares.get(id);
    if (!current || (onlyIf !== undefined && current.state !== onlyIf)) return;
    await db.shares.put({ ...current, ...patch });
  });
}

/** Revoke on this device at once; the server is told by the next flush (the link is dead once it is). */
export async function markShareLinkRevoked(db: PromptRunsDB, id: string, at: string): Promise<void> {
  await updateShareLink(db, id, { state: 'revoking', revokedAt: at });
}

export async function removeShareLink(db: PromptRunsDB, id: string): Promise<void> {
  await db.shares.delete(id);
}

/**
 * Bring the device's list in line with the server's: links known here take the server's state (synced,
 * revoked); links made on other devices are added without a token. Links with a change the server has not
 * heard of yet (pending, revoking) are left alone.
 */
export async function mergeServerShares(db: PromptRunsDB, rows: readonly ServerShare[]): Promise<void> {
  await db.transaction('rw', db.shares, async () => {
    const known = await db.shares.bulkGet(rows.map((r) => r.id));
    const puts: ShareLink[] = [];
    rows.forEach((row, i) => {
      const parsed = known[i] ? parseShareLink(known[i]) : null;
      const local = parsed?.ok ? parsed.value : null;
      if (local && local.state !== 'synced') return;
      puts.push({
        id: row.id,
        runId: row.runId,
        token: local?.token ?? null,
        mode: row.mode,
        leafId: local?.leafId ?? null,
        runName: row.runName,
        promptName: local?.promptName ?? '',
        modelName: local?.modelName ?? '',
        hiddenVariables: local?.hiddenVariables ?? [],
        createdAt: row.createdAt,
        expiresAt: row.expiresAt,
        revokedAt: row.revokedAt,
        state: 'synced',
      });
    });
    await db.shares.bulkPut(puts);
  });
}
