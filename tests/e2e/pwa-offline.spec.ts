// The train with no signal: first visit online, then the server dies and the browser restarts offline.
// The app must open from the service worker, list and open runs (deep link too), and save new work.
import { expect, test } from '@playwright/test';
import {
  FREE_CHAT_ID,
  launchProfile,
  makeProfileDir,
  sendAndAwaitEcho,
  startAppServer,
  storedMessages,
  waitForServiceWorkerControl,
} from './pwa-support';

const DIST = process.env.E2E_DIST ?? 'dist';
const PORT = Number(process.env.E2E_PWA_PORT ?? 4361);

test('works offline after the server is gone and the browser restarts', async () => {
  test.setTimeout(180_000);
  const profile = makeProfileDir();
  let server = await startAppServer(DIST, PORT);
  try {
    // 1. Online first visit: the worker installs, precaches, and controls this very page.
    let context = await launchProfile(profile.dir, server.url);
    let page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/ai/prompts');
    await waitForServiceWorkerControl(page);
    await expect(page.getByRole('heading', { name: 'Free chat' })).toBeVisible();
    await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await sendAndAwaitEcho(page, 'Saved while online');
    await expect(page).toHaveURL(new RegExp(`/ai/prompts/run/${FREE_CHAT_ID}/[\\w-]+$`));
    const runUrl = new URL(page.url()).pathname;

    // 2. Offline, server killed, browser closed.
    await context.setOffline(true);
    await server.stop();
    await context.close();

    // 3. Relaunch the same profile with no server and no network.
    context = await launchProfile(profile.dir, server.url);
    await context.setOffline(true);
    // The profile's first tab: Playwright applies offline emulation to it (a tab opened later may miss it).
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/ai/prompts');
    await expect(page.getByRole('heading', { name: 'Free chat' })).toBeVisible();
    // Chromium keeps navigator.onLine true in a document loaded after the emulation was set (the server is
    // dead either way); re-applying it fires 'offline', as a phone losing signal does.
    await context.setOffline(false);
    await context.setOffline(true);
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();

    // The runs list comes from the precache too.
    await page.goto('/ai/prompts/runs');
    await expect(page.getByText('Saved while online').first()).toBeVisible();

    // A deep link to the run opens through the navigation fallback and continues with Echo.
    await page.goto(runUrl);
    await expect(page.getByRole('article', { name: 'Assistant message' }).filter({ hasText: 'Echo: Saved while online' })).toBeVisible();
    await sendAndAwaitEcho(page, 'Continued offline');

    // A brand-new run, offline.
    await page.getByRole('button', { name: 'New run' }).click();
    await sendAndAwaitEcho(page, 'Started offline');
    await expect(page).toHaveURL(new RegExp(`/ai/prompts/run/${FREE_CHAT_ID}/[\\w-]+$`));
    const newRunId = new URL(page.url()).pathname.split('/').pop();

    // 4. All of it is on the device: read back from IndexedDB, and again after an offline reload.
    const stored = await storedMessages(page);
    const contents = stored.map((m) => m.content);
    expect(contents).toEqual(
      expect.arrayContaining(['Saved while online', 'Echo: Saved while online', 'Continued offline', 'Echo: Continued offline', 'Started offline', 'Echo: Started offline']),
    );
    expect(stored.filter((m) => m.runId === newRunId).map((m) => m.content)).toEqual(expect.arrayContaining(['Started offline', 'Echo: Started offline']));
    await page.goto(runUrl);
    await expect(page.getByRole('article', { name: 'Assistant message' }).filter({ hasText: 'Echo: Continued offline' })).toBeVisible();
    await context.close();

    // 5. Server back and online: the same profile loads from the network again (sync is checked in pwa-sync.spec.ts).
    server = await startAppServer(DIST, PORT);
    context = await launchProfile(profile.dir, server.url);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/ai/prompts/runs');
    await expect(page.getByText('Started offline').first()).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toHaveCount(0);
    await context.close();
  } finally {
    await server.stop();
    profile.remove();
  }
});
