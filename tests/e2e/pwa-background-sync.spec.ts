// Background Sync with the app closed: a run continued offline reaches the backend although no app page
// is open when the network returns; the service worker pushes it alone, with an access token that has
// expired meanwhile (it refreshes it and stores the rotated session for the app's next open).
import { expect, test, type BrowserContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FREE_CHAT_ID, launchProfile, makeProfileDir, sendAndAwaitEcho, signUpInApp, startAppWithBackend } from './pwa-support';

const DIST = process.env.E2E_DIST ?? 'dist';
const PORT = Number(process.env.E2E_PWA_BGSYNC_PORT ?? 4440);
const BACKEND_PORT = Number(process.env.E2E_PWA_BGSYNC_BACKEND_PORT ?? 54440);
/** Short-lived tokens, so the one stored when the app closed has expired by the time the worker pushes. */
const JWT_EXPIRY_S = 15;
const TAG = 'prompt-runs-outbox';

/** What the server holds for this account, read straight over its HTTP API (no app page involved). */
async function serverMessages(appUrl: string, email: string, password: string): Promise<string[]> {
  const config = (await (await fetch(`${appUrl}/config.json`)).json()) as { supabaseUrl: string; supabaseAnonKey: string };
  const headers = { apikey: config.supabaseAnonKey, 'content-type': 'application/json' };
  const signIn = await fetch(`${config.supabaseUrl}/auth/v1/token?grant_type=password`, { method: 'POST', headers, body: JSON.stringify({ email, password }) });
  const { access_token } = (await signIn.json()) as { access_token: string };
  const pull = await fetch(`${config.supabaseUrl}/rest/v1/rpc/sync_pull`, {
    method: 'POST',
    headers: { ...headers, authorization: `Bearer ${access_token}`, 'content-profile': 'public' },
    body: JSON.stringify({ since: null, max_rows: 1000 }),
  });
  const body = (await pull.json()) as { messages: Array<{ content: string }> };
  return body.messages.map((m) => m.content);
}

/** The page-less way Chromium's DevTools fire a registration's sync event. */
async function dispatchSync(context: BrowserContext, appUrl: string): Promise<void> {
  const blank = context.pages().find((p) => p.url() === 'about:blank');
  if (!blank) throw new Error('the keep-alive page is gone');
  const cdp = await context.newCDPSession(blank);
  const registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => registrations.some((r) => r.scopeURL.startsWith(appUrl) && !r.isDeleted)).toBe(true);
  const registration = registrations.filter((r) => r.scopeURL.startsWith(appUrl) && !r.isDeleted).at(-1)!;
  await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: appUrl, registrationId: registration.registrationId, tag: TAG, lastChance: false });
  await cdp.detach();
}

test('the service worker pushes a change made offline after every app page closed', async () => {
  test.setTimeout(300_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'prompt-runs-bgsync-backend-'));
  const profile = makeProfileDir();
  const email = `bgsync-${Date.now()}@example.test`;
  const password = 'closed-app-123';
  const previousExpiry = process.env.JWT_EXPIRY;
  process.env.JWT_EXPIRY = String(JWT_EXPIRY_S);
  const server = await startAppWithBackend(DIST, PORT, BACKEND_PORT, dataDir);
  if (previousExpiry === undefined) delete process.env.JWT_EXPIRY;
  else process.env.JWT_EXPIRY = previousExpiry;
  const context = await launchProfile(profile.dir, server.url);
  try {
    const keepAlive = context.pages()[0] ?? (await context.newPage()); // stays on about:blank: the browser keeps running
    const page = await context.newPage();
    await signUpInApp(page, email, password);
    await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await sendAndAwaitEcho(page, 'Sent while online');
    const runUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Synced', { timeout: 30_000 });

    // Offline (toggled so this document sees 'offline'): continue the run; the outbox sync tag is registered.
    await context.setOffline(true);
    await context.setOffline(false);
    await context.setOffline(true);
    await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Offline');
    await sendAndAwaitEcho(page, 'Continued offline, pushed by the worker');
    await expect
      .poll(() => page.evaluate(async () => (await (await navigator.serviceWorker.ready as ServiceWorkerRegistration & { sync: { getTags(): Promise<string[]> } }).sync.getTags())))
      .toContain(TAG);
    expect(await serverMessages(server.url, email, password)).not.toContain('Echo: Continued offline, pushed by the worker');

    // Every app page closed; only the blank page keeps the browser running. The stored token expires.
    await page.close();
    expect(context.pages().map((p) => p.url())).toEqual(['about:blank']);
    await keepAlive.waitForTimeout((JWT_EXPIRY_S + 2) * 1000);
    await context.setOffline(false);

    await dispatchSync(context, server.url);
    await expect
      .poll(() => serverMessages(server.url, email, password), { timeout: 60_000 })
      .toEqual(expect.arrayContaining(['Continued offline, pushed by the worker', 'Echo: Continued offline, pushed by the worker']));
    expect(context.pages().map((p) => p.url())).toEqual(['about:blank']);

    // The app opens again still signed in (the worker stored the rotated session), with nothing left to push.
    const again = await context.newPage();
    await again.goto(runUrl);
    await expect(again.getByRole('status', { name: 'Sync status' })).toContainText('Synced', { timeout: 30_000 });
    await again.goto('/account');
    await expect(again.getByText(`Signed in as ${email}`)).toBeVisible();
  } finally {
    await context.close();
    await server.stop();
    profile.remove();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
