// The real provider path in a browser: an OpenAI-compatible provider added in Settings, a streamed reply
// from a local test server, and a rejected key shown in the conversation with the message kept and Retry.
import { expect, test } from '@playwright/test';
import { startOpenAiTestServer, TEST_SERVER_REPLY, type OpenAiTestServer } from '../support/openai-test-server';
import { FREE_CHAT_ID } from './fixtures';

let server: OpenAiTestServer;
test.beforeAll(async () => {
  server = await startOpenAiTestServer();
});
test.afterAll(async () => {
  await server.close();
});

test('OpenAI-compatible provider: streamed reply, then a 401 shown in the conversation with Retry', async ({ page }) => {
  await page.goto('/settings');
  await page.getByLabel('Preset').selectOption({ label: 'Other OpenAI-compatible' });
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Local test');
  await page.getByRole('textbox', { name: 'Base URL' }).fill(`${server.url}/v1`);
  await page.getByLabel('API key').fill('sk-test');
  await page.getByRole('textbox', { name: 'Models' }).fill('test-model, mode-401');
  await page.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByText('Local test').first()).toBeVisible();

  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  const model = page.getByRole('combobox', { name: 'Model' });
  const okValue = await model.locator('option', { hasText: 'test-model' }).getAttribute('value');
  await model.selectOption(okValue!);
  await page.getByRole('textbox', { name: 'Message' }).fill('Hello provider');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('article', { name: 'Assistant message' }).last()).toContainText(TEST_SERVER_REPLY);
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  const sent = server.requests.at(-1);
  expect(JSON.stringify(sent)).toContain('Hello provider');

  await page.getByRole('button', { name: 'New run' }).click();
  const badValue = await page.getByRole('combobox', { name: 'Model' }).locator('option', { hasText: 'mode-401' }).getAttribute('value');
  await page.getByRole('combobox', { name: 'Model' }).selectOption(badValue!);
  await page.getByRole('textbox', { name: 'Message' }).fill('Will this fail?');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /API key/i })).toBeVisible();
  await expect(page.getByRole('article', { name: 'You message' }).last()).toContainText('Will this fail?');
  await expect(page.getByRole('button', { name: 'Retry' }).last()).toBeVisible();
  await page.reload();
  await expect(page.getByRole('article', { name: 'You message' }).last()).toContainText('Will this fail?');
});
