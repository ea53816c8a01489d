// Large writes inside one transaction, issued so the storage engine is never idle: each part is issued
// while the one before it is being written, and the page waits for that one before serializing the next.

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
