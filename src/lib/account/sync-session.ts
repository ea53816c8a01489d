// What only a signed-in session needs: the sync engine and the adoption of signed-out data. The account
// controller imports this module on sign-in, so local-only and signed-out starts never download it.
import type { PromptRunsDB } from '@sync/db';
import { createSyncEngine, type SyncEngine } from '@sync/engine/sync-engine';
import { syncLeaderLock, webLocksLeader } from '@sync/engine/leader';
import { createInitialSync } from '@sync/snapshot/initial-sync';
import type { AccountUser, AuthBackend } from '@/lib/supabase/auth-backend';

export { adoptLocalData } from '@sync/engine/adopt-local-data';
export { startShareLinkSync } from '@/lib/share/share-link-sync';

/** One engine per signed-in user; the Web Lock keeps a single leader tab syncing for that user. */
export function createDefaultEngine(db: PromptRunsDB, backend: AuthBackend, user: AccountUser): SyncEngine {
  const initialSync = backend.snapshot ? createInitialSync({ transport: backend.snapshot, auth: backend.auth }) : undefined;
  return createSyncEngine({
    db, transport: backend.transport, auth: backend.auth, leader: webLocksLeader(syncLeaderLock(user.id)),
    ...(initialSync ? { initialSync } : {}),
  });
}
