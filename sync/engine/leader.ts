// One sync leader per browser (requirement 8): the tab holding a Web Lock runs the engine; the others
// follow through Dexie's cross-tab live queries. Where there are no Web Locks (Node, old browsers) the
// single process leads.
/**
 * The Web Lock that makes one context the sync leader for a user: a tab's engine campaigns for it, and the
 * service worker's Background Sync pushes only while it holds it, so the two never push at once.
 */
export const syncLeaderLock = (userId: string): string => `prompt-runs-sync-${userId}`;

export interface LeaderElector {
  /** Calls `onLeader` once this context holds leadership; returns a function that resigns or stops waiting. */
  campaign(onLeader: () => void): () => void;
}

interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}

export function webLocksLeader(lockName: string, locks: LockManagerLike | undefined = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks): LeaderElector {
  if (!locks) return alwaysLeader();
  return {
    campaign(onLeader) {
      const controller = new AbortController();
      let release: (() => void) | undefined;
      locks
        .request(lockName, { signal: controller.signal }, () => {
          onLeader();
          // Held until resign; a closed tab releases it and the next waiting tab takes over.
          return new Promise<void>((resolve) => {
            release = resolve;
          });
        })
        .catch(() => undefined); // aborted while waiting
      return () => {
        controller.abort();
        release?.();
      };
    },
  };
}

export function alwaysLeader(): LeaderElector {
  return {
    campaign(onLeader) {
      onLeader();
      return () => undefined;
    },
  };
}
