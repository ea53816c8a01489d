// Pinned runs: "Pin" in a run's menu (or its details) puts it under "Pinned" at the top of its lists,
// whatever the sort, in the runs page and the runner's sidebar, after a reload too; "Unpin" on the row
// puts it back in its place.
import { expect, test, type Page } from '@playwright/test';
import { fastEcho, makeRun } from './runs-helpers';

/** The names of the list's runs, top to bottom. */
const order = (page: Page, list = page.getByRole('list', { name: 'All runs' })) =>
  list.getByRole('listitem').evaluateAll((items) => items.flatMap((i) => i.getAttribute('aria-label') ?? []));

for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 780 }]) {
  test.describe(`${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport, ...(viewport.width < 640 ? { isMobile: true, hasTouch: true } : {}) });
    test.beforeEach(async ({ page }) => fastEcho(page));

    test('Pin keeps a run at the top of its list whatever the sort; Unpin puts it back', async ({ page }) => {
      test.setTimeout(120_000);
      await makeRun(page, 'Alpha pinned later');
      await makeRun(page, 'Bravo', 'with a second message');
      const last = await makeRun(page, 'Charlie newest');
      await page.goto('/ai/prompts/runs');
      await expect.poll(() => order(page)).toEqual(['Charlie newest', 'Bravo', 'Alpha pinned later']);

      await page.getByRole('button', { name: 'More actions for Alpha pinned later' }).click();
      await page.getByRole('menuitem', { name: 'Pin', exact: true }).click();
      await expect.poll(() => order(page)).toEqual(['Alpha pinned later', 'Charlie newest', 'Bravo']);
      await expect(page.getByText('Pinned', { exact: true })).toBeVisible();
      const pinned = page.getByRole('listitem', { name: 'Alpha pinned later' });
      await expect(pinned.getByRole('button', { name: 'Unpin' })).toBeVisible();

      const sort = page.getByRole('combobox', { name: 'Sort' });
      if (await sort.isVisible()) {
        for (const label of ['Oldest', 'Name (A–Z)', 'Most messages']) {
          await sort.selectOption({ label });
          await expect.poll(() => order(page).then((names) => names[0]), label).toBe('Alpha pinned later');
        }
        await sort.selectOption({ label: 'Recent' });
      }

      // Kept: after a reload, and in the runner's list of previous runs.
      await page.reload();
      await expect.poll(() => order(page)).toEqual(['Alpha pinned later', 'Charlie newest', 'Bravo']);
      await page.goto(last);
      await page.getByRole('button', { name: 'Previous runs' }).click();
      const side = page.getByRole(viewport.width < 1024 ? 'dialog' : 'complementary', { name: 'Previous runs' });
      await expect.poll(() => order(page, side.getByRole('list'))).toEqual(['Alpha pinned later', 'Charlie newest', 'Bravo']);

      await page.goto('/ai/prompts/runs');
      await page.getByRole('listitem', { name: 'Alpha pinned later' }).getByRole('button', { name: 'Unpin' }).click();
      await expect.poll(() => order(page)).toEqual(['Charlie newest', 'Bravo', 'Alpha pinned later']);
      await expect(page.getByText('Pinned', { exact: true })).toHaveCount(0);
    });

    test('Run details has Pin and Unpin', async ({ page }) => {
      await makeRun(page, 'Pin from details');
      await page.goto('/ai/prompts/runs');
      await page.getByRole('button', { name: 'More actions for Pin from details' }).click();
      await page.getByRole('menuitem', { name: 'Details' }).click();
      const dialog = page.getByRole('dialog', { name: 'Run details' });
      await dialog.getByRole('button', { name: 'Pin', exact: true }).click();
      await expect(dialog.getByRole('button', { name: 'Unpin', exact: true })).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('listitem', { name: 'Pin from details' }).getByRole('button', { name: 'Unpin' })).toBeVisible();
    });
  });
}
