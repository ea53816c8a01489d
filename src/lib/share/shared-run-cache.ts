// Shared runs this device has opened, so a link opened once reads offline too (until the server says the
// link is dead). A tiny IndexedDB store of its own, keyed by the token's hash: the shared page never opens
// the app's databases, and a link's reader needs no account or app data.
import type { SharedRunView } from '@sync/share/shared-view';

const DB_NAME = 'prompt-runs-shared-links';
const STORE = 'views';

export interface CachedSharedRun {
  /** The answer as the server sent it (checked again when read). */
  answer: unknown;
  savedAt: string;
}

function openCache(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('Could not open the shared-links store.'));
  });
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openCache();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? request.error ?? new Error('Shared-links store transaction failed.'));
      tx.onabort = () => reject(tx.error ?? new Error('Shared-links store transaction aborted.'));
    });
  } finally {
    db.close();
  }
}

export async function readCachedSharedRun(key: string): Promise<CachedSharedRun | null> {
  try {
    const value = (await run('readonly', (store) => store.get(key) as IDBRequest<unknown>)) as Partial<CachedSharedRun> | undefined;
    return value && typeof value.savedAt === 'string' ? { answer: value.answer, savedAt: value.savedAt } : null;
  } catch {
    return null; // no IndexedDB (some private modes): the link still opens online
  }
}

export async function writeCachedSharedRun(key: string, view: SharedRunView, savedAt: string): Promise<void> {
  try {
    await run('readwrite', (store) => store.put({ answer: { status: 'ok', view }, savedAt } satisfies CachedSharedRun, key));
  } catch {
    // Storage full or unavailable: the page still shows the run; only the offline copy is missing.
  }
}

export async function removeCachedSharedRun(key: string): Promise<void> {
  try {
    await run('readwrite', (store) => store.delete(key));
  } catch {
    // Nothing stored, nothing to forget.
  }
}
