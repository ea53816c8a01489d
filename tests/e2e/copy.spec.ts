// Copy on every message and every code block (pointer and keyboard, "Copied" confirmation), and the run's
// conversation downloaded as plain text beside Markdown and JSON, at desktop and phone sizes.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { fastEcho, makeRun } from './runs-helpers';

const QUESTION = 'How do I print?\n\n```py\nprint("hi")\n```';

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 780 }]) {
  test.describe(`${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
    test.beforeEach(async ({ page }) => fastEcho(page));

    test('Copy a message and a code block, by pointer and by keyboard', async ({ page }) => {
      await makeRun(page, QUESTION);
      const reply = page.getByRole('article', { name: 'Assistant message' }).last();
      const mine = page.getByRole('article', { name: 'You message' }).last();

      await mine.getByRole('button', { name: 'Copy', exact: true }).click();
      expect(await clipboard(page)).toBe(QUESTION);
      await expect(mine.getByRole('button', { name: 'Copied' })).toBeVisible();

      // The reply renders the code as a block with its own Copy: only the code goes to the clipboard.
      const block = reply.locator('pre');
      await expect(block).toHaveText('print("hi")');
      const codeCopy = reply.getByRole('button', { name: 'Copy', exact: true }).last();
      await codeCopy.focus();
      await page.keyboard.press('Enter');
      expect(await clipboard(page)).toBe('print("hi")\n');
      await expect(reply.getByRole('button', { name: 'Copied' })).toBeVisible();

      // The reply's own Copy, reached with Tab from the one before it.
      await expect(reply.getByRole('button', { name: 'Copy', exact: true })).toHaveCount(1);
      await reply.getByRole('button', { name: 'Copy', exact: true }).focus();
      await page.keyboard.press('Space');
      expect(await clipboard(page)).toBe(`Echo: ${QUESTION}`);
      // The confirmation goes back to "Copy" after a moment.
      await expect(reply.getByRole('button', { name: 'Copy', exact: true })).toHaveCount(2, { timeout: 5000 });
    });

    test('Run details downloads the conversation as text, beside Markdown and JSON', async ({ page }) => {
      await makeRun(page, 'Download me as text');
      await page.goto('/ai/prompts/runs');
      const item = page.getByRole('listitem', { name: 'Download me as text' });
      await item.getByRole('button', { name: 'More actions for Download me as text' }).click();
      await page.getByRole('menuitem', { name: 'Details' }).click();
      const dialog = page.getByRole('dialog', { name: 'Run details' });
      await expect(dialog.getByRole('button', { name: 'Download Markdown' })).toBeVisible();
      await expect(dialog.getByRole('button', { name: 'Download JSON' })).toBeVisible();
      const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download text' }).click()]);
      expect(download.suggestedFilename()).toBe('Download-me-as-text.txt');
      const text = readFileSync((await download.path())!, 'utf8');
      expect(text).toContain('Download me as text');
      expect(text).toContain('Echo: Download me as text');
      expect(text).not.toMatch(/[#*`]/); // plain text, not Markdown
    });
  });
}
