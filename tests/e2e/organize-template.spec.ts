// Save as template: from a run's menu, a new prompt opens in the editor with the run's first message as
// its template, the run's model, and a link back to the run; at desktop and phone sizes.
import { expect, test } from '@playwright/test';
import { fastEcho, makeRun } from './runs-helpers';

for (const size of [{ name: 'desktop', width: 1280, height: 800 }, { name: 'phone', width: 360, height: 780 }]) {
  test(`save a run as a template (${size.name})`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await fastEcho(page);
    const runUrl = await makeRun(page, 'Summarise the tides of Lisbon');
    await page.goto('/ai/prompts/runs');
    const item = page.getByRole('listitem', { name: 'Summarise the tides of Lisbon' });
    await item.getByRole('button', { name: 'More actions for Summarise the tides of Lisbon' }).click();
    await page.getByRole('menuitem', { name: 'Save as template' }).click();
    await expect(page.getByRole('heading', { name: 'Edit “Summarise the tides of Lisbon (template)”' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'User template' })).toHaveValue('Summarise the tides of Lisbon');
    await page.screenshot({ path: `test-results/organize-template-${size.name}.png` });
    const back = page.getByRole('link', { name: 'Summarise the tides of Lisbon' });
    await expect(back).toBeVisible();
    await back.click();
    await expect(page).toHaveURL(runUrl);
    await page.goto('/ai/prompts');
    await expect(page.getByText('Summarise the tides of Lisbon (template)')).toBeVisible();
  });
}
