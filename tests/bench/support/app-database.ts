// Bench pages write straight into the app's IndexedDB. The app creates its database lazily, so a bench
// must wait for it: opening a name that does not exist yet would create an empty database, and the
// app's own open would then find none of its tables ("One of the specified object stores was not found").
import type { Page } from '@playwright/test';

/** Resolves once the app has created `name` with its tables (call before page.evaluate opens it). */
export async function waitForAppDatabase(page: Page, name = 'prompt-runs-local', timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await page.evaluate(async (dbName) => {
      // Only a database the app made: open() of an unknown name would create an empty one.
      const known = await indexedDB.databases();
      if (!known.some((d) => d.name === dbName && (d.version ?? 0) > 1)) return false;
      return new Promise<boolean>((resolve) => {
        const req = indexedDB.open(dbName);
        req.onsuccess = () => {
          const ok = req.result.objectStoreNames.contains('runs') && req.result.objectStoreNames.contains('messages');
          req.result.close();
          resolve(ok);
        };
        req.onerror = () => resolve(false);
      });
    }, name);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`The app did not create its database ${name} within ${timeoutMs} ms.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
