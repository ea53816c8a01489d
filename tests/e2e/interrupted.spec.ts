// A reply cut off by a reload: reopening its run later changes neither its time nor its place in the list;
// the list's preview, search and the Markdown and JSON downloads keep the partial reply, marked; Continue
// asks the model to go on from it (a new version that starts with the partial text). Desktop and phone.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { FREE_CHAT, makeRun } from './runs-helpers';

const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, touch: false },
  { name: 'phone', viewport: { width: 360, height: 780 }, touch: true },
];

const setEchoDelay = (page: Page, ms: number) => page.evaluate((v) => localStorage.setItem('prompt-runs:echo-delay-ms', String(v)), ms);

async function download(page: Page, name: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: 'Run details' });
  const [file] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name }).click()]);
  return readFileSync((await file.path())!, 'utf8');
}

for (const size of SIZES) {
  test.describe(size.name, () => {
    test.use({ viewport: size.viewport, hasTouch: size.touch, isMobile: size.touch });

    test('an interrupted reply stays where it was, is in previews, search and downloads, and Continue goes on from it', async ({ page }) => {
      test.setTimeout(90_000);
      await page.goto(`/ai/prompts/run/${FREE_CHAT}`);
      await setEchoDelay(page, 100);
      const fresh = page.getByRole('button', { name: 'Start fresh' });
      if (await fresh.isVisible()) await fresh.click();
      const long = Array.from({ length: 60 }, (_, i) => `cutword${i}`).join(' ');
      await page.getByRole('textbox', { name: 'Message' }).fill(long);
      await page.getByRole('button', { name: 'Send' }).click();
      await expect(page).toHaveURL(/\/ai\/prompts\/run\/[^/]+\/[0-9a-f-]{36}$/);
      const cutUrl = page.url();
      await expect(page.getByRole('article', { name: /assistant message/i }).last()).toContainText('cutword8', { timeout: 15_000 });
      await page.waitForTimeout(1_200); // a checkpoint reaches the device
      await page.goto('/ai/prompts'); // a reload mid-reply

      await setEchoDelay(page, 5);
      await makeRun(page, 'A later run');
      await page.waitForTimeout(4_000); // the cut-off reply's last checkpoint is now old: no tab is writing it
      await page.goto(cutUrl);
      const reply = page.getByRole('article', { name: /assistant message/i }).last();
      await expect(reply).toContainText('Interrupted');
      await expect(reply.getByRole('button', { name: 'Retry' })).toBeVisible();
      await expect(reply.getByRole('button', { name: 'Continue' })).toBeVisible();
      await page.screenshot({ path: `test-results/interrupted-${size.name}.png` });

      // Opening it moved nothing: the later run stays first; the list previews the partial reply.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
      const list = page.getByRole('list', { name: 'All runs' });
      await expect(list.getByRole('listitem').filter({ has: page.getByRole('link') }).first()).toHaveAccessibleName('A later run');
      const cut = list.getByRole('listitem', { name: /^cutword0 cutword1/ });
      await expect(cut).toContainText('Echo: cutword0 cutword1');
      await page.getByRole('searchbox', { name: 'Search runs' }).fill('cutword5');
      await expect(cut).toBeVisible();
      await page.getByRole('searchbox', { name: 'Search runs' }).fill('');

      await cut.getByRole('button', { name: /^More actions for/ }).click();
      await page.getByRole('menuitem', { name: 'Details' }).click();
      const markdown = await download(page, 'Download Markdown');
      expect(markdown).toMatch(/## Assistant \(interrupted\)\n\nEcho: cutword0 cutword1/);
      const json = JSON.parse(await download(page, 'Download JSON')) as { runs: Array<{ messages: Array<{ role: string; status: string; content: string }> }> };
      const saved = json.runs[0]!.messages.find((m) => m.role === 'assistant');
      expect(saved).toMatchObject({ status: 'interrupted', content: expect.stringContaining('Echo: cutword0 cutword1') });
      await page.keyboard.press('Escape');

      // Continue: a second version, the partial text and then what the model adds.
      await page.goto(cutUrl);
      await page.getByRole('article', { name: /assistant message/i }).last().getByRole('button', { name: 'Continue' }).click();
      const continued = page.getByRole('article', { name: /assistant message/i }).last();
      await expect(continued).toContainText('total'); // finished: its timing line shows
      await expect(continued).toContainText(saved!.content);
      await expect(continued).toContainText('Echo: Your previous reply was cut off.');
      await expect(continued).not.toContainText('Interrupted');
      await expect(page.getByRole('group', { name: 'Versions' }).last()).toContainText('2 / 2');
    });
  });
}
