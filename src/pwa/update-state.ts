// Where the update flow stands, for the prompt to render. Kept apart from service-worker.ts so the header
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
