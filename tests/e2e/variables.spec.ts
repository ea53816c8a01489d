// Variables whose names have spaces get a field and are replaced; double braces that are no variable are
// named in the editor before saving, so nothing reaches the model braces and all. Desktop and phone.
import { expect, test } from '@playwright/test';
import { fastEcho } from './runs-helpers';

const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, touch: false },
  { name: 'phone', viewport: { width: 360, height: 780 }, touch: true },
];

for (const size of SIZES) {
  test.describe(size.name, () => {
    test.use({ viewport: size.viewport, hasTouch: size.touch, isMobile: size.touch });
    test.beforeEach(async ({ page }) => fastEcho(page));

    test('a variable named "traveller type" gets a field and its value is sent; "{{}}" is refused with words', async ({ page }) => {
      await page.goto('/ai/prompts/new');
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Trip planner');
      const template = page.getByRole('textbox', { name: 'User template' });
      await template.fill('Plan a day for a {{traveller type}} in {{}}');
      await page.getByRole('button', { name: 'Save prompt' }).click();
      await expect(template).toHaveAccessibleDescription(/Not a variable: “\{\{\}\}”/);
      await expect(page).toHaveURL(/\/ai\/prompts\/new$/);
      await page.screenshot({ path: `test-results/variables-editor-${size.name}.png` });

      await template.fill('Plan a day for a {{traveller type}} in {{ city }}');
      await page.getByRole('textbox', { name: 'Default for traveller type' }).fill('solo hiker');
      await page.getByRole('button', { name: 'Save prompt' }).click();
      await expect(page).toHaveURL(/\/ai\/prompts$/);

      await page.getByRole('listitem', { name: 'Trip planner' }).getByRole('link', { name: 'Run' }).click();
      await expect(page.getByRole('textbox', { name: 'traveller type' })).toHaveValue('solo hiker');
      await page.getByRole('textbox', { name: 'city', exact: true }).fill('Porto');
      await page.screenshot({ path: `test-results/variables-runner-${size.name}.png` });
      await page.getByRole('button', { name: 'Send' }).click();
      const mine = page.getByRole('article', { name: 'You message' });
      await expect(mine).toContainText('Plan a day for a solo hiker in Porto');
      await expect(mine).not.toContainText('{{');
      await expect(page.getByRole('article', { name: /assistant message/i })).toContainText('Echo: Plan a day for a solo hiker in Porto');
    });
  });
}
