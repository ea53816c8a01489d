// Tags and folders as people use them: tag a run from its header, a row's menu and a selection, filter by
// tag (and `tag:` in the search), file runs in folders and open a folder's link offline. At 1280×800 and
// 360×780, with screenshots to look at.
import { expect, test, type Page } from '@playwright/test';
import { FREE_CHAT, fastEcho, makeRun } from './runs-helpers';
import { waitForServiceWorkerControl } from './pwa-support';

test.beforeEach(async ({ page }) => fastEcho(page));

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/organize-ui/${name}.png` });
const runNames = (page: Page) => page.getByRole('main').getByRole('listitem').filter({ has: page.getByRole('link') });

async function addTag(page: Page, dialogName: string, tag: string) {
  const dialog = page.getByRole('dialog', { name: dialogName });
  await dialog.getByRole('combobox', { name: 'Tag' }).fill(tag);
  await dialog.getByRole('combobox', { name: 'Tag' }).press('Enter');
  await expect(dialog.getByRole('list', { name: 'Tags' })).toContainText(tag);
  return dialog;
}

test.describe('desktop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('tag from the header and a row menu, filter by tag and tag:, move to a folder, open its link offline', async ({ page }) => {
    await makeRun(page, 'Trip to Lisbon');
    await makeRun(page, 'Bread recipe');
    await page.getByRole('button', { name: 'Add tag' }).click();
    const header = await addTag(page, 'Tags of “Bread recipe”', 'baking');
    await shot(page, 'desktop-tags-dialog');
    await header.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('group', { name: 'Tags: baking' })).toBeVisible();

    await page.goto('/ai/prompts/runs');
    await waitForServiceWorkerControl(page);
    const lisbon = page.getByRole('listitem', { name: 'Trip to Lisbon' });
    await lisbon.getByRole('button', { name: 'More actions for Trip to Lisbon' }).click();
    await page.getByRole('menuitem', { name: 'Tags' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tags of “Trip to Lisbon”' });
    await dialog.getByRole('combobox', { name: 'Tag' }).fill('ba');
    await expect(dialog.getByRole('option', { name: 'baking' })).toBeVisible(); // suggested from existing tags
    await addTag(page, 'Tags of “Trip to Lisbon”', 'travel');
    await page.keyboard.press('Escape');
    await expect(lisbon.getByRole('group', { name: 'Tags: travel' })).toBeVisible();

    await page.getByRole('button', { name: 'Filter by tag' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'travel' }).click();
    await page.keyboard.press('Escape');
    await expect(runNames(page)).toHaveCount(1);
    await expect(lisbon).toBeVisible();
    await shot(page, 'desktop-filtered-by-tag');
    await page.getByRole('button', { name: 'Filter by tag: travel' }).click();
    await page.getByRole('menuitem', { name: 'Clear tags' }).click();
    await page.getByRole('searchbox', { name: 'Search runs' }).fill('tag:baking');
    await expect(runNames(page)).toHaveCount(1);
    await expect(page.getByRole('listitem', { name: 'Bread recipe' })).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search runs' }).fill('');

    await lisbon.getByRole('button', { name: 'More actions for Trip to Lisbon' }).click();
    await page.getByRole('menuitem', { name: 'Move to folder' }).click();
    const move = page.getByRole('dialog', { name: 'Move “Trip to Lisbon” to a folder' });
    await move.getByRole('button', { name: 'New folder' }).click();
    await move.getByRole('textbox', { name: 'Folder name' }).fill('Trips');
    await move.getByRole('button', { name: 'Create' }).click();
    await expect(move.getByRole('radio', { name: 'Trips' })).toBeChecked();
    await move.getByRole('button', { name: 'Move' }).click();
    await expect(page.getByText('Run moved to “Trips”.')).toBeVisible();

    await page.getByRole('combobox', { name: 'Folder' }).selectOption({ label: 'Trips' });
    await expect(page).toHaveURL(/\/ai\/prompts\/runs\?folder=[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: 'All runs · Trips' })).toBeVisible();
    await expect(runNames(page)).toHaveCount(1);
    const link = page.url();

    // The folder's link, offline: read from the device.
    await page.goto('/ai/prompts/runs');
    await page.context().setOffline(true);
    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'All runs · Trips' })).toBeVisible();
    await expect(page.getByRole('listitem', { name: 'Trip to Lisbon' })).toBeVisible();
    await expect(runNames(page)).toHaveCount(1);
    await shot(page, 'desktop-folder-offline');
    await page.context().setOffline(false);
  });
});

test.describe('phone', () => {
  test.use({ viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true });

  test('tag and file a selection from the bulk bar, then filter by folder', async ({ page }) => {
    await makeRun(page, 'Porto weekend');
    await makeRun(page, 'Sourdough');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await addTag(page, 'Tags of “Sourdough”', 'baking');
    await shot(page, 'phone-tags-dialog');
    await page.keyboard.press('Escape');
    await shot(page, 'phone-runner-header');

    await page.goto('/ai/prompts/runs');
    await page.getByRole('button', { name: 'Select' }).click();
    await page.getByRole('checkbox', { name: 'Select Porto weekend' }).click();
    await page.getByRole('checkbox', { name: 'Select Sourdough' }).click();
    const bar = page.getByRole('toolbar', { name: 'Selected runs' });
    await bar.getByRole('button', { name: 'Tag' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tags of 2 runs' });
    await expect(dialog).toContainText('(1 of 2)');
    await addTag(page, 'Tags of 2 runs', 'weekend');
    await page.keyboard.press('Escape');
    await bar.getByRole('button', { name: 'Move to folder' }).click();
    const move = page.getByRole('dialog', { name: 'Move 2 runs to a folder' });
    await move.getByRole('button', { name: 'New folder' }).click();
    await move.getByRole('textbox', { name: 'Folder name' }).fill('Saturday');
    await move.getByRole('textbox', { name: 'Folder name' }).press('Enter');
    await expect(move.getByRole('radio', { name: 'Saturday' })).toBeChecked();
    await shot(page, 'phone-move-dialog');
    await move.getByRole('button', { name: 'Move' }).click();
    await expect(page.getByText('2 runs moved to “Saturday”.')).toBeVisible();
    await expect(page.getByRole('listitem', { name: 'Sourdough' }).getByRole('group', { name: 'Tags: baking, weekend' })).toBeVisible();

    // On a phone the filters are in the "Filter and sort" sheet, summed up in its chip.
    await page.getByRole('button', { name: /^Filter/ }).click();
    const sheet = page.getByRole('dialog', { name: 'Filter and sort' });
    await sheet.getByRole('combobox', { name: 'Folder' }).selectOption({ label: 'No folder' });
    await sheet.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByText('No runs found')).toBeVisible();
    await page.getByRole('button', { name: /^Filter/ }).click();
    await sheet.getByRole('combobox', { name: 'Folder' }).selectOption({ label: 'Saturday' });
    await sheet.getByRole('button', { name: 'Filter by tag' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'baking' }).click();
    await page.keyboard.press('Escape');
    await shot(page, 'phone-filter-sheet');
    await sheet.getByRole('button', { name: 'Done' }).click();
    await expect(page.locator('p', { hasText: 'Showing:' })).toContainText('#baking · Saturday');
    await expect(runNames(page)).toHaveCount(1);
    await expect(page.getByRole('listitem', { name: 'Sourdough' })).toBeVisible();
    await shot(page, 'phone-folder');
  });
});

/** Change Free chat's system message in the editor and save it. */
async function editSystemMessage(page: Page, text: string) {
  await page.goto(`/ai/prompts/${FREE_CHAT}/edit`);
  await page.getByRole('textbox', { name: 'System message' }).fill(text);
  await page.getByRole('button', { name: 'Save prompt' }).click();
  await expect(page).toHaveURL(/\/ai\/prompts$/);
}

for (const [size, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 360, height: 780 }]] as const) {
  test.describe(`edit history, ${size}`, () => {
    test.use({ viewport });

    test('the runner says the prompt changed since the run, History shows the diff and restores a version', async ({ page }) => {
      const run = await makeRun(page, 'Started before the edit');
      await editSystemMessage(page, 'Answer in French.');
      await page.goto(run);
      await expect(page.getByText('The prompt has changed since this run started.')).toBeVisible();
      await page.getByRole('button', { name: 'What changed' }).click();
      const changes = page.getByRole('dialog', { name: /^Changes to “Free chat” since this run started$/ });
      await expect(changes.getByRole('insertion').first()).toContainText('Answer in French');
      await shot(page, `${size}-prompt-changed`);
      await changes.getByRole('button', { name: 'Close' }).click();

      await page.goto(`/ai/prompts/${FREE_CHAT}/edit`);
      await page.getByRole('button', { name: 'History' }).click();
      const history = page.getByRole('dialog', { name: 'History of “Free chat”' });
      await expect(history.getByRole('radio')).toHaveCount(2);
      await expect(history.getByRole('region', { name: 'Changes in this version' }).getByRole('insertion').first()).toContainText('Answer in French');
      await expect(history.getByRole('radio').first().locator('..')).toContainText(/Chrome on \w+ · current/);
      await shot(page, `${size}-prompt-history`);
      await history.getByRole('radio').nth(1).locator('..').click(); // the label: the radio itself is visually hidden
      await history.getByRole('button', { name: 'Restore this version' }).click();
      await expect(page.getByRole('textbox', { name: 'System message' })).not.toHaveValue('Answer in French.');
      await page.goto(run);
      await expect(page.getByRole('article', { name: 'You message' }).first()).toContainText('Started before the edit');
      await expect(page.getByText('The prompt has changed since this run started.')).toHaveCount(0);
    });
  });
}
