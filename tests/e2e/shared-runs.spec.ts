// Shared runs between two accounts in real browsers against the local stand-in: the owner invites the
// other account by e-mail from the Share dialog as editor; the invitee accepts under "Shared with me", the
// run syncs to their device and opens in the runner, where they continue it; the owner sees their message
// with its author, without reloading, and the invitee sees the owner's reply streaming as it is written.
// The owner makes them viewer (the message box gives way to a line saying so), then removes them: their
// open runner says they no longer have access, and the run is gone from "Shared with me".
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { contrastProblems } from './contrast-support';
import { FREE_CHAT_ID } from './fixtures';
import { severe } from './runs-helpers';
import { startSyncServer, type SyncServer } from './sync-server';

const PASSWORD = 'correct horse battery';

async function person(browser: Browser, server: SyncServer, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.appUrl });
  await context.addInitScript(() => localStorage.setItem('prompt-runs:echo-delay-ms', '5'));
  const page = await context.newPage();
  await page.goto('/account');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  return { context, page };
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('article', { name: 'Assistant message' }).last()).toContainText(`Echo: ${text}`);
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
}

test.describe('shared runs', () => {
  let server: SyncServer;
  test.beforeAll(async () => {
    server = await startSyncServer();
  });
  test.afterAll(async () => server?.stop());

  test('invite as editor → the invitee continues the run on their device → the owner sees it with its author → viewer → removed', async ({ browser }) => {
    test.setTimeout(120_000);
    const alice = await person(browser, server, 'alice-shares@example.test');
    const bob = await person(browser, server, 'bob-shared@example.test');

    await alice.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await send(alice.page, 'Plan a trip to Lisbon');
    await alice.page.getByRole('button', { name: 'Share' }).click();
    const dialog = alice.page.getByRole('dialog', { name: 'Share' });
    await dialog.getByRole('textbox', { name: 'Email' }).fill('bob-shared@example.test');
    await dialog.getByRole('combobox', { name: 'Role' }).selectOption('editor');
    // The run must be on the server first: until it has synced the dialog says so, and inviting again works.
    await expect(async () => {
      await dialog.getByRole('button', { name: 'Invite' }).click();
      await expect(dialog.getByRole('status').filter({ hasText: 'Invited bob-shared@example.test as editor' })).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await expect(dialog.getByRole('list', { name: 'People with access' })).toContainText('Invited as editor');
    await alice.page.setViewportSize({ width: 360, height: 780 });
    await dialog.getByRole('list', { name: 'People with access' }).scrollIntoViewIfNeeded();
    await alice.page.screenshot({ path: 'test-results/shared-runs-people-360.png' });
    await alice.page.emulateMedia({ colorScheme: 'dark' });
    expect(await contrastProblems(alice.page, 'people dark 360')).toEqual([]);
    await alice.page.emulateMedia({ colorScheme: 'light' });
    await alice.page.setViewportSize({ width: 1280, height: 800 });
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The invitee accepts; the run syncs to their device and is listed from there.
    await bob.page.goto('/ai/prompts/runs');
    await bob.page.getByRole('link', { name: 'Shared with me' }).click();
    await expect(bob.page.getByRole('heading', { name: 'Shared with me' })).toBeVisible();
    await expect(bob.page.getByText('alice-shares@example.test invites you to “Plan a trip to Lisbon” as editor')).toBeVisible();
    await bob.page.getByRole('button', { name: 'Accept invitation to Plan a trip to Lisbon' }).click();
    await expect(bob.page.getByRole('heading', { name: '1 run shared with you' })).toBeVisible({ timeout: 15_000 });
    const row = bob.page.getByRole('list', { name: 'Runs shared with me' }).getByRole('link');
    await expect(row).toContainText('alice-shares@example.test · Can edit');
    await bob.page.screenshot({ path: 'test-results/shared-runs-with-me-1280.png' });
    expect(severe(await new AxeBuilder({ page: bob.page }).analyze())).toEqual([]);
    const problems: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await bob.page.emulateMedia({ colorScheme: scheme });
      problems.push(...(await contrastProblems(bob.page, `shared with me ${scheme}`, { focus: true })));
    }
    await bob.page.setViewportSize({ width: 360, height: 780 });
    await bob.page.emulateMedia({ colorScheme: 'dark' });
    await bob.page.screenshot({ path: 'test-results/shared-runs-with-me-360-dark.png' });
    await bob.page.emulateMedia({ colorScheme: 'light' });
    // It is in the runs library too, marked Shared, with Leave instead of Delete.
    await bob.page.getByRole('link', { name: 'My runs' }).click();
    const listed = bob.page.getByRole('listitem', { name: 'Plan a trip to Lisbon' });
    await expect(listed).toContainText('Shared');
    await expect(listed.getByRole('button', { name: 'Delete' })).toHaveCount(0);
    await bob.page.screenshot({ path: 'test-results/shared-runs-library-360.png' });
    await bob.page.setViewportSize({ width: 1280, height: 800 });
    await bob.page.goBack();

    // The editor continues the run in the runner, on their own device.
    await row.click();
    await expect(bob.page.getByText('Shared with you by alice-shares@example.test')).toBeVisible();
    await expect(bob.page.getByRole('article', { name: 'Message from alice-shares@example.test' })).toContainText('Plan a trip to Lisbon');
    await send(bob.page, 'Add a day in Sintra');
    await expect(bob.page.getByRole('article', { name: 'You message' })).toContainText('Add a day in Sintra');
    await bob.page.screenshot({ path: 'test-results/shared-runs-editor-1280.png' });

    // The owner's open runner shows it, with who wrote it, without a reload.
    const theirs = alice.page.getByRole('article', { name: 'Message from bob-shared@example.test' });
    await expect(theirs).toContainText('Add a day in Sintra', { timeout: 20_000 });
    await expect(alice.page.getByRole('article', { name: 'Assistant message' }).last()).toContainText('asked by bob-shared@example.test');
    await alice.page.screenshot({ path: 'test-results/shared-runs-owner-authors-1280.png' });

    // A reply streaming on the owner's screen shows on the editor's as it is written.
    await alice.page.evaluate(() => localStorage.setItem('prompt-runs:echo-delay-ms', '120'));
    const words = Array.from({ length: 30 }, (_, i) => `stop${i + 1}`).join(' ');
    await alice.page.getByRole('textbox', { name: 'Message' }).fill(words);
    await alice.page.getByRole('button', { name: 'Send' }).click();
    await expect(bob.page.getByText('Writing on another screen…')).toBeVisible({ timeout: 5_000 });
    await expect(bob.page.getByRole('article', { name: 'Assistant message' }).last()).toContainText('stop30', { timeout: 20_000 });
    await expect(alice.page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible({ timeout: 15_000 });

    // Made viewer: the editor's open runner gives the message box way to a line saying why.
    await alice.page.getByRole('button', { name: 'Share' }).click();
    await dialog.getByRole('combobox', { name: 'Role of bob-shared@example.test' }).selectOption('viewer');
    await expect(dialog.getByRole('status').filter({ hasText: 'bob-shared@example.test is now viewer' })).toBeVisible();
    await expect(bob.page.getByText('Shared with you to read by alice-shares@example.test')).toBeVisible({ timeout: 20_000 });
    await expect(bob.page.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
    await bob.page.setViewportSize({ width: 360, height: 780 });
    await bob.page.emulateMedia({ colorScheme: 'dark' });
    await bob.page.screenshot({ path: 'test-results/shared-runs-viewer-360-dark.png' });
    problems.push(...(await contrastProblems(bob.page, 'shared run viewer 360 dark')));
    await bob.page.emulateMedia({ colorScheme: 'light' });
    expect(problems).toEqual([]);

    // Removed: the open runner says so, and the run has left the device.
    await dialog.getByRole('button', { name: 'Remove bob-shared@example.test' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: 'no longer has this run' })).toBeVisible();
    await expect(bob.page.getByRole('alert')).toContainText('You no longer have access to this run', { timeout: 20_000 });
    await bob.page.screenshot({ path: 'test-results/shared-runs-removed-360.png' });
    await bob.page.getByRole('link', { name: 'Shared with me' }).click();
    await expect(bob.page.getByRole('heading', { name: '0 runs shared with you' })).toBeVisible();
    for (const p of [alice, bob]) await p.context.close();
  });
});
