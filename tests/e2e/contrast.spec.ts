// WCAG AA contrast over every page and every state that comes and goes (dialogs, menus, toasts, the sync
// panel, the phone drawer, error notes, focus rings), in the light and the dark theme: text 4.5:1 (3:1
// large), field edges, icon-only controls and focus rings 3:1. See contrast-support.ts for what is measured.
import { expect, test } from '@playwright/test';
import { startOpenAiTestServer, type OpenAiTestServer } from '../support/openai-test-server';
import { contrastProblems } from './contrast-support';
import { FREE_CHAT, fastEcho, makeRun } from './runs-helpers';

// Its ten tests take ~4 min together: spread over both workers, not queued on one (each has its own page and server).
test.describe.configure({ mode: 'parallel' });

let server: OpenAiTestServer;
test.beforeAll(async () => {
  server = await startOpenAiTestServer();
});
test.afterAll(async () => {
  await server.close();
});

test('the contrast check itself reports faint text, a faint field edge, a faint icon and a missing focus ring', async ({ page }) => {
  await page.setContent(`<main style="background:#fff;color:#000;font:16px sans-serif">
    <p>Readable text</p>
    <p id="faint" style="color:#bbb">Faint text</p>
    <input aria-label="Faint field" style="border:1px solid #eee;background:#fff">
    <button aria-label="Faint icon" style="border:0;background:#fff;color:#ddd"><svg width="16" height="16" viewBox="0 0 16 16"><rect width="16" height="16" fill="currentColor"/></svg></button>
    <button style="outline:none;box-shadow:none;border:1px solid #000;background:#fff;color:#000">No ring</button>
  </main>`);
  const problems = await contrastProblems(page, 'sample', { focus: true });
  expect(problems.filter((p) => p.startsWith('sample: text: #faint'))).toHaveLength(1);
  expect(problems.some((p) => p.startsWith('sample: edge: input "Faint field"'))).toBe(true);
  expect(problems.some((p) => p.startsWith('sample: icon: button "Faint icon"'))).toBe(true);
  expect(problems.some((p) => p.startsWith('sample: focus: button "No ring" shows no focus ring'))).toBe(true);
  expect(problems.filter((p) => p.includes('Readable'))).toEqual([]);
});

const MARKDOWN = 'Contrast check: `inline code`, a [link](https://example.com) and\n\n```\nconst block = true;\n```';

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });
    test.beforeEach(async ({ page }) => fastEcho(page));

    test('prompts, editor, settings, account and not-found pages, with their dialogs and errors', async ({ page }) => {
      test.setTimeout(180_000);
      const problems: string[] = [];
      const check = async (where: string, focus = false) => problems.push(...(await contrastProblems(page, where, { focus })));

      await page.goto('/ai/prompts');
      await expect(page.getByRole('heading', { name: 'Free chat' })).toBeVisible();
      await check('prompts', true);
      await page.getByRole('listitem', { name: 'Free chat' }).getByRole('button', { name: 'Delete' }).click();
      await expect(page.getByRole('alertdialog')).toBeVisible();
      await check('prompts: delete dialog', true);
      await page.keyboard.press('Escape');

      await page.goto('/ai/prompts/new');
      await page.getByRole('button', { name: 'Save prompt' }).click();
      await expect(page.getByText(/required|name/i).first()).toBeVisible();
      await check('prompt editor with errors', true);

      await page.goto('/settings');
      await expect(page.getByRole('heading', { name: 'Storage' })).toBeVisible();
      await check('settings', true);
      await page.getByRole('button', { name: 'Add provider' }).click();
      await check('settings: provider form errors');

      await page.goto('/account');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await check('account', true);
      await page.getByRole('button', { name: /^Sync details/ }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await check('sync details panel');
      await page.keyboard.press('Escape');

      await page.goto('/no/such/page');
      await check('not found', true);
      expect(problems).toEqual([]);
    });

    test('runner and runs library with their menus, dialogs, toast, selection and sidebar', async ({ page }) => {
      test.setTimeout(180_000);
      const problems: string[] = [];
      const check = async (where: string, focus = false) => problems.push(...(await contrastProblems(page, where, { focus })));

      await makeRun(page, 'First run to list');
      await makeRun(page, MARKDOWN);
      await check('runner with code, link and replies', true);
      await page.getByRole('article', { name: 'You message' }).first().getByRole('button', { name: 'Edit' }).click();
      await check('runner: editing a message');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Previous runs' }).click();
      await expect(page.getByRole('complementary', { name: 'Previous runs' })).toBeVisible();
      await check('runner with the runs sidebar', true);
      await page.goto('/settings');
      await expect(page.getByRole('complementary', { name: 'Previous runs' }).getByRole('radio', { name: 'All' })).toBeChecked();
      await check('settings beside the runs sidebar (All)', true);
      await page.getByRole('button', { name: 'Runs sidebar' }).click();

      await page.goto('/ai/prompts/runs');
      const item = page.getByRole('listitem', { name: 'First run to list' });
      await expect(item).toBeVisible();
      await item.getByRole('button', { name: 'Star' }).click();
      await check('runs', true);
      await item.getByRole('button', { name: 'More actions for First run to list' }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      await check('runs: item menu');
      await page.getByRole('menuitem', { name: 'Details' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await check('runs: details dialog', true);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Select', exact: true }).click();
      await page.getByRole('checkbox', { name: 'Select First run to list' }).check();
      await check('runs: selecting');
      await page.getByRole('button', { name: 'Done' }).click();
      await item.hover();
      await item.getByRole('button', { name: 'Delete' }).click();
      await check('runs: delete dialog');
      await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
      await expect(page.getByRole('button', { name: 'Undo' })).toBeVisible();
      await check('runs: toast with Undo');
      await page.getByRole('button', { name: 'Trash' }).click();
      await expect(page.getByRole('listitem', { name: 'First run to list' })).toBeVisible();
      await check('runs: trash', true);
      await page.getByRole('searchbox', { name: 'Search runs' }).fill('nothing matches this');
      await expect(page.getByText(/No runs|Nothing/i).first()).toBeVisible();
      await check('runs: empty search');

      // A reply that fails: the error note under it.
      await page.goto('/settings');
      await page.getByLabel('Preset').selectOption({ label: 'Other OpenAI-compatible' });
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Local test');
      await page.getByRole('textbox', { name: 'Base URL' }).fill(`${server.url}/v1`);
      await page.getByLabel('API key').fill('sk-test');
      await page.getByRole('textbox', { name: 'Models' }).fill('mode-401');
      await page.getByRole('button', { name: 'Add provider' }).click();
      await expect(page.getByText('Local test').first()).toBeVisible();
      await page.goto(`/ai/prompts/run/${FREE_CHAT}`);
      const fresh = page.getByRole('button', { name: 'Start fresh' });
      const model = page.getByRole('combobox', { name: 'Model', exact: true });
      await expect(fresh.or(model)).toBeVisible();
      if (await fresh.isVisible()) await fresh.click();
      await model.selectOption((await model.locator('option', { hasText: 'mode-401' }).getAttribute('value'))!);
      await page.getByRole('textbox', { name: 'Message' }).fill('Will this fail?');
      await page.getByRole('button', { name: 'Send' }).click();
      await expect(page.getByRole('alert').filter({ hasText: /API key/i })).toBeVisible();
      await check('runner: a failed reply');
      expect(problems).toEqual([]);
    });

    test('tags, folders and edit history: chips of every colour, their dialogs, menus, Settings sections and diffs', async ({ page }) => {
      test.setTimeout(120_000);
      const problems: string[] = [];
      const check = async (where: string, focus = false) => problems.push(...(await contrastProblems(page, where, { focus })));
      const run = await makeRun(page, 'A tagged run');
      await page.getByRole('button', { name: 'Add tag' }).click();
      const tags = page.getByRole('dialog', { name: 'Tags of “A tagged run”' });
      for (const name of ['grey', 'red', 'amber', 'green', 'blue', 'violet', 'pink', 'plain']) {
        await tags.getByRole('combobox', { name: 'Tag' }).fill(name);
        await tags.getByRole('combobox', { name: 'Tag' }).press('Enter');
        await expect(tags.getByRole('list', { name: 'Tags' })).toContainText(name);
      }
      // A tag taken off is suggested again as its first letters are typed.
      await tags.getByRole('button', { name: 'Remove tag plain' }).click();
      await tags.getByRole('combobox', { name: 'Tag' }).fill('pl');
      await expect(tags.getByRole('option', { name: 'plain' })).toBeVisible();
      await check('tags dialog with suggestions', true);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await page.goto('/settings#tags');
      const colours = ['Grey', 'Red', 'Amber', 'Green', 'Blue', 'Violet', 'Pink'];
      for (const [i, name] of ['grey', 'red', 'amber', 'green', 'blue', 'violet', 'pink'].entries()) {
        await page.getByRole('combobox', { name: `Colour of ${name}` }).selectOption({ label: colours[i]! });
      }
      await page.getByRole('textbox', { name: 'New folder name' }).fill('Trips');
      await page.getByRole('button', { name: 'New folder' }).click();
      await expect(page.getByRole('link', { name: 'Open Trips, 0 runs' })).toBeVisible();
      await check('settings: tags in every colour, folders', true);

      await page.goto(run);
      await expect(page.getByRole('group', { name: /^Tags: / })).toBeVisible();
      await check('runner header with tags');
      await page.goto(`/ai/prompts/${FREE_CHAT}/edit`);
      await page.getByRole('textbox', { name: 'System message' }).fill('Contrast of a changed prompt.');
      await page.getByRole('button', { name: 'Save prompt' }).click();
      await expect(page).toHaveURL(/\/ai\/prompts$/); // saved
      await page.goto(`/ai/prompts/${FREE_CHAT}/edit`);
      await page.getByRole('button', { name: 'History' }).click();
      await expect(page.getByRole('dialog', { name: 'History of “Free chat”' }).getByRole('insertion').first()).toBeVisible();
      await check('prompt history with a diff', true);
      await page.keyboard.press('Escape');
      await page.goto(run);
      await expect(page.getByText('The prompt has changed since this run started.')).toBeVisible();
      await check('runner: prompt changed note', true);

      await page.goto('/ai/prompts/runs');
      await page.getByRole('button', { name: 'Filter by tag' }).click();
      await page.getByRole('menuitemcheckbox', { name: 'red' }).click();
      await check('runs: tag filter menu');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('listitem', { name: 'A tagged run' })).toBeVisible();
      await check('runs: filtered by tag, rows with tags', true);
      await page.getByRole('listitem', { name: 'A tagged run' }).getByRole('button', { name: 'More actions for A tagged run' }).click();
      await page.getByRole('menuitem', { name: 'Move to folder' }).click();
      await expect(page.getByRole('dialog', { name: 'Move “A tagged run” to a folder' })).toBeVisible();
      await check('runs: move to folder dialog', true);
      expect(problems).toEqual([]);
    });

    test('prompt library with tags: tagged cards, the tag filter, a filtered list and a filter nothing matches', async ({ page }) => {
      const problems: string[] = [];
      const check = async (where: string, focus = false) => problems.push(...(await contrastProblems(page, where, { focus })));
      await page.goto('/ai/prompts');
      const free = page.getByRole('listitem', { name: 'Free chat' });
      await free.getByRole('button', { name: 'Add tag' }).click();
      const dialog = page.getByRole('dialog', { name: 'Tags of “Free chat”' });
      await dialog.getByRole('combobox', { name: 'Tag' }).fill('daily');
      await dialog.getByRole('combobox', { name: 'Tag' }).press('Enter');
      await expect(dialog.getByRole('list', { name: 'Tags' })).toContainText('daily');
      await check('prompts: tags dialog', true);
      await page.keyboard.press('Escape');
      await expect(free.getByRole('group', { name: 'Tags: daily' })).toBeVisible();
      await check('prompts with tags', true);
      await page.getByRole('main').getByRole('button', { name: 'Filter by tag' }).click();
      await page.getByRole('menuitemcheckbox', { name: 'daily' }).click();
      await check('prompts: tag filter menu');
      await page.keyboard.press('Escape');
      await expect(page.getByText('Showing 1 of 3 prompts')).toBeVisible();
      await check('prompts: filtered by tag', true);
      await free.getByRole('button', { name: 'Add tag' }).click();
      await dialog.getByRole('button', { name: 'Remove tag daily' }).click();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('button', { name: 'Show all prompts' })).toBeVisible();
      await check('prompts: no prompt carries the tag', true);
      expect(problems).toEqual([]);
    });

    test.describe('on a phone', () => {
      test.use({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });

      test('header, runs page and the runs drawer', async ({ page }) => {
        const problems: string[] = [];
        const check = async (where: string, focus = false) => problems.push(...(await contrastProblems(page, where, { focus })));
        await makeRun(page, 'A run on a phone');
        await check('phone runner', true);
        await page.getByRole('button', { name: 'Previous runs' }).click();
        await expect(page.getByRole('dialog', { name: 'Previous runs' }).getByRole('listitem', { name: 'A run on a phone' })).toBeVisible();
        await page.waitForTimeout(300); // the slide-in
        await check('phone: runs drawer', true);
        await page.goto('/ai/prompts/runs');
        await expect(page.getByRole('listitem', { name: 'A run on a phone' })).toBeVisible();
        await check('phone: runs page', true);
        expect(problems).toEqual([]);
      });
    });
  });
}

