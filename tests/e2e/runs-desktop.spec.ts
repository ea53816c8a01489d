// The runs library at a desktop viewport: the seed's journeys through the runs sidebar and the browse pages.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { FREE_CHAT, fastEcho, makeRun, severe } from './runs-helpers';

test.beforeEach(async ({ page }) => fastEcho(page));

test('resume journey: Previous runs opens a 300px sidebar beside the conversation; a run opens from it', async ({ page }) => {
  const first = await makeRun(page, 'Tell me about lighthouses');
  await makeRun(page, 'Tell me about windmills');
  await page.getByRole('button', { name: 'Previous runs' }).click();
  const sidebar = page.getByRole('complementary', { name: 'Previous runs' });
  await expect(sidebar).toBeVisible();
  expect(Math.round((await sidebar.boundingBox())!.width)).toBe(300);
  await expect(sidebar.getByRole('heading', { name: 'Today' })).toBeVisible();
  const item = sidebar.getByRole('listitem', { name: 'Tell me about lighthouses' });
  await expect(item).toContainText('2 messages'); // what shows: the question and the reply (not the system message)
  await item.getByRole('link', { name: 'Tell me about lighthouses' }).click();
  await expect(page).toHaveURL(first);
  await expect(page.getByRole('article', { name: 'You message' }).first()).toContainText('lighthouses');
  await expect(sidebar.getByRole('link', { name: 'Tell me about lighthouses' })).toHaveAttribute('aria-current', 'page');
  // Keyboard: Ctrl+Shift+S hides and shows it; Ctrl+K focuses its search.
  await page.keyboard.press('Control+Shift+S');
  await expect(sidebar).toHaveCount(0);
  await page.keyboard.press('Control+K');
  await expect(page.getByRole('searchbox', { name: 'Search runs' })).toBeFocused();
});

test('search by message text shows a snippet and opens the run scrolled to that message', async ({ page }) => {
  const filler = Array.from({ length: 6 }, (_, i) => `Filler question number ${i} about nothing in particular.`);
  const url = await makeRun(page, 'Start of a long chat', ...filler, 'Where do quokkas live?', ...filler.slice(0, 2));
  await makeRun(page, 'Unrelated chat');
  await page.goto('/ai/prompts/runs');
  await page.getByRole('searchbox', { name: 'Search runs' }).fill('quokka');
  const result = page.getByRole('listitem', { name: 'Start of a long chat' });
  await expect(result).toContainText('Where do quokkas live?');
  await expect(page.getByRole('listitem', { name: 'Unrelated chat' })).toHaveCount(0);
  await result.getByRole('link', { name: 'Start of a long chat' }).click();
  await expect(page).toHaveURL(new RegExp(`^${url}\\?message=`));
  const match = page.locator('[data-search-match="true"]').first();
  await expect(match).toContainText('Where do quokkas live?');
  await expect(match).toBeInViewport();
  await page.getByRole('searchbox', { name: 'Search runs' }).waitFor({ state: 'detached' }).catch(() => undefined);
});

test('no match shows the seed empty state', async ({ page }) => {
  await makeRun(page, 'Anything at all');
  await page.goto('/ai/prompts/runs');
  await page.getByRole('searchbox', { name: 'Search runs' }).fill('xylophonist');
  await expect(page.getByText('No runs found')).toBeVisible();
  await expect(page.getByText('Try a different search term')).toBeVisible();
});

test('delete asks for confirmation, Undo brings the run back; Trash → Restore', async ({ page }) => {
  await makeRun(page, 'Keep me safe');
  await page.goto('/ai/prompts/runs');
  const item = page.getByRole('listitem', { name: 'Keep me safe' });
  await item.hover();
  await item.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete run?' });
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(item).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(item).toBeVisible();
  await page.reload();
  await expect(page.getByRole('listitem', { name: 'Keep me safe' })).toBeVisible();

  await page.getByRole('listitem', { name: 'Keep me safe' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog', { name: 'Delete run?' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Trash', exact: true }).click();
  const trashed = page.getByRole('listitem', { name: 'Keep me safe' });
  await trashed.getByRole('button', { name: 'Restore' }).click();
  await expect(trashed).toHaveCount(0);
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await expect(page.getByRole('listitem', { name: 'Keep me safe' })).toBeVisible();
});

test('browse journey: grouped by prompt; star, filter starred, sort by name, bulk archive', async ({ page }) => {
  await makeRun(page, 'Bravo run');
  await makeRun(page, 'Alpha run');
  await page.goto('/ai/prompts/runs');
  await page.getByRole('checkbox', { name: 'Group by prompt' }).check();
  await expect(page.getByRole('heading', { name: 'Free chat' })).toBeVisible();
  await page.getByRole('listitem', { name: 'Bravo run' }).getByRole('button', { name: 'Star' }).click();
  await expect(page.getByRole('listitem', { name: 'Bravo run' }).getByRole('button', { name: 'Unstar' })).toBeVisible();
  await page.getByRole('button', { name: 'Starred', exact: true }).click();
  await expect(page.getByRole('listitem')).toHaveCount(2); // the prompt heading and Bravo
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await page.getByRole('combobox', { name: 'Sort' }).selectOption({ label: 'Name (A–Z)' });
  const names = page.getByRole('list', { name: 'All runs' }).getByRole('link');
  await expect(names.first()).toHaveText('Alpha run');
  await page.getByRole('button', { name: 'Select' }).click();
  await page.getByRole('checkbox', { name: 'Select Alpha run' }).check();
  await page.getByRole('checkbox', { name: 'Select Bravo run' }).check();
  await page.getByRole('toolbar', { name: 'Selected runs' }).getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByText('Archived 2 runs')).toBeVisible();
  await page.getByRole('button', { name: 'Archived', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Alpha run' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Bravo run' })).toBeVisible();
});

test('export all → import: nothing duplicated here, everything restored on an empty device', async ({ page, browser }) => {
  await makeRun(page, 'Exported one', 'second message');
  await makeRun(page, 'Exported two');
  await page.goto('/ai/prompts/runs');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all' }).click()]);
  const file = await download.path();
  await page.getByLabel('Import file').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'Imported: 0 new runs' })).toContainText('2 runs already here');
  await expect(page.getByRole('link', { name: 'Exported one' })).toHaveCount(1);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto('/ai/prompts/runs');
  await expect(fresh.getByText('No saved runs yet')).toBeVisible();
  await fresh.getByLabel('Import file').setInputFiles(file);
  await expect(fresh.getByRole('status').filter({ hasText: 'Imported: 2 new runs' })).toBeVisible();
  await fresh.getByRole('link', { name: 'Exported one' }).click();
  await expect(fresh.getByRole('article', { name: 'You message' })).toHaveCount(2);
  await other.close();
});

test('a foreign file is refused with a clear error', async ({ page }) => {
  await page.goto('/ai/prompts/runs');
  await page.getByLabel('Import file').setInputFiles({ name: 'chat.json', mimeType: 'application/json', buffer: Buffer.from('{"conversations":[]}') });
  await expect(page.getByRole('alert')).toContainText('not a prompt-runs export file');
});

test('re-run with same inputs prefills the variables of a new run', async ({ page }) => {
  await page.goto('/ai/prompts/run/00000000-0000-4000-8000-000000000001');
  await page.getByLabel('topic', { exact: true }).fill('volcanoes');
  await page.getByLabel('audience', { exact: true }).fill('a geologist');
  await page.getByRole('textbox', { name: 'Message' }).fill('Go.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.goto('/ai/prompts/00000000-0000-4000-8000-000000000001/runs');
  const item = page.getByRole('listitem').filter({ hasText: 'volcanoes' }).first();
  await item.getByRole('button', { name: /More actions for/ }).click();
  await page.getByRole('menuitem', { name: 'Re-run with same inputs' }).click();
  await expect(page.getByLabel('topic', { exact: true })).toHaveValue('volcanoes');
  await expect(page.getByLabel('audience', { exact: true })).toHaveValue('a geologist');
});

test('axe: runner with the sidebar open, and the browse page, have no serious or critical violations', async ({ page }) => {
  await makeRun(page, 'Accessible run');
  await page.getByRole('button', { name: 'Previous runs' }).click();
  await expect(page.getByRole('complementary', { name: 'Previous runs' })).toBeVisible();
  expect(severe(await new AxeBuilder({ page }).analyze())).toEqual([]);
  await page.goto('/ai/prompts/runs');
  await expect(page.getByRole('link', { name: 'Accessible run' })).toBeVisible();
  expect(severe(await new AxeBuilder({ page }).analyze())).toEqual([]);
  await page.getByRole('listitem', { name: 'Accessible run' }).getByRole('button', { name: /More actions/ }).click();
  await page.getByRole('menuitem', { name: 'Details' }).click();
  await expect(page.getByRole('dialog', { name: 'Run details' })).toBeVisible();
  expect(severe(await new AxeBuilder({ page }).analyze())).toEqual([]);
});

export { FREE_CHAT };
