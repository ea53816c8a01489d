// Bringing history in: a ChatGPT and a Claude data export through the runs page's Import, at desktop and
// phone sizes, in the real browser (the file is read in the import's Web Worker).
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { chatGptConversation, claudeConversation } from '../../sync/import/chat-export-fixtures';
import { fastEcho, severe } from './runs-helpers';

const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 360, height: 780 } },
] as const;

async function importFile(page: Page, value: unknown) {
  await page.goto('/ai/prompts/runs');
  await page.getByLabel(/Import file/).setInputFiles({ name: 'conversations.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(value)) });
}

for (const size of SIZES) {
  test.describe(`import at ${size.name} size`, () => {
    test.use({ viewport: size.viewport });
    test.beforeEach(async ({ page }) => fastEcho(page));

    test('a ChatGPT export: report, runs of the Imported prompt with their branches and models; again adds nothing', async ({ page }) => {
      const conversations = [chatGptConversation(0, { branch: true, turns: 2 }), ...Array.from({ length: 24 }, (_, i) => chatGptConversation(i + 1)), { title: 'Not a chat' }];
      await importFile(page, conversations);
      const report = page.getByRole('alert');
      await expect(report).toContainText('25 conversations imported from ChatGPT, 1 skipped:');
      await expect(report).toContainText('“Not a chat”: it is neither a ChatGPT nor a Claude conversation.');
      expect(severe(await new AxeBuilder({ page }).analyze())).toEqual([]);
      await page.screenshot({ path: `test-results/organize-import-chatgpt-${size.name}.png` });
      await page.getByRole('searchbox', { name: 'Search runs' }).fill('"Question 1 of conversation 0"');
      const item = page.getByRole('listitem', { name: 'Conversation 0' });
      await item.getByRole('link', { name: 'Conversation 0' }).click();
      // ChatGPT's current branch is shown, the regenerated answer is the other version of the first answer.
      const answers = page.getByRole('article', { name: /assistant message/i });
      await expect(answers.first()).toContainText('Answer 0 of conversation 0');
      await expect(page.getByRole('group', { name: 'Versions' }).first()).toContainText('1 / 2');
      await expect(answers).toHaveCount(2);
      // Each reply names the model that wrote it (the run's model picker also lists it, as a hidden option).
      await expect(answers.nth(0).getByText('gpt-4o · ChatGPT', { exact: true })).toBeVisible();
      await expect(answers.nth(1).getByText('gpt-4o-mini · ChatGPT', { exact: true })).toBeVisible();

      await importFile(page, conversations);
      await expect(page.getByRole('alert')).toContainText('0 conversations imported from ChatGPT, 25 already here, 1 skipped:');
    });

    test('a Claude export keeps its branches; a damaged file keeps what came before and says so', async ({ page }) => {
      await importFile(page, [claudeConversation(0, { branched: true }), claudeConversation(1)]);
      await expect(page.getByRole('status').filter({ hasText: 'imported' })).toHaveText('2 conversations imported from Claude.');
      await page.getByRole('listitem', { name: 'Claude chat 0' }).getByRole('link', { name: 'Claude chat 0' }).click();
      await expect(page.getByRole('article', { name: /assistant message/i }).first()).toContainText('Claude answer 0 of 0');
      await expect(page.getByRole('group', { name: 'Versions' }).first()).toContainText('/ 2');

      await page.goto('/ai/prompts/runs');
      const text = JSON.stringify([claudeConversation(5), claudeConversation(6), claudeConversation(7)]);
      await page.getByLabel(/Import file/).setInputFiles({ name: 'conversations.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, Math.floor(text.length * 0.8))) });
      await expect(page.getByRole('alert')).toContainText(/imported from Claude\..*damaged or cut short after/);
      await expect(page.getByRole('listitem', { name: 'Claude chat 5' })).toBeVisible();
    });
  });
}
