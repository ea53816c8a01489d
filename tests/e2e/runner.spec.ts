// The core loop in a real browser: of running, auto-saving and resuming a run on one device.
import { expect, test } from '@playwright/test';
import { EXAMPLE_PROMPT_ID, FREE_CHAT_ID, setEchoDelay } from './fixtures';

test('new run with variables → streamed Echo reply → Saved → reload → Previous runs → resume → continue', async ({ page }) => {
  await setEchoDelay(page, 5);
  await page.goto('/');
  await expect(page).toHaveURL(/\/ai\/prompts$/);
  await page.goto(`/ai/prompts/run/${EXAMPLE_PROMPT_ID}`);

  await page.getByLabel('topic', { exact: true }).fill('tide pools');
  await page.getByLabel('audience', { exact: true }).fill('a ten-year-old');
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('echo:echo');
  await page.getByRole('textbox', { name: 'Message' }).fill('Keep it short, please.');
  await page.getByRole('button', { name: 'Send' }).click();

  await expect(page).toHaveURL(new RegExp(`/ai/prompts/run/${EXAMPLE_PROMPT_ID}/[0-9a-f-]{36}$`));
  const reply = page.getByRole('article', { name: /assistant message/i }).last();
  await expect(reply).toContainText('Keep it short, please.');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  const runUrl = page.url();

  await page.reload();
  await expect(page.getByRole('article', { name: /assistant message/i }).last()).toContainText('Keep it short, please.');
  await page.goto(`/ai/prompts/run/${EXAMPLE_PROMPT_ID}`);
  // Continue mode offers the latest run; "Previous runs" lists it as well.
  await page.getByRole('button', { name: 'Start fresh' }).click();
  await page.getByRole('button', { name: 'Previous runs' }).click();
  await page.getByRole('link', { name: /^Explain tide pools to someone who is a ten-year-ol/ }).first().click();
  await expect(page).toHaveURL(runUrl);
  await expect(page.getByRole('article', { name: 'You message' }).first()).toContainText('tide pools');
  await expect(page.getByLabel('topic', { exact: true })).toHaveCount(0);

  await page.getByRole('textbox', { name: 'Message' }).fill('And what lives there?');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('article', { name: /assistant message/i }).last()).toContainText('And what lives there?');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('article', { name: /assistant message/i })).toHaveCount(2);
});

test('a reload mid-reply keeps the checkpointed text as interrupted, and Retry regenerates it', async ({ page }) => {
  await setEchoDelay(page, 120);
  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
  await page.getByRole('textbox', { name: 'Message' }).fill(long);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect(page).toHaveURL(/\/ai\/prompts\/run\/[^/]+\/[0-9a-f-]{36}$/);
  // Wait for at least one checkpoint (about every second) to reach the device.
  await expect(page.getByRole('article', { name: /assistant message/i }).last()).toContainText('word12', { timeout: 15_000 });
  await page.waitForTimeout(1_300);
  await page.reload();

  const interrupted = page.getByRole('article', { name: /assistant message/i }).last();
  await expect(interrupted).toContainText('Interrupted');
  await expect(interrupted).toContainText('word5');
  await page.evaluate(() => localStorage.setItem('prompt-runs:echo-delay-ms', '5'));
  await interrupted.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('article', { name: /assistant message/i }).last()).toContainText('word59');
  await expect(page.getByText('2 / 2')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
});

test('message content is sanitised: HTML and javascript: links are inert', async ({ page }) => {
  await setEchoDelay(page, 2);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  const payload = '<img src=x onerror="alert(1)"> [click me](javascript:alert(2)) <script>alert(3)</script>';
  await page.getByRole('textbox', { name: 'Message' }).fill(payload);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('article', { name: /assistant message/i })).toHaveCount(1);
  expect(await page.locator('main img').count()).toBe(0);
  expect(await page.locator('main script').count()).toBe(0);
  const hrefs = await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.some((h) => h.toLowerCase().startsWith('javascript:'))).toBe(false);
  const link = page.getByText('click me').first();
  await link.click();
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
});
