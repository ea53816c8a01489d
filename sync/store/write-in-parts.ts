// Large writes (and reads) inside one transaction, issued so the storage engine is never idle: each part is
// issued while the one before it is being written, and the page waits for that one before serializing the next.

/**
 * Issues `write(0)`, `write(1)`, ... `write(count - 1)` with two in flight, and resolves when all are
 * written. A failed part rejects the whole (its transaction is then aborted by whoever awaits this).
 * `beforeEach` runs before each part is issued: throwing from it abandons the rest (a cancel).
 */
export async function writeInParts(count: number, write: (part: number) => Promise<unknown>, beforeEach?: () => void): Promise<void> {
  let writing: Promise<unknown> = Promise.resolve();
  for (let part = 0; part < count; part += 1) {
    beforeEach?.();
    const next = write(part);
    next.catch(() => undefined); // its failure is met below, when it is awaited
    await writing;
    writing = next;
  }
  await writing;
}

/**
 * Rows for one table, `size` at a time, through writeInParts. Issuing a request serializes its row on the
 * main thread (a message: 0.2-0.4 ms in Chromium during a first sync on a 2-core test host), so a part of 100 keeps
 * each task short; `keys` go with the rows (out-of-line keys).
 */
export function writeSlices<T, K>(rows: readonly T[], size: number, write: (rows: T[], keys?: K[]) => Promise<unknown>, keys?: readonly K[]): Promise<void> {
  return writeInParts(Math.ceil(rows.length / size), (part) => write(rows.slice(part * size, (part + 1) * size), keys?.slice(part * size, (part + 1) * size)));
}

/**
 * Rows read by key, `size` keys at a time (two parts in flight), in the order of `keys`. Issuing a get is
 * cheaper than a put, but hundreds issued at once still make one long task (500 search records: 63 ms at the
 * end of a 3,000-run first sync).
 */
export async function readSlices<K, T>(keys: readonly K[], size: number, read: (keys: K[]) => Promise<T[]>): Promise<T[]> {
  const parts: T[][] = [];
  // `then` on the read's own promise, not an async function: inside a Dexie transaction an await of a native
  // promise lets the transaction commit early.
  await writeInParts(Math.ceil(keys.length / size), (part) => read(keys.slice(part * size, (part + 1) * size)).then((rows) => void (parts[part] = rows)));
  return parts.flat();
}

/** Keys read per part: see readSlices (the first two parts are issued in one task). */
export const KEYS_PER_READ = 100;

/** Rows written a part at a time: few enough requests per part that issuing one stays a short task. */
export const ROWS_PER_PART = 100;
