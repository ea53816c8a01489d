// Two releases of the app: the new one is announced, never reloads the page by itself while a message is
// typed or a reply streams, and "Reload" brings it in (after the reply) with the typed draft kept.
import { expect, test } from '@playwright/test';
import { buildApp, FREE_CHAT_ID, launchProfile, makeProfileDir, sendAndAwaitEcho, startAppServer, waitForServiceWorkerControl } from './pwa-support';

const PORT = Number(process.env.E2E_PWA_UPDATE_PORT ?? 4362);
const BUILD_A = '.tmp/e2e-pwa-release-a';
const BUILD_B = '.tmp/e2e-pwa-release-b';

test('announces a new version and reloads only when the user says so, after the reply', async () => {
  test.setTimeout(300_000);
  buildApp(BUILD_A, 'e2e-release-a');
  buildApp(BUILD_B, 'e2e-release-b');
  const profile = makeProfileDir();
  let server = await startAppServer(BUILD_A, PORT);
  const context = await launchProfile(profile.dir, server.url);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/settings');
    await expect(page.getByText('App version e2e-release-a')).toBeVisible();
    await waitForServiceWorkerControl(page);

    await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await sendAndAwaitEcho(page, 'Before the update');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Half-typed thought');
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    // Release B goes live; the app checks for updates (as it does when the tab becomes visible).
    await server.stop();
    server = await startAppServer(BUILD_B, PORT);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const notice = page.getByRole('status').filter({ hasText: 'A new version is ready' });
    await expect(notice).toBeVisible({ timeout: 30_000 });
    await expect(notice.getByRole('button', { name: 'Reload' })).toBeVisible();

    // Nothing reloaded by itself: same document, the typed text untouched.
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await expect(box).toHaveValue('Half-typed thought');

    // A slow reply is streaming when the user presses Reload: the reload waits for it to finish.
    // Long enough (about 6 s) that a loaded machine cannot finish it before the Reload click lands.
    await page.evaluate(() => localStorage.setItem('prompt-runs:echo-delay-ms', '150'));
    await box.fill(`${Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ')} eleven twelve thirteen fourteen`);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
    await box.fill('Typed while it streamed');
    await notice.getByRole('button', { name: 'Reload' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'It loads as soon as the reply finishes' })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    // The reply completes, then the new version loads: release B, the run saved, the draft back in the box.
    await page.waitForFunction(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === undefined, undefined, { timeout: 30_000 });
    await expect(page.getByRole('article', { name: 'Assistant message' }).filter({ hasText: 'fourteen' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('Typed while it streamed');
    await page.goto('/settings');
    await expect(page.getByText('App version e2e-release-b')).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'A new version is ready' })).toHaveCount(0);
  } finally {
    await context.close();
    await server.stop();
    profile.remove();
  }
});
