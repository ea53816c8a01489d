// Small things a new user trips over, at a desktop and a phone size: line breaks kept in what they type,
// the section they are in marked in the nav, no blank gaps, notices that do not touch their edges.
import { expect, test } from '@playwright/test';
import { fastEcho, makeRun } from './runs-helpers';

const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, touch: false },
  { name: 'phone', viewport: { width: 360, height: 780 }, touch: true },
];

for (const size of SIZES) {
  test.describe(size.name, () => {
    test.use({ viewport: size.viewport, hasTouch: size.touch, isMobile: size.touch });
    test.beforeEach(async ({ page }) => fastEcho(page));

    test('a message typed on two lines shows on two lines; the nav marks Runs while a run is open', async ({ page }) => {
      await makeRun(page, 'First line\nSecond line');
      const mine = page.getByRole('article', { name: 'You message' }).last();
      expect(await mine.evaluate((el) => (el as HTMLElement).innerText)).toContain('First line\nSecond line');
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect(nav.getByRole('link', { name: 'Runs' })).toHaveAttribute('aria-current', 'page');
      await expect(nav.getByRole('link', { name: 'Prompts' })).not.toHaveAttribute('aria-current', 'page');
    });

    test('Settings starts right under its heading; the export notice keeps its text off the edge', async ({ page }) => {
      await page.goto('/settings');
      const heading = (await page.getByRole('heading', { name: 'Settings', level: 1 }).boundingBox())!;
      const next = (await page.getByRole('heading', { name: 'Default model', level: 2 }).boundingBox())!;
      expect(next.y - (heading.y + heading.height)).toBeLessThanOrEqual(40);

      await makeRun(page, 'Something to export');
      await page.goto('/ai/prompts/runs');
      await expect(page.getByRole('listitem', { name: 'Something to export' })).toBeVisible();
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export all' }).click();
      await download;
      const text = page.getByText('Exported 1 run', { exact: true });
      await expect(text).toBeVisible();
      const inner = (await text.boundingBox())!;
      const toast = (await text.locator('..').boundingBox())!;
      expect(toast.x + toast.width - (inner.x + inner.width)).toBeGreaterThanOrEqual(12);
    });
  });
}
