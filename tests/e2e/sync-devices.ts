// Devices of the sync browser tests: a browser context on the app of a sync server (fast Echo), an
// account signed up or in, and an exchange sent and saved.
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { SyncServer } from './sync-server';

export const PASSWORD = 'correct horse battery';

export async function device(browser: Browser, server: SyncServer, viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.appUrl, ...(viewport ? { viewport } : {}) });
  await context.addInitScript(() => localStorage.setItem('prompt-runs:echo-delay-ms', '5'));
  return { context, page: await context.newPage() };
}

export async function account(page: Page, action: 'Sign up' | 'Sign in', email: string): Promise<void> {
  await page.goto('/account');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: action }).click();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
}

export async function send(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('article', { name: 'Assistant message' }).last()).toContainText(text);
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
}
