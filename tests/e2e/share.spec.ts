// Share links in real browsers against the local stand-in: the owner shares a run, a fresh browser with no
// account and no app data reads it, the owner revokes it and the link is dead; a link made offline works
// once synced; a link opened once reads offline; "Save a copy" makes it a run of the reader's own.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { contrastProblems } from './contrast-support';
import { FREE_CHAT_ID } from './fixtures';
import { severe } from './runs-helpers';
import { startSyncServer, type SyncServer } from './sync-server';

const PASSWORD = 'correct horse battery';

async function device(browser: Browser, server: SyncServer): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.appUrl });
  await context.addInitScript(() => localStorage.setItem('prompt-runs:echo-delay-ms', '5'));
  return { context, page: await context.newPage() };
}

async function signUp(page: Page, email: string): Promise<void> {
  await page.goto('/account');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
}

/** Send `text`; Echo repeats it, as markdown (so `**trip**` reads "trip"). */
async function send(page: Page, text: string, shown = text.replace(/\*\*/g, '')): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('article', { name: 'Assistant message' }).last()).toContainText(shown);
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
}

/** Share the open run from the runner's header; returns the link. */
async function createLink(page: Page, mode: 'A snapshot' | 'Live' = 'A snapshot'): Promise<string> {
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share' });
  await dialog.getByRole('radio', { name: new RegExp(mode) }).check();
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const box = dialog.getByRole('textbox', { name: 'Share link' });
  await expect(box).toHaveValue(/\/s\/[A-Za-z0-9_-]{43}$/);
  return box.inputValue();
}

/** Names of the IndexedDB databases a page has opened on its origin. */
const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));

test.describe('share links', () => {
  let server: SyncServer;
  test.beforeAll(async () => {
    server = await startSyncServer();
  });
  test.afterAll(async () => server?.stop());

  test('share → a fresh browser with no account reads it → revoke → the link is dead', async ({ browser }) => {
    test.setTimeout(180_000);
    const owner = await device(browser, server);
    await owner.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await send(owner.page, 'Plan a **trip** to Lisbon');

    // Signed out, sharing says it needs an account and offers to sign in.
    await owner.page.getByRole('button', { name: 'Share' }).click();
    const dialog = owner.page.getByRole('dialog', { name: 'Share' });
    await expect(dialog.getByText('Sharing needs an account')).toBeVisible();
    await expect(dialog.getByRole('link', { name: 'Sign in to share' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();

    await signUp(owner.page, 'sharer@example.test');
    await owner.page.goBack();
    await expect(owner.page.getByRole('article', { name: 'Assistant message' }).last()).toContainText('Plan a trip');
    const url = await createLink(owner.page);
    await expect(dialog.getByText(/will work once synced/)).toHaveCount(0, { timeout: 30_000 });

    const reader = await browser.newContext({ baseURL: server.appUrl });
    const page = await reader.newPage();
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'Plan a **trip** to Lisbon' })).toBeVisible();
    await expect(page.getByRole('article', { name: 'User message' })).toContainText('Plan a **trip** to Lisbon');
    await expect(page.getByRole('article', { name: 'Assistant message' })).toContainText('Plan a trip to Lisbon');
    await expect(page.getByText('Echo (offline)').first()).toBeVisible();
    await expect(page.getByText('sharer@example.test')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Save a copy' })).toBeVisible();
    // No account and no app data: the app's databases were never opened, only the shared-links cache.
    expect(await databases(page)).toEqual(['prompt-runs-shared-links']);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);

    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await expect(dialog.getByText('Revoked', { exact: true })).toBeVisible({ timeout: 15_000 });
    await page.reload();
    await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
    await expect(page.getByText('Plan a **trip** to Lisbon')).toHaveCount(0);
    for (const c of [owner.context, reader]) await c.close();
  });

  test('a link made offline works once synced; opened once, it reads offline; "Save a copy" makes it my own run', async ({ browser }) => {
    test.setTimeout(180_000);
    const owner = await device(browser, server);
    await signUp(owner.page, 'offline-sharer@example.test');
    await owner.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await send(owner.page, 'Written before the tunnel');
    await owner.context.setOffline(true);
    await send(owner.page, 'Written in the tunnel');
    const url = await createLink(owner.page, 'Live');
    const dialog = owner.page.getByRole('dialog', { name: 'Share' });
    await expect(dialog.getByText('This link will work once synced', { exact: false })).toBeVisible();

    const reader = await browser.newContext({ baseURL: server.appUrl });
    const page = await reader.newPage();
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();

    await owner.context.setOffline(false);
    await expect(dialog.getByText(/will work once synced/)).toHaveCount(0, { timeout: 30_000 });
    await page.reload();
    await expect(page.getByRole('article', { name: 'User message' }).last()).toContainText('Written in the tunnel');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

    await reader.setOffline(true);
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: 'You are offline: this is the copy saved on this device' })).toBeVisible();
    await expect(page.getByRole('article', { name: 'User message' }).last()).toContainText('Written in the tunnel');

    await page.getByRole('button', { name: 'Save a copy' }).click();
    await expect(page).toHaveURL(/\/ai\/prompts\/run\/[^/]+\/[^/]+$/);
    await expect(page.getByRole('article', { name: 'You message' }).last()).toContainText('Written in the tunnel');
    await reader.setOffline(false);
    await page.goto('/ai/prompts/runs');
    await expect(page.getByRole('link', { name: /Written before the tunnel/ }).first()).toBeVisible();
    for (const c of [owner.context, reader]) await c.close();
  });

  test('the share dialog and the shared page read well at 360×780 and 1280×800, light and dark', async ({ browser }) => {
    test.setTimeout(240_000);
    const owner = await device(browser, server);
    await signUp(owner.page, 'looks@example.test');
    await owner.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await send(owner.page, 'A **bold** plan with `code`, a [link](https://example.com) and\n\n```js\nconst day = 1;\n```', 'const day = 1;');
    const url = await createLink(owner.page);
    const dialog = owner.page.getByRole('dialog', { name: 'Share' });
    await expect(dialog.getByText(/will work once synced/)).toHaveCount(0, { timeout: 30_000 });
    await dialog.getByRole('radio', { name: /Live/ }).check();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    await expect(dialog.getByRole('region', { name: /Links to this run/ }).getByRole('listitem')).toHaveCount(2);
    const reader = await browser.newContext({ baseURL: server.appUrl });
    const page = await reader.newPage();
    await page.goto(url);
    await expect(page.getByRole('article', { name: 'Assistant message' })).toBeVisible();

    const problems: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      for (const viewport of [{ width: 360, height: 780 }, { width: 1280, height: 800 }]) {
        const where = `${scheme} ${viewport.width}`;
        for (const p of [owner.page, page]) {
          await p.emulateMedia({ colorScheme: scheme });
          await p.setViewportSize(viewport);
        }
        await expect(dialog).toBeVisible();
        await owner.page.screenshot({ path: `test-results/share-dialog-${scheme}-${viewport.width}.png` });
        problems.push(...(await contrastProblems(owner.page, `dialog ${where}`)), ...severe(await new AxeBuilder({ page: owner.page }).analyze()).map((l) => `dialog ${where}: ${l}`));
        await page.screenshot({ path: `test-results/share-page-${scheme}-${viewport.width}.png`, fullPage: true });
        problems.push(...(await contrastProblems(page, `shared page ${where}`, { focus: viewport.width === 1280 })), ...severe(await new AxeBuilder({ page }).analyze()).map((l) => `shared page ${where}: ${l}`));
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      }
    }
    expect(problems).toEqual([]);
    for (const c of [owner.context, reader]) await c.close();
  });
});
