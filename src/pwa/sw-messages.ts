// Messages between the page and the service worker (both sides import this; keep it free of DOM and worker globals).

/** Background Sync tag registered while the outbox holds changes the server has not acknowledged. */
export const OUTBOX_SYNC_TAG = 'prompt-runs-outbox';

export type PageToWorker = { type: 'SKIP_WAITING' } | { type: 'flush-result'; id: string; ok: boolean };
export type WorkerToPage = { type: 'flush-outbox'; id: string };

export function isWorkerToPage(data: unknown): data is WorkerToPage {
  const d = data as Partial<WorkerToPage> | null;
  return !!d && d.type === 'flush-outbox' && typeof d.id === 'string';
}

export function isFlushResult(data: unknown): data is Extract<PageToWorker, { type: 'flush-result' }> {
  const d = data as { type?: unknown; id?: unknown; ok?: unknown } | null;
  return !!d && d.type === 'flush-result' && typeof d.id === 'string' && typeof d.ok === 'boolean';
}
