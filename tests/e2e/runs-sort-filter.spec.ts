// The runs page's Sort orders the whole list and "Group by prompt" is a choice (off by default); on a
// phone the filters and sort fold into one "Filter" sheet with a summary chip, and the first run shows
// without scrolling. At 1280×800 and 360×780.
import { expect, test, type Page } from '@playwright/test';
import { EXAMPLE_PROMPT_ID } from './fixtures';
import { fastEcho, makeRun } from './runs-helpers';

const order = (page: Page) =>
  page.getByRole('list', { name: 'All runs' }).getByRole('listitem').evaluateAll((items) => items.flatMap((i) => i.getAttribute('aria-label') ?? []));
const headings = (page: Page) => page.getByRole('list', { name: 'All runs' }).getByRole('heading').allTextContents();

/** A run of "Explain like I am new" with its default variables; returns its name. */
async function makeExampleRun(page: Page): Promise<string> {
  await page.goto(`/ai/prompts/run/${EXAMPLE_PROMPT_ID}`, { waitUntil: 'domcontentloaded' });
  const fresh = page.getByRole('button', { name: 'Start fresh' });
  const send = page.getByRole('button', { name: 'Send' });
  await expect(fresh.or(send)).toBeVisible({ timeout: 30_000 });
  if (await fresh.isVisible()) await fresh.click();
  await send.click();
  await expect(page).toHaveURL(/\/ai\/prompts\/run\/[^/]+\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('article', { name: /assistant message/i }).last()).toContainText('total');
  return (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
}

for (const size of [{ width: 1280, height: 800 }, { width: 360, height: 780 }]) {
  const phone = size.width < 640;
  test.describe(`${size.width}×${size.height}`, () => {
    test.use({ viewport: size, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
    test.beforeEach(async ({ page }) => fastEcho(page));

    test('Sort orders every run; Group by prompt gathers them, in the order of their newest run', async ({ page }) => {
      test.setTimeout(120_000);
      await makeRun(page, 'Free chat first');
      const example = await makeExampleRun(page);
      await makeRun(page, 'Free chat last');
      await page.goto('/ai/prompts/runs');
      await expect.poll(() => order(page)).toEqual(['Free chat last', example, 'Free chat first']);
      expect(await headings(page)).toEqual(['Today']);

      const openFilters = async () => {
        if (!phone) return page;
        await page.getByRole('button', { name: /^Filter/ }).click();
        return page.getByRole('dialog', { name: 'Filter and sort' });
      };
      const closeFilters = async () => {
        if (phone) await page.getByRole('dialog', { name: 'Filter and sort' }).getByRole('button', { name: 'Done' }).click();
      };
      let where = await openFilters();
      await where.getByRole('combobox', { name: 'Sort' }).selectOption({ label: 'Oldest' });
      await closeFilters();
      await expect.poll(() => order(page)).toEqual(['Free chat first', example, 'Free chat last']);

      where = await openFilters();
      await where.getByRole('combobox', { name: 'Sort' }).selectOption({ label: 'Recent' });
      await where.getByRole('checkbox', { name: 'Group by prompt' }).check();
      await closeFilters();
      await expect.poll(() => order(page)).toEqual(['Free chat last', 'Free chat first', example]);
      expect(await headings(page)).toEqual(['Free chat', 'Explain like I am new']);
      if (phone) await expect(page.locator('p', { hasText: 'Showing:' })).toContainText('By prompt');
    });

    test('the first run is on screen as the page opens', async ({ page }) => {
      await makeRun(page, 'Visible at once');
      await makeRun(page, 'Second run');
      await page.goto('/ai/prompts/runs');
      const first = page.getByRole('listitem', { name: 'Second run' });
      await expect(first).toBeVisible();
      const box = (await first.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(size.height);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      if (phone) {
        // Search, Filter and Select on one line: the list starts high on the screen.
        expect(box.y).toBeLessThan(260);
        await expect(page.getByRole('combobox', { name: 'Sort' })).toHaveCount(0);
      }
    });
  });
}
