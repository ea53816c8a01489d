// A full disk and a reload lose nothing: IndexedDB writes are made to fail with QuotaExceededError (as a
// full device does), and the typed text and streamed reply stay, are announced, and are saved once space frees.
import { expect, test, type Page } from '@playwright/test';
import { FREE_CHAT_ID, sendAndAwaitEcho, storedMessages } from './pwa-support';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('prompt-runs:echo-delay-ms', '5');
    // While the flag is set, every IndexedDB write fails the way a full disk makes it fail.
    const full = () => (globalThis as { __quotaFull?: boolean }).__quotaFull === true;
    for (const method of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (full()) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      };
    }
  });
});

const setDiskFull = (page: Page, full: boolean) => page.evaluate((f) => ((globalThis as { __quotaFull?: boolean }).__quotaFull = f), full);
const storageAlert = (page: Page) => page.getByRole('alert').filter({ hasText: 'Storage is full' });

test('a message sent on a full disk stays in the box, is announced, and sends once space frees', async ({ page }) => {
  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  await sendAndAwaitEcho(page, 'First, with space');

  await setDiskFull(page, true);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Kept through a full disk');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(storageAlert(page)).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Not sent' })).toBeVisible();
  await expect(box).toHaveValue('Kept through a full disk');
  expect((await storedMessages(page)).map((m) => m.content)).not.toContain('Kept through a full disk');

  await setDiskFull(page, false);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('article', { name: 'Assistant message' }).filter({ hasText: 'Echo: Kept through a full disk' }).waitFor();
  await expect(storageAlert(page)).toHaveCount(0);
  await expect.poll(async () => (await storedMessages(page)).map((m) => m.content)).toEqual(
    expect.arrayContaining(['Kept through a full disk', 'Echo: Kept through a full disk']),
  );
});

test('a reply that finishes on a full disk is kept in memory and saved when space frees', async ({ page }) => {
  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  await sendAndAwaitEcho(page, 'Warm up');
  await page.evaluate(() => localStorage.setItem('prompt-runs:echo-delay-ms', '80'));
  const words = 'alpha beta gamma delta epsilon zeta eta theta iota kappa';
  await page.getByRole('textbox', { name: 'Message' }).fill(words);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await setDiskFull(page, true); // the user's message is stored; the reply is still streaming

  await expect(page.getByRole('article', { name: 'Assistant message' }).filter({ hasText: `Echo: ${words}` })).toBeVisible();
  const alert = storageAlert(page);
  await expect(alert).toContainText('the reply is kept in memory');
  await expect(page.getByRole('status', { name: 'Save status' })).toContainText('Not saved');
  expect((await storedMessages(page)).filter((m) => m.content === `Echo: ${words}`)).toHaveLength(0);

  await setDiskFull(page, false);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(alert).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Save status' })).toContainText('Saved');
  await expect.poll(async () => (await storedMessages(page)).map((m) => m.content)).toContain(`Echo: ${words}`);
});

test('an unsent message is kept as a draft and comes back after a reload, per run', async ({ page }) => {
  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('A draft for a new run');
  await page.waitForTimeout(600); // past the draft's save delay
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('A draft for a new run');

  // Sending clears it; a draft typed in the saved run belongs to that run.
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('article', { name: 'Assistant message' }).filter({ hasText: 'Echo: A draft for a new run' }).waitFor();
  await expect(page).toHaveURL(new RegExp(`/ai/prompts/run/${FREE_CHAT_ID}/[\\w-]+$`));
  await box.fill('Second thought, not sent');
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('Second thought, not sent');
  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  await page.getByRole('button', { name: 'Start fresh' }).click();
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('');
});
