// Dark mode: the system's theme by default, a Light / Dark / System choice in Settings kept on the device,
// the browser's theme colour following it, and the right theme from the first frame: index.html's shell
// honours the choice before any of the app's code has loaded.
import { expect, test, type Page } from '@playwright/test';

const DARK_PAGE = 'rgb(2, 6, 24)'; // slate-950: the page in the dark theme
const LIGHT_PAGE = 'rgb(248, 250, 252)'; // slate-50

/** An element's background as sRGB (computed colours come in the stylesheet's own spaces: lab, oklch). */
const colourOf = (page: Page, selector: string) =>
  page.evaluate((selector) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.fillStyle = getComputedStyle(document.querySelector(selector)!).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
    return `rgb(${r}, ${g}, ${b})`;
  }, selector);
const pageColour = (page: Page) => colourOf(page, 'body');
const themeColours = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('meta[name="theme-color"]')].filter((m) => matchMedia((m as HTMLMetaElement).media || 'all').matches).map((m) => m.getAttribute('content')));

/** Opens `path` with none of the app's scripts able to load: what shows is index.html's shell alone. */
async function shellOnly(page: Page, path: string): Promise<void> {
  await page.route(/\.js$/, (route) => route.abort());
  await page.goto(path);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  // React Router marks the links it renders (data-discover): these are the shell's own.
  expect(await page.locator('a[data-discover]').count()).toBe(0);
}

for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 780 }]) {
  test.describe(`${viewport.width}×${viewport.height}`, () => {
    // No service worker: it would serve the app's code past the blocked requests of shellOnly.
    test.use({ viewport, serviceWorkers: 'block' });

    test('Settings → Theme → Dark applies at once, is kept, and paints dark before any script on the next start', async ({ page, context }) => {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto('/settings');
      const theme = page.getByRole('radiogroup', { name: 'Theme' });
      await expect(theme.getByRole('radio', { name: 'System' })).toBeChecked();
      expect(await pageColour(page)).toBe(LIGHT_PAGE);
      expect(await themeColours(page)).toEqual(['#ffffff']);

      await theme.getByRole('radio', { name: 'Dark' }).check();
      expect(await pageColour(page)).toBe(DARK_PAGE);
      expect(await themeColours(page)).toEqual(['#0f172b']);

      // Another tab of the app follows.
      const other = await context.newPage();
      await other.goto('/ai/prompts/runs');
      await expect(other.getByRole('searchbox', { name: 'Search runs' })).toBeVisible();
      expect(await pageColour(other)).toBe(DARK_PAGE);
      await theme.getByRole('radio', { name: 'Light' }).check();
      await expect.poll(() => pageColour(other)).toBe(LIGHT_PAGE);
      await theme.getByRole('radio', { name: 'Dark' }).check();
      await other.close();

      // The next start, before the app's code: the shell is already dark, and so is the browser's bar.
      const fresh = await context.newPage();
      await fresh.emulateMedia({ colorScheme: 'light' });
      await shellOnly(fresh, '/ai/prompts');
      expect(await pageColour(fresh)).toBe(DARK_PAGE);
      expect(await themeColours(fresh)).toEqual(['#0f172b']);
      expect(await colourOf(fresh, 'header')).toBe('rgb(15, 23, 43)'); // slate-900, the dark theme's bar
    });

    test('System follows the device, from the first frame; an explicit Light wins over a dark device', async ({ page }) => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await shellOnly(page, '/ai/prompts/runs');
      expect(await pageColour(page)).toBe(DARK_PAGE);
      expect(await themeColours(page)).toEqual(['#0f172b']);
      await page.unroute(/\.js$/);

      await page.goto('/settings');
      await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Light' }).check();
      expect(await pageColour(page)).toBe(LIGHT_PAGE);
      await page.route(/\.js$/, (route) => route.abort());
      await page.reload();
      expect(await pageColour(page)).toBe(LIGHT_PAGE);
      expect(await themeColours(page)).toEqual(['#ffffff']);
      await page.unroute(/\.js$/);

      // Back to System: the device decides again, and changes with it.
      await page.reload();
      await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'System' }).check();
      expect(await pageColour(page)).toBe(DARK_PAGE);
      await page.emulateMedia({ colorScheme: 'light' });
      expect(await pageColour(page)).toBe(LIGHT_PAGE);
      expect(await themeColours(page)).toEqual(['#ffffff']);
    });
  });
}
