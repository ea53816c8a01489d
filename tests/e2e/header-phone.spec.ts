// The top bar on a small phone (360 px wide): every nav link and header control is on screen, a 44 px
// target, and what a tap at its centre reaches (nothing covers it, the nav does not scroll sideways), with
// the offline badge showing, and the sync badge keeps to one line. The install offer is in the header from
// 640 px and in Settings.
import { expect, test, type Page } from '@playwright/test';

test.use({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });

/** Chromium's install offer, as the browser fires it once the app is installable. */
async function offerInstall(page: Page): Promise<void> {
  await page.evaluate(() => {
    const event = new Event('beforeinstallprompt', { cancelable: true }) as Event & { prompt?: () => Promise<void>; userChoice?: unknown };
    event.prompt = async () => {};
    event.userChoice = Promise.resolve({ outcome: 'dismissed' });
    window.dispatchEvent(event);
  });
}

/** Targets a tap at whose centre does not reach them (covered, off screen, or scrolled away), as lines. */
async function untappable(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const header = document.querySelector('header')!;
    const targets = [...header.querySelectorAll<HTMLElement>('a[href], button')];
    return targets.flatMap((el) => {
      const r = el.getBoundingClientRect();
      const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
      if (el.getClientRects().length === 0) return []; // not shown at this width (display: none)
      if (r.left < 0 || r.right > window.innerWidth) return [`${name}: outside the screen (${Math.round(r.left)}–${Math.round(r.right)})`];
      if (Math.round(r.width) < 44 || Math.round(r.height) < 44) return [`${name}: ${Math.round(r.width)}×${Math.round(r.height)}, under 44 px`];
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit && (hit === el || el.contains(hit)) ? [] : [`${name}: covered by ${hit?.outerHTML.slice(0, 80)}`];
    });
  });
}

test('at 360 px every nav link and header control is visible and tappable; the sync badge is one line', async ({ page, context }) => {
  await page.goto('/ai/prompts');
  await expect(page.getByRole('heading', { name: 'Free chat' })).toBeVisible();
  await offerInstall(page);
  // A phone's header keeps its room for the nav: the install offer is in Settings there (below).
  await expect(page.locator('header').getByRole('button', { name: 'Install app' })).toBeHidden();
  await context.setOffline(true);
  await expect(page.locator('header').getByText('Offline')).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Prompts', 'Runs', 'Analytics', 'Settings', 'Account']) await expect(nav.getByRole('link', { name })).toBeInViewport({ ratio: 1 });
  expect(await nav.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
  expect(await untappable(page)).toEqual([]);

  const badge = page.getByRole('button', { name: /^Sync details/ });
  const lines = await badge.evaluate((el) => {
    const text = [...el.querySelectorAll('span')].find((s) => s.offsetWidth > 0);
    return text ? text.getClientRects().length : 0;
  });
  expect(lines).toBeLessThanOrEqual(1);
  expect((await badge.boundingBox())!.height).toBeLessThanOrEqual(44);

  // Wider screens show more words (labels beside icons, the badge's text, the app's name): still no overflow.
  for (const width of [390, 640, 768, 1024, 1280]) {
    await page.setViewportSize({ width, height: 780 });
    expect(await nav.evaluate((el) => el.scrollWidth - el.clientWidth), `nav scrolls at ${width} px`).toBe(0);
    expect(await untappable(page), `at ${width} px`).toEqual([]);
    if (width >= 640) await expect(page.locator('header').getByRole('button', { name: 'Install app' })).toBeVisible();
  }
  await page.setViewportSize({ width: 360, height: 780 });

  // Each link takes a tap to its page (online again: a page's code may not be cached yet).
  await context.setOffline(false);
  await nav.getByRole('link', { name: 'Account' }).tap();
  await expect(page).toHaveURL(/\/account$/);
  await nav.getByRole('link', { name: 'Settings' }).tap();
  await expect(page).toHaveURL(/\/settings$/);
  expect(await untappable(page)).toEqual([]);
  await expect(page.getByRole('region', { name: 'Install' }).getByRole('button', { name: 'Install app' })).toBeVisible();
});

test('the runner header leaves the run’s name most of its row, the save status an icon', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('prompt-runs:echo-delay-ms', '5'));
  await page.goto('/ai/prompts/run/00000000-0000-4000-8000-000000000003');
  const box = page.getByRole('textbox', { name: 'Message' });
  const fresh = page.getByRole('button', { name: 'Start fresh' });
  await expect(fresh.or(box)).toBeVisible();
  if (await fresh.isVisible()) await fresh.click();
  await box.fill('Plan a weekend in Lisbon for two, on a budget');
  await page.getByRole('button', { name: 'Send' }).click();
  const status = page.getByRole('status', { name: 'Save status' });
  await expect(status).toContainText('Saved'); // named for screen readers
  expect((await status.boundingBox())!.width).toBeLessThanOrEqual(24);
  const name = page.getByRole('heading', { level: 1 }).getByRole('button');
  await expect(name).toContainText('Plan a weekend');
  expect((await name.boundingBox())!.width).toBeGreaterThanOrEqual(120);
});
