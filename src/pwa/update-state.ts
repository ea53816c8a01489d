// Where the update flow stands, for the prompt to render, and whether sync waits for a new version. Kept apart from service-worker.ts so the header
// does not pull workbox-window into the first paint; that module loads after the page's load event.
export type UpdatePhase = 'none' | 'ready' | 'waiting-for-reply' | 'reloading';

let phase: UpdatePhase = 'none';
const listeners = new Set<() => void>();

export function setUpdatePhase(next: UpdatePhase): void {
  phase = next;
  listeners.forEach((l) => l());
}

export const getUpdatePhase = (): UpdatePhase => phase;

export function subscribeUpdate(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** The sync server no longer speaks this version's protocol: only a new version can sync again. */
let syncNeedsUpdate = false;

export function setSyncNeedsUpdate(needed: boolean): void {
  if (needed === syncNeedsUpdate) return;
  syncNeedsUpdate = needed;
  listeners.forEach((l) => l());
}

export const getSyncNeedsUpdate = (): boolean => syncNeedsUpdate;
