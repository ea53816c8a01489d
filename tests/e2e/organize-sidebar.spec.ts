// Folders and tags in the runs sidebar (1280×800): the folder view with its counts, a run dragged from the
// sidebar's list onto a folder (and onto No folder) moves there, a folder narrows the list, the tag filter
// narrows it and the counts, in the light and the dark theme (Settings → Theme), with the new states'
// contrast checked. At 360×780 none of it shows (no sidebar on a phone) and the runs page starts as before.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { contrastProblems, settle } from './contrast-support';
import { fastEcho, makeRun } from './runs-helpers';

test.beforeEach(async ({ page }) => fastEcho(page));

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/organize-sidebar/${name}.png` });
const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Previous runs' });
const folders = (page: Page) => sidebar(page).getByRole('list', { name: 'Folders of runs' }).getByRole('button');
const runNames = (page: Page) =>
  sidebar(page).getByRole('list', { name: 'All runs' }).getByRole('listitem').evaluateAll((items) => items.flatMap((i) => i.getAttribute('aria-label') ?? []));

async function setTheme(page: Page, theme: 'Light' | 'Dark') {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).check();
}

/** A drag of `row` held over `target` (synthetic events: the page keeps showing the drag's states). */
async function holdDragOver(row: Locator, target: Locator) {
  const transfer = await row.page().evaluateHandle(() => new DataTransfer());
  await row.getByRole('link').dispatchEvent('dragstart', { dataTransfer: transfer });
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
}

test.describe('desktop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the sidebar’s folders: counts, drag a run onto a folder and onto No folder, choose a folder, filter by tag', async ({ page }) => {
    test.setTimeout(90_000);
    await makeRun(page, 'Trip to Lisbon');
    await page.getByRole('button', { name: 'Add tag' }).click();
    const tags = page.getByRole('dialog', { name: 'Tags of “Trip to Lisbon”' });
    await tags.getByRole('combobox', { name: 'Tag' }).fill('travel');
    await tags.getByRole('combobox', { name: 'Tag' }).press('Enter');
    await expect(tags.getByRole('list', { name: 'Tags' })).toContainText('travel');
    await page.keyboard.press('Escape');
    const bread = await makeRun(page, 'Bread recipe');
    await page.goto('/settings#folders');
    await page.getByRole('textbox', { name: 'New folder name' }).fill('Trips');
    await page.getByRole('button', { name: 'New folder' }).click();
    await expect(page.getByRole('link', { name: 'Open Trips, 0 runs' })).toBeVisible();

    await page.goto(bread);
    await page.getByRole('button', { name: 'Previous runs' }).click();
    await sidebar(page).getByRole('radio', { name: 'All' }).check({ force: true });
    await expect.poll(() => runNames(page)).toEqual(['Bread recipe', 'Trip to Lisbon']);
    await expect.poll(() => folders(page).evaluateAll((b) => b.map((x) => x.getAttribute('aria-label')))).toEqual(['Trips, 0 runs', 'No folder, 2 runs']);
    await expect(sidebar(page).getByRole('button', { name: 'Trips, 0 runs' })).toBeVisible();
    await expect(sidebar(page).getByRole('button', { name: 'No folder, 2 runs' })).toBeVisible();
    await shot(page, 'desktop-light-folders');

    // Drag a run of the sidebar's list onto the folder: moved, as "Move to folder" says, and counted.
    const lisbon = sidebar(page).getByRole('listitem', { name: 'Trip to Lisbon' });
    await lisbon.dragTo(sidebar(page).getByRole('button', { name: 'Trips, 0 runs' }));
    await expect(page.getByText('Run moved to “Trips”.')).toBeVisible();
    await expect(sidebar(page).getByRole('button', { name: 'Trips, 1 run' })).toBeVisible();
    await expect(sidebar(page).getByRole('button', { name: 'No folder, 1 run' })).toBeVisible();

    // Choosing the folder shows its runs; choosing it again, all.
    await sidebar(page).getByRole('button', { name: 'Trips, 1 run' }).click();
    await expect(sidebar(page).getByRole('button', { name: 'Trips, 1 run' })).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => runNames(page)).toEqual(['Trip to Lisbon']);
    await shot(page, 'desktop-light-folder-chosen');
    await sidebar(page).getByRole('button', { name: 'Trips, 1 run' }).click();
    await expect.poll(() => runNames(page)).toEqual(['Bread recipe', 'Trip to Lisbon']);

    // And back onto No folder.
    await lisbon.dragTo(sidebar(page).getByRole('button', { name: 'No folder, 1 run' }));
    await expect(page.getByText('Run moved to No folder.')).toBeVisible();
    await expect(sidebar(page).getByRole('button', { name: 'No folder, 2 runs' })).toBeVisible();
    await lisbon.dragTo(sidebar(page).getByRole('button', { name: 'Trips, 0 runs' }));
    await expect(sidebar(page).getByRole('button', { name: 'Trips, 1 run' })).toBeVisible();

    // The tag filter narrows the sidebar's list and its counts.
    await sidebar(page).getByRole('button', { name: 'Filter by tag' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'travel' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => runNames(page)).toEqual(['Trip to Lisbon']);
    await expect(sidebar(page).getByRole('button', { name: 'No folder, 0 runs' })).toBeVisible();
    await expect(sidebar(page).getByRole('button', { name: 'Trips, 1 run' })).toBeVisible();
    await shot(page, 'desktop-light-tag-filter');

    // Dark, from Settings → Theme; the sidebar stays open beside Settings.
    await setTheme(page, 'Dark');
    await page.goto(bread);
    await expect(sidebar(page).getByRole('button', { name: 'Trips, 1 run' })).toBeVisible();
    await shot(page, 'desktop-dark-folders');
    await holdDragOver(sidebar(page).getByRole('listitem', { name: 'Bread recipe' }), sidebar(page).getByRole('button', { name: 'Trips, 1 run' }));
    await expect(sidebar(page).getByRole('button', { name: 'Trips, 1 run' })).toHaveAttribute('data-drop-target', 'over');
    await expect(sidebar(page).getByRole('button', { name: /^No folder/ })).toHaveAttribute('data-drop-target', 'ready');
    await shot(page, 'desktop-dark-drag-over');
  });

  for (const theme of ['Light', 'Dark'] as const) {
    test(`contrast of the folder view’s states, ${theme.toLowerCase()} theme`, async ({ page }) => {
      await makeRun(page, 'A filed run');
      await page.goto('/settings#folders');
      await page.getByRole('textbox', { name: 'New folder name' }).fill('Trips');
      await page.getByRole('button', { name: 'New folder' }).click();
      await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).check();
      await page.getByRole('button', { name: 'Runs sidebar' }).click();
      await sidebar(page).getByRole('radio', { name: 'All' }).check({ force: true });
      const problems: string[] = [];
      await sidebar(page).getByRole('button', { name: 'No folder, 1 run' }).click(); // chosen
      await expect(sidebar(page).getByRole('button', { name: 'No folder, 1 run' })).toHaveAttribute('aria-pressed', 'true');
      problems.push(...(await contrastProblems(page, 'sidebar folders, one chosen', { focus: true })));
      await holdDragOver(sidebar(page).getByRole('listitem', { name: 'A filed run' }), sidebar(page).getByRole('button', { name: 'Trips, 0 runs' }));
      await expect(sidebar(page).getByRole('button', { name: 'Trips, 0 runs' })).toHaveAttribute('data-drop-target', 'over');
      problems.push(...(await contrastProblems(page, 'sidebar folders while a run is dragged')));
      expect(problems).toEqual([]);
    });
  }
});

test('from 768 to 1023 px the runner’s own sidebar has the folder view too', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 800 });
  await makeRun(page, 'Narrower screen');
  await page.getByRole('button', { name: 'Previous runs' }).click();
  await expect(sidebar(page).getByRole('button', { name: 'Folders', exact: true })).toHaveAttribute('aria-expanded', 'true');
  await expect(sidebar(page).getByText(/^No folders yet/)).toBeVisible();
  await expect(sidebar(page).getByRole('listitem', { name: 'Narrower screen' })).toHaveAttribute('draggable', 'true');
});

test.describe('phone', () => {
  test.use({ viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true });

  test('no folder view on a phone; the runs page’s first run stays near the top, light and dark', async ({ page }) => {
    const run = await makeRun(page, 'Phone run');
    await page.goto('/settings#folders');
    await page.getByRole('textbox', { name: 'New folder name' }).fill('Trips');
    await page.getByRole('button', { name: 'New folder' }).click();
    for (const theme of ['Light', 'Dark'] as const) {
      await page.goto('/settings');
      await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: theme }).check();
      await page.goto('/ai/prompts/runs');
      const first = page.getByRole('listitem', { name: 'Phone run' });
      await expect(first).toBeVisible();
      expect((await first.boundingBox())!.y).toBeLessThan(260);
      await expect(page.getByRole('list', { name: 'Folders of runs' })).toHaveCount(0);
      await shot(page, `phone-${theme.toLowerCase()}-runs`);
      // The runner's drawer lists the runs as before, without the desktop's folder view.
      await page.goto(run);
      await page.getByRole('button', { name: 'Previous runs' }).click();
      await expect(page.getByRole('dialog', { name: 'Previous runs' }).getByRole('listitem', { name: 'Phone run' })).toBeVisible();
      await expect(page.getByRole('list', { name: 'Folders of runs' })).toHaveCount(0);
      await settle(page); // the drawer's slide in
      await shot(page, `phone-${theme.toLowerCase()}-drawer`);
    }
  });
});
