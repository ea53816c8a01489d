// One input to several models in the built app, against the local OpenAI-compatible test server: runs
// stream in parallel in the compare view, one failing provider leaves the others going, Stop all stops
// every reply, each run resumes alone; and what replies cost, with a price edit applied and estimates marked.
import { expect, test, type Page } from '@playwright/test';
import { startOpenAiTestServer, TEST_SERVER_REPLY, type OpenAiTestServer } from '../support/openai-test-server';
import { FREE_CHAT_ID } from './fixtures';
import { fastEcho } from './runs-helpers';

let server: OpenAiTestServer;
test.beforeAll(async () => {
  server = await startOpenAiTestServer();
});
test.afterAll(async () => {
  await server.close();
});
test.use({ viewport: { width: 1280, height: 800 } });
test.beforeEach(async ({ page }) => fastEcho(page));

async function addProvider(page: Page, models: string) {
  await page.goto('/settings');
  await page.getByLabel('Preset').selectOption({ label: 'Other OpenAI-compatible' });
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Test server');
  await page.getByRole('textbox', { name: 'Base URL' }).fill(server.url);
  await page.getByLabel('API key').fill('sk-test');
  await page.getByRole('textbox', { name: 'Models' }).fill(models);
  await page.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByText('Added Test server.')).toBeVisible();
}

async function fanOut(page: Page, text: string, ...models: string[]) {
  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  const group = page.getByRole('group', { name: 'Models' });
  for (const model of models) await group.getByRole('checkbox', { name: new RegExp(`^${model} · Test server`) }).check();
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page).toHaveURL(/\/ai\/prompts\/runs\/compare\?ids=/);
}

test('parallel streams, one provider failing, each run resumable alone; costs follow a price edit', async ({ page }) => {
  test.setTimeout(120_000);
  await addProvider(page, 'every-20, mode-500');
  await fanOut(page, 'One question, three models', 'every-20', 'mode-500');
  await expect(page.getByRole('heading', { name: 'Compare 3 runs' })).toBeVisible();
  const column = (n: number) => page.getByRole('region', { name: new RegExp(`turn 1$`) }).nth(n);
  await expect(column(0)).toContainText('Echo: One question, three models');
  await expect(column(1)).toContainText(TEST_SERVER_REPLY);
  await expect(column(2).getByRole('alert')).toContainText(/500|problem/i);
  // (The SDK retries a 500 twice before giving up.)
  const asked = server.requests.filter((r) => JSON.stringify(r.body).includes('One question, three models')).map((r) => r.body.model);
  expect(new Set(asked)).toEqual(new Set(['every-20', 'mode-500']));
  // Reported usage: 7 in, 7 out; no price for this model yet, so no cost.
  await expect(column(1).getByTestId('reply-usage')).toContainText('7 in · 7 out tokens');
  await expect(column(1).getByTestId('reply-usage')).not.toContainText('$');

  await page.goto('/settings');
  const add = page.getByRole('form', { name: 'Add a price' });
  await add.getByRole('combobox', { name: 'Model id' }).fill('every-20');
  await add.getByRole('textbox', { name: 'Input ($ / 1M)' }).fill('1000');
  await add.getByRole('textbox', { name: 'Output ($ / 1M)' }).fill('2000');
  await add.getByRole('button', { name: 'Add price' }).click();
  await expect(page.getByRole('textbox', { name: 'Input price of every-20' })).toHaveValue('1000');
  await page.goBack();
  // 7 × $1,000/M + 7 × $2,000/M = $0.021.
  await expect(column(1).getByTestId('reply-usage')).toContainText('7 in · 7 out tokens · $0.02');

  // The model's run alone in the runner, continued there.
  await page.getByRole('link', { name: /^Continue .*every-20 · Test server in the runner$/ }).click();
  // The link navigates in a transition: the compare view (three Assistant messages) stays on screen
  // until the runner has its run, so wait for it to go before reading the runner.
  await expect(page).toHaveURL(/\/ai\/prompts\/run\//);
  await expect(page.getByRole('heading', { name: /^Compare \d runs$/ })).toHaveCount(0);
  await expect(page.getByRole('article', { name: 'Assistant message' })).toContainText(TEST_SERVER_REPLY);
  await page.getByRole('textbox', { name: 'Message' }).fill('And once more');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('article', { name: 'Assistant message' })).toHaveCount(2);
  await expect(page.getByRole('status', { name: 'Save status' })).toContainText('Saved');
});

test('Stop all stops every streaming reply; estimated tokens are marked', async ({ page }) => {
  test.setTimeout(120_000);
  // Slow enough that Echo and the test server's every-1500 model are still writing when Stop all comes, however
  // busy the machine (at 400 ms a word the server's reply ended first on a loaded host).
  await page.addInitScript(() => localStorage.setItem('prompt-runs:echo-delay-ms', '2000'));
  await addProvider(page, 'every-1500, mode-no-usage');
  await fanOut(page, 'Slow replies please', 'every-1500', 'mode-no-usage');
  const column = (n: number) => page.getByRole('region', { name: new RegExp(`turn 1$`) }).nth(n);
  await expect(column(1)).toContainText('Hello');
  await expect(column(2).getByTestId('reply-usage')).toContainText('(estimated)');
  await expect(column(2).getByTestId('reply-usage')).toContainText('≈');
  await page.getByRole('button', { name: 'Stop all' }).click();
  await expect(column(0)).toContainText('Interrupted');
  await expect(column(1)).toContainText('Interrupted');
  await expect(page.getByRole('button', { name: 'Stop all' })).toHaveCount(0);
});
