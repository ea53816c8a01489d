// The whole trip with an account: signed in online, then the app and its backend die and the browser
// restarts offline; work continues; the server comes back and everything made offline reaches the
// backend (seen from a second device that signs in afterwards).
import { expect, test } from '@playwright/test';
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { FREE_CHAT_ID, launchProfile, makeProfileDir, sendAndAwaitEcho, signUpInApp, startAppWithBackend } from './pwa-support';

const DIST = process.env.E2E_DIST ?? 'dist';
const PORT = Number(process.env.E2E_PWA_SYNC_PORT ?? 4365);
const BACKEND_PORT = Number(process.env.E2E_PWA_SYNC_BACKEND_PORT ?? 54365);

test('work done offline after a restart reaches the backend when the server is back', async () => {
  // Two server starts (PostgreSQL-backed stand-in) and three browser launches: minutes on a busy 2-core box.
  test.setTimeout(540_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'prompt-runs-pwa-backend-'));
  const profile = makeProfileDir();
  const email = `pwa-${Date.now()}@example.test`;
  const password = 'offline-first-123';
  let server = await startAppWithBackend(DIST, PORT, BACKEND_PORT, dataDir);
  try {
    let context = await launchProfile(profile.dir, server.url);
    let page = context.pages()[0] ?? (await context.newPage());
    await signUpInApp(page, email, password);

    await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await sendAndAwaitEcho(page, 'Synced before the tunnel');
    const runUrl = new URL(page.url()).pathname;
    const syncBadge = page.getByRole('status', { name: 'Sync status' });
    await expect(syncBadge).toContainText('Synced', { timeout: 30_000 });

    // Offline, the app and its backend killed, the browser closed and reopened with no network.
    await context.setOffline(true);
    await server.stop();
    await context.close();
    context = await launchProfile(profile.dir, server.url);
    await context.setOffline(true);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(runUrl);
    await expect(page.getByRole('article', { name: 'Assistant message' }).filter({ hasText: 'Echo: Synced before the tunnel' })).toBeVisible();
    await sendAndAwaitEcho(page, 'Written in the tunnel');
    await page.getByRole('button', { name: 'New run' }).click();
    await sendAndAwaitEcho(page, 'A new run in the tunnel');
    // Fires 'offline' in this document (see pwa-offline.spec.ts): the engine and the badge know, and with
    // changes pending the outbox's Background Sync tag is registered for when the network returns.
    await context.setOffline(false);
    await context.setOffline(true);
    await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Offline');
    await expect
      .poll(() => page.evaluate(async () => (await (await navigator.serviceWorker.ready as ServiceWorkerRegistration & { sync: { getTags(): Promise<string[]> } }).sync.getTags())))
      .toContain('prompt-runs-outbox');

    // Server back, network back: the engine (and the browser's Background Sync) push everything.
    server = await startAppWithBackend(DIST, PORT, BACKEND_PORT, dataDir);
    await context.setOffline(false);
    await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Synced', { timeout: 60_000 });
    await context.close();

    // A second device signs in and finds what was written offline.
    const other = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const device = await other.newPage({ baseURL: server.url });
      await device.goto('/account');
      await device.getByRole('textbox', { name: 'Email' }).fill(email);
      await device.getByLabel('Password').fill(password);
      await device.getByRole('button', { name: 'Sign in' }).click();
      await expect(device.getByText(`Signed in as ${email}`)).toBeVisible({ timeout: 30_000 });
      await expect(device.getByRole('status', { name: 'Sync status' })).toContainText('Synced', { timeout: 60_000 });
      await device.goto(runUrl);
      await expect(device.getByRole('article', { name: 'Assistant message' }).filter({ hasText: 'Echo: Written in the tunnel' })).toBeVisible({ timeout: 30_000 });
      await device.goto('/ai/prompts/runs');
      await expect(device.getByText('A new run in the tunnel').first()).toBeVisible({ timeout: 30_000 });
    } finally {
      await other.close();
    }
  } finally {
    await server.stop();
    profile.remove();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
