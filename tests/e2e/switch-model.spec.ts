// Switching models in a started run: the header's model picker stays available; the next reply comes from
// the model picked and says so under it (by name), the earlier reply keeps its own, the run's details keep
// the model it started with, and a reload goes on with the model picked.
import { expect, test } from '@playwright/test';
import { startOpenAiTestServer, TEST_SERVER_REPLY, type OpenAiTestServer } from '../support/openai-test-server';
import { fastEcho, makeRun } from './runs-helpers';

let server: OpenAiTestServer;
test.beforeAll(async () => {
  server = await startOpenAiTestServer();
});
test.afterAll(async () => {
  await server.close();
});

for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 780 }]) {
  test.describe(`${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport, ...(viewport.width < 640 ? { isMobile: true, hasTouch: true } : {}) });
    test.beforeEach(async ({ page }) => fastEcho(page));

    test('a run started with Echo goes on with another model; each reply names its own', async ({ page }) => {
      await page.goto('/settings');
      await page.getByLabel('Preset').selectOption({ label: 'Other OpenAI-compatible' });
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Local test');
      await page.getByRole('textbox', { name: 'Base URL' }).fill(`${server.url}/v1`);
      await page.getByLabel('API key').fill('sk-test');
      await page.getByRole('textbox', { name: 'Models' }).fill('test-model');
      await page.getByRole('button', { name: 'Add provider' }).click();
      await expect(page.getByText('Local test').first()).toBeVisible();

      const url = await makeRun(page, 'Started with Echo');
      const picker = page.getByRole('combobox', { name: 'Model', exact: true });
      await expect(picker).toBeVisible();
      await expect(picker.locator('option:checked')).toHaveText('Echo (offline)');
      await picker.selectOption({ label: 'test-model' });

      await page.getByRole('textbox', { name: 'Message' }).fill('Now you, test model');
      await page.getByRole('button', { name: 'Send' }).click();
      const replies = page.getByRole('article', { name: 'Assistant message' });
      await expect(replies.last()).toContainText(TEST_SERVER_REPLY);
      await expect(replies.last().getByTestId('reply-usage')).toContainText('test-model · Local test');
      await expect(replies.first().getByTestId('reply-usage')).toContainText('Echo (offline)');
      expect(JSON.stringify(server.requests.at(-1))).toContain('test-model');
      await expect(page.locator('body')).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/); // no provider id on screen

      // A reload goes on with the model picked; the run's details keep the one it started with.
      await page.reload();
      await expect(page.getByRole('combobox', { name: 'Model', exact: true }).locator('option:checked')).toHaveText('test-model');
      await page.goto('/ai/prompts/runs');
      await page.getByRole('button', { name: 'More actions for Started with Echo' }).click();
      await page.getByRole('menuitem', { name: 'Details' }).click();
      await expect(page.getByRole('dialog', { name: 'Run details' }).getByRole('table', { name: 'Model settings' })).toContainText('Echo (offline)');
      expect(url).toMatch(/\/ai\/prompts\/run\//);
    });
  });
}
