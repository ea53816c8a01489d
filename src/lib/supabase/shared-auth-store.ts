// The signed-in session and the sync settings, kept where the service worker can read them too. By default
// supabase-js keeps its session in localStorage, which a worker cannot see, so Background Sync could not
// push with the app closed. This tiny IndexedDB store of strings (no Dexie: it loads in the worker) serves
// the page's supabase-js (as its `auth.storage`) and the worker alike.
const DB_NAME = 'prompt-runs-auth';
const STORE = 'kv';

/** Key of the mirrored `/config.json` (see runtime-config.ts). */
export const SHARED_CONFIG_KEY = 'runtime-config';

let opening: Promise<IDBDatabase> | null = null;

function openShared(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => {
      const db = request.result;
      // Let a future version upgrade proceed (from another tab or the worker) instead of blocking it.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => {
      opening = null;
      reject(request.error ?? new Error('Could not open the session store.'));
    };
  });
  return opening;
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openShared();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = act(tx.objectStore(STORE));
    // Resolve on commit, not on the request: a write is only visible to the worker once committed.
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error ?? request.error ?? new Error('Session store transaction failed.'));
    tx.onabort = () => reject(tx.error ?? new Error('Session store transaction aborted.'));
  });
}

export async function readShared(key: string): Promise<string | null> {
  const value = await run('readonly', (store) => store.get(key) as IDBRequest<unknown>);
  return typeof value === 'string' ? value : null;
}

export async function writeShared(key: string, value: string): Promise<void> {
  await run('readwrite', (store) => store.put(value, key));
}

export async function removeShared(key: string): Promise<void> {
  await run('readwrite', (store) => store.delete(key));
}

/** The key supabase-js stores its session under (its default, `sb-<first label of the host>-auth-token`). */
export function authStorageKey(supabaseUrl: string): string {
  return `sb-${new URL(supabaseUrl).hostname.split('.')[0]}-auth-token`;
}

/** The Web Lock supabase-js holds (given a `lock`) around every session read, refresh and write. */
export function authLockName(supabaseUrl: string): string {
  return `lock:${authStorageKey(supabaseUrl)}`;
}

export interface AsyncAuthStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

/**
 * supabase-js `auth.storage` over the shared store. A session an earlier version left in localStorage is
 * moved over on first read, so nobody is signed out by the update.
 */
export function createSharedAuthStorage(legacy: Pick<Storage, 'getItem' | 'removeItem'> | null = localStorageOrNull()): AsyncAuthStorage {
  return {
    async getItem(key) {
      const stored = await readShared(key);
      if (stored !== null || !legacy) return stored;
      const old = legacy.getItem(key);
      if (old === null) return null;
      await writeShared(key, old);
      legacy.removeItem(key); // only after the copy committed: a failed write keeps the old session
      return old;
    },
    setItem: (key, value) => writeShared(key, value),
    async removeItem(key) {
      await removeShared(key);
      legacy?.removeItem(key);
    },
  };
}

function localStorageOrNull(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
