// A reply streaming on one screen shows streaming on the user's other screen (a Realtime Broadcast of the
// partial text on the run's private channel, through the local stand-in), and the finished reply arrives
// there by sync as always. Two browser contexts signed in to one account are the two screens.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { FREE_CHAT_ID } from './fixtures';
import { startSyncServer, type SyncServer } from './sync-server';

const PASSWORD = 'correct horse battery';

async function screen(browser: Browser, server: SyncServer): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.appUrl });
  await context.addInitScript(() => localStorage.setItem('prompt-runs:echo-delay-ms', '5'));
  return { context, page: await context.newPage() };
}

async function account(page: Page, action: 'Sign up' | 'Sign in', email: string): Promise<void> {
  await page.goto('/account');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: action }).click();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
}

test.describe('live replies between two screens', () => {
  let server: SyncServer;
  test.beforeAll(async () => {
    server = await startSyncServer();
  });
  test.afterAll(async () => server?.stop());

  test('a reply streaming on one screen streams on the other, then arrives there by sync', async ({ browser }) => {
    test.setTimeout(180_000);
    const a = await screen(browser, server);
    const b = await screen(browser, server);
    await account(a.page, 'Sign up', 'two-screens@example.test');
    await account(b.page, 'Sign in', 'two-screens@example.test');

    await a.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await a.page.getByRole('textbox', { name: 'Message' }).fill('First question');
    await a.page.getByRole('button', { name: 'Send' }).click();
    await expect(a.page.getByRole('article', { name: 'Assistant message' }).last()).toContainText('Echo: First question');
    await expect(a.page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
    const runPath = new URL(a.page.url()).pathname;
    await expect.poll(async () => {
      await b.page.goto(runPath);
      return b.page.getByRole('article', { name: 'Assistant message' }).last().textContent({ timeout: 5_000 }).catch(() => '');
    }, { timeout: 30_000 }).toContain('Echo: First question');

    // A slow reply on screen A: B shows it growing, marked as written on another screen, before A is done.
    await a.page.evaluate(() => localStorage.setItem('prompt-runs:echo-delay-ms', '150'));
    const words = Array.from({ length: 30 }, (_, i) => `word${i + 1}`).join(' ');
    await a.page.getByRole('textbox', { name: 'Message' }).fill(words);
    await a.page.getByRole('button', { name: 'Send' }).click();
    const live = b.page.getByRole('article', { name: 'Assistant message' }).filter({ hasText: 'Writing on another screen…' });
    await expect(live).toContainText('Echo: word1', { timeout: 5_000 });
    await expect(b.page.getByRole('article', { name: 'You message' }).last()).toContainText('word30');
    const seen = await live.textContent();
    await expect(a.page.getByRole('button', { name: 'Stop' })).toBeVisible(); // A is still streaming
    expect(seen).not.toContain('word30 ');
    await expect(live).toContainText('word10');
    await b.page.screenshot({ path: 'test-results/live-reply-receiving-1280.png' });
    await b.page.setViewportSize({ width: 360, height: 780 });
    await b.page.emulateMedia({ colorScheme: 'dark' });
    await b.page.screenshot({ path: 'test-results/live-reply-receiving-360-dark.png' });

    // A finishes; B shows the finished reply (the synced copy), no longer marked as live.
    await expect(a.page.getByRole('article', { name: 'Assistant message' }).last()).toContainText('word30', { timeout: 20_000 });
    await expect(b.page.getByRole('article', { name: 'Assistant message' }).last()).toContainText(`Echo: ${words}`, { timeout: 15_000 });
    await expect(b.page.getByText('Writing on another screen…')).toHaveCount(0, { timeout: 15_000 });
    await expect(b.page.getByRole('article', { name: 'Assistant message' }).last()).toContainText('total');
    for (const s of [a, b]) await s.context.close();
  });
});
