// WCAG AA contrast (contrast-support.ts) on the compare view (differences shown) and the analytics page,
// in the light and the dark theme.
import { expect, test } from '@playwright/test';
import { contrastProblems } from './contrast-support';
import { fastEcho, makeRun } from './runs-helpers';

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 1280, height: 800 } });
    test.beforeEach(async ({ page }) => fastEcho(page));

    test('compare view with differences, and analytics', async ({ page }) => {
      test.setTimeout(120_000);
      const problems: string[] = [];
      const check = async (where: string) => problems.push(...(await contrastProblems(page, where, { focus: true })));
      const a = new URL(await makeRun(page, 'The cache keeps copies')).pathname.split('/').pop();
      const b = new URL(await makeRun(page, 'The cache stores copies')).pathname.split('/').pop();
      await page.goto(`/ai/prompts/runs/compare?ids=${a},${b}`);
      await page.getByRole('switch', { name: 'Show differences' }).check();
      await expect(page.locator('ins').first()).toBeVisible();
      await page.getByText(/^Variables and model settings/).click();
      await check('compare view');
      await page.goto('/ai/prompts/analytics');
      await expect(page.getByLabel('Totals for the period')).toContainText('Replies2');
      await check('analytics');
      await page.goto('/settings');
      await expect(page.getByRole('heading', { name: 'Prices' })).toBeVisible();
      await check('settings: prices');
      expect(problems).toEqual([]);
    });
  });
}
