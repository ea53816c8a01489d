// Tags on prompts as people use them: tag a prompt from its card, filter the prompt library by that tag, and
// find the tag in Settings with its count of prompts. At 1280×800 and 360×780, light and dark (Settings →
// Theme), with screenshots to look at.
import { expect, test, type Locator, type Page } from '@playwright/test';

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/organize-prompts/${name}.png` });
const card = (page: Page, name: string) => page.getByRole('main').getByRole('listitem', { name });
const cards = (page: Page) => page.getByRole('list', { name: 'Prompt library' }).getByRole('heading');

async function tagPrompt(page: Page, prompt: string, tag: string) {
  await card(page, prompt).getByRole('button', { name: 'Add tag' }).click();
  const dialog = page.getByRole('dialog', { name: `Tags of “${prompt}”` });
  await dialog.getByRole('combobox', { name: 'Tag' }).fill(tag);
  await dialog.getByRole('combobox', { name: 'Tag' }).press('Enter');
  await expect(dialog.getByRole('list', { name: 'Tags' })).toContainText(tag);
  return dialog;
}

async function filterBy(page: Page, tag: string) {
  await page.getByRole('main').getByRole('button', { name: 'Filter by tag' }).click();
  await page.getByRole('menuitemcheckbox', { name: tag }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('main').getByRole('button', { name: `Filter by tag: ${tag}` })).toBeVisible();
}

async function expectTouchTarget(control: Locator) {
  const box = (await control.boundingBox())!;
  expect(Math.round(box.width)).toBeGreaterThanOrEqual(44);
  expect(Math.round(box.height)).toBeGreaterThanOrEqual(44);
}

for (const [size, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 360, height: 780 }]] as const) {
  test.describe(size, () => {
    test.use(size === 'phone' ? { viewport, hasTouch: true, isMobile: true } : { viewport });

    test('tag a prompt from its card, filter the library by the tag, see it counted in Settings, light and dark', async ({ page }) => {
      await page.goto('/ai/prompts');
      await expect(card(page, 'Free chat')).toBeVisible();
      // Nothing to filter by until a prompt carries a tag.
      await expect(page.getByRole('main').getByRole('button', { name: /^Filter by tag/ })).toHaveCount(0);
      if (size === 'phone') await expectTouchTarget(card(page, 'Polish my writing').getByRole('button', { name: 'Add tag' }));

      const dialog = await tagPrompt(page, 'Polish my writing', 'writing');
      await dialog.getByRole('combobox', { name: 'Tag' }).fill('daily');
      await dialog.getByRole('combobox', { name: 'Tag' }).press('Enter');
      await expect(dialog.getByRole('list', { name: 'Tags' })).toContainText('daily');
      await shot(page, `${size}-light-tags-dialog`);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect(card(page, 'Polish my writing').getByRole('group', { name: 'Tags: daily, writing' })).toBeVisible();
      // An existing tag is suggested on another prompt.
      await card(page, 'Free chat').getByRole('button', { name: 'Add tag' }).click();
      const other = page.getByRole('dialog', { name: 'Tags of “Free chat”' });
      await other.getByRole('combobox', { name: 'Tag' }).fill('da');
      await other.getByRole('option', { name: 'daily' }).click();
      await expect(other.getByRole('list', { name: 'Tags' })).toContainText('daily');
      await page.keyboard.press('Escape');
      await expect(card(page, 'Free chat').getByRole('group', { name: 'Tags: daily' })).toBeVisible();

      if (size === 'phone') await expectTouchTarget(page.getByRole('main').getByRole('button', { name: 'Filter by tag' }));
      await filterBy(page, 'writing');
      await expect(cards(page)).toHaveText(['Polish my writing']);
      await expect(page.getByText('Showing 1 of 3 prompts')).toBeVisible();
      await shot(page, `${size}-light-filtered`);

      await page.goto('/settings#tags');
      const tags = page.getByRole('region', { name: 'Tags' });
      await expect(tags.getByRole('listitem').filter({ hasText: 'daily' })).toContainText('2 prompts');
      await expect(tags.getByRole('listitem').filter({ hasText: 'writing' })).toContainText('1 prompt');
      await tags.scrollIntoViewIfNeeded();
      await shot(page, `${size}-light-settings-tags`);
      await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).check();
      await tags.scrollIntoViewIfNeeded();
      await shot(page, `${size}-dark-settings-tags`);

      await page.goto('/ai/prompts');
      await filterBy(page, 'daily');
      await expect(cards(page)).toHaveCount(2);
      await expect(page.getByText('Showing 2 of 3 prompts')).toBeVisible();
      await shot(page, `${size}-dark-filtered`);
      await card(page, 'Free chat').getByRole('button', { name: 'Add tag' }).click();
      await expect(page.getByRole('dialog', { name: 'Tags of “Free chat”' })).toBeVisible();
      await shot(page, `${size}-dark-tags-dialog`);
      await page.keyboard.press('Escape');
    });
  });
}
