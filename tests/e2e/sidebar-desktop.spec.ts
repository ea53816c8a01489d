// The runs sidebar on a wide screen (1024 px and up): opened from the runner or the header, it stays beside
// every page (the runs pages aside: they are the list), lists this prompt's runs or all runs ("This prompt" /
// "All"), and both choices are kept.
import { expect, test, type Page } from '@playwright/test';
import { EXAMPLE_PROMPT_ID } from './fixtures';
import { fastEcho, makeRun } from './runs-helpers';

test.use({ viewport: { width: 1280, height: 800 } });
test.beforeEach(async ({ page }) => fastEcho(page));

const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Previous runs' });
const names = (page: Page) =>
  sidebar(page).getByRole('listitem').evaluateAll((items) => items.flatMap((i) => i.getAttribute('aria-label') ?? []));

/** A run of the example prompt (its template needs no typing). */
async function exampleRun(page: Page): Promise<void> {
  await page.goto(`/ai/prompts/run/${EXAMPLE_PROMPT_ID}`);
  const fresh = page.getByRole('button', { name: 'Start fresh' });
  const send = page.getByRole('button', { name: 'Send' });
  await expect(fresh.or(send)).toBeVisible();
  if (await fresh.isVisible()) await fresh.click();
  await send.click();
  await expect(page.getByRole('article', { name: 'Assistant message' }).last()).toContainText('total');
}

test('the sidebar stays open across pages, lists this prompt’s runs or all, and keeps both choices', async ({ page }) => {
  const freeChat = await makeRun(page, 'A free chat');
  await exampleRun(page);
  const exampleName = await page.getByRole('heading', { level: 1 }).innerText();

  // From the runner: this prompt's runs.
  await page.getByRole('button', { name: 'Previous runs', exact: true }).click();
  await expect(sidebar(page)).toBeVisible();
  expect(Math.round((await sidebar(page).boundingBox())!.width)).toBe(300);
  const scope = sidebar(page).getByRole('radiogroup', { name: 'Runs shown' });
  await expect(scope.getByRole('radio', { name: 'This prompt' })).toBeChecked();
  await expect.poll(() => names(page)).toEqual([exampleName]);

  // All: every prompt's runs, newest first.
  await scope.getByRole('radio', { name: 'All' }).check({ force: true });
  await expect.poll(() => names(page)).toEqual([exampleName, 'A free chat']);

  // Other pages keep it, with the same choice; a run opens from it.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect.poll(() => names(page)).toEqual([exampleName, 'A free chat']);
  await expect(scope.getByRole('radio', { name: 'This prompt' })).toBeDisabled(); // no prompt in view
  await sidebar(page).getByRole('link', { name: 'A free chat' }).click();
  await expect(page.getByRole('article', { name: 'You message' }).first()).toContainText('A free chat');
  await expect(sidebar(page).getByRole('link', { name: 'A free chat' })).toHaveAttribute('aria-current', 'page');

  // Not beside the runs pages, which are the list itself.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(page.getByRole('list', { name: 'All runs' })).toBeVisible();
  await expect(sidebar(page)).toHaveCount(0);
  // Its header button says so there, rather than toggling a sidebar that would not show.
  await expect(page.getByRole('button', { name: 'Runs sidebar' })).toBeDisabled();

  // Kept on the device: after a reload too.
  await page.goto('/ai/prompts');
  await expect(sidebar(page)).toBeVisible();
  await expect.poll(() => names(page)).toEqual([exampleName, 'A free chat']);

  // The header's toggle closes it everywhere; the runner's button follows.
  await page.getByRole('button', { name: 'Runs sidebar' }).click();
  await expect(sidebar(page)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Prompts', level: 1 })).toBeVisible();
  await expect(sidebar(page)).toHaveCount(0);
  await page.goto(freeChat);
  await expect(page.getByRole('button', { name: 'Previous runs', exact: true })).toHaveAttribute('aria-expanded', 'false');
  await page.getByRole('button', { name: 'Runs sidebar' }).click();
  await expect(page.getByRole('button', { name: 'Previous runs', exact: true })).toHaveAttribute('aria-expanded', 'true');
  // The scope chosen last ("All") is kept where a prompt is in view too.
  await expect(sidebar(page).getByRole('radio', { name: 'All' })).toBeChecked();
  await page.keyboard.press('Control+Shift+S');
  await expect(sidebar(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Runs sidebar' })).toHaveAttribute('aria-pressed', 'false');
});

test('below 1024 px the sidebar is the runner’s own: beside the conversation only, and no header toggle', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 800 });
  await makeRun(page, 'Narrower screen');
  await expect(page.getByRole('button', { name: 'Runs sidebar' })).toBeHidden();
  await page.getByRole('button', { name: 'Previous runs', exact: true }).click();
  await expect(sidebar(page)).toBeVisible();
  await expect(sidebar(page).getByRole('radiogroup', { name: 'Runs shown' })).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(sidebar(page)).toHaveCount(0);
});
