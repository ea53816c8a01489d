// Tags and folders reach the user's other devices: two browsers signed in to one account on the local
// backend. A tags a run and files it in a new folder; B shows both; B adds a tag of its own and A then
// shows both tags (a tag set, not a field one device overwrites). A template A saves from the run links
// back to it on B.
import { expect, test, type Page } from '@playwright/test';
import { FREE_CHAT_ID } from './fixtures';
import { account, device, send } from './sync-devices';
import { startSyncServer, type SyncServer } from './sync-server';

let server: SyncServer;
test.beforeAll(async () => {
  server = await startSyncServer();
});
test.afterAll(async () => server?.stop());

async function tagRun(page: Page, run: string, tag: string): Promise<void> {
  const row = page.getByRole('listitem', { name: run });
  await row.getByRole('button', { name: `More actions for ${run}` }).click();
  await page.getByRole('menuitem', { name: 'Tags' }).click();
  const dialog = page.getByRole('dialog', { name: `Tags of “${run}”` });
  await dialog.getByRole('combobox', { name: 'Tag' }).fill(tag);
  await dialog.getByRole('combobox', { name: 'Tag' }).press('Enter');
  await expect(dialog.getByRole('list', { name: 'Tags' })).toContainText(tag);
  await page.keyboard.press('Escape');
}

test('a tag and a folder made on one device show on the other; tags added on both devices are both kept', async ({ browser }) => {
  test.setTimeout(120_000);
  const a = await device(browser, server);
  const b = await device(browser, server);
  await account(a.page, 'Sign up', 'organize@example.test');
  await account(b.page, 'Sign in', 'organize@example.test');

  await a.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  await send(a.page, 'Trip to Lisbon');
  await a.page.goto('/ai/prompts/runs');
  await tagRun(a.page, 'Trip to Lisbon', 'travel');
  const row = a.page.getByRole('listitem', { name: 'Trip to Lisbon' });
  await row.getByRole('button', { name: 'More actions for Trip to Lisbon' }).click();
  await a.page.getByRole('menuitem', { name: 'Move to folder' }).click();
  const move = a.page.getByRole('dialog', { name: 'Move “Trip to Lisbon” to a folder' });
  await move.getByRole('button', { name: 'New folder' }).click();
  await move.getByRole('textbox', { name: 'Folder name' }).fill('Trips');
  await move.getByRole('button', { name: 'Create' }).click();
  await move.getByRole('button', { name: 'Move' }).click();
  await expect(a.page.getByText('Run moved to “Trips”.')).toBeVisible();

  await b.page.goto('/ai/prompts/runs');
  const onB = b.page.getByRole('listitem', { name: 'Trip to Lisbon' });
  await expect(onB.getByRole('group', { name: 'Tags: travel' })).toBeVisible({ timeout: 20_000 });
  await b.page.getByRole('combobox', { name: 'Folder' }).selectOption({ label: 'Trips' });
  await expect(b.page.getByRole('heading', { name: 'All runs · Trips' })).toBeVisible();
  await expect(onB).toBeVisible();

  await tagRun(b.page, 'Trip to Lisbon', 'lisbon');
  await expect(a.page.getByRole('listitem', { name: 'Trip to Lisbon' }).getByRole('group', { name: /^Tags: (travel, lisbon|lisbon, travel)$/ }))
    .toBeVisible({ timeout: 20_000 });

  // A template saved from the run on A links back to that run on B too.
  const onA = a.page.getByRole('listitem', { name: 'Trip to Lisbon' });
  await onA.getByRole('button', { name: 'More actions for Trip to Lisbon' }).click();
  await a.page.getByRole('menuitem', { name: 'Save as template' }).click();
  await expect(a.page.getByRole('heading', { name: 'Edit “Trip to Lisbon (template)”' })).toBeVisible();
  await b.page.goto('/ai/prompts');
  const card = b.page.getByRole('listitem', { name: 'Trip to Lisbon (template)' });
  await card.getByRole('link', { name: 'Edit' }).click({ timeout: 20_000 });
  await expect(b.page.getByRole('link', { name: 'Trip to Lisbon', exact: true })).toBeVisible();
  for (const d of [a, b]) await d.context.close();
});
