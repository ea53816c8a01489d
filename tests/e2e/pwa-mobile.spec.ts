// Phone checks: every control is a 44 px touch target, the message box stays on screen when the on-screen
// keyboard takes half the height (interactive-widget=resizes-content shrinks the layout viewport, which
// the runner's dvh height follows), and the runs list does not shift while it loads.
import { expect, test, type Page } from '@playwright/test';
import { FREE_CHAT_ID, sendAndAwaitEcho } from './pwa-support';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('prompt-runs:echo-delay-ms', '5'));
});

/** Visible interactive controls smaller than 44×44 CSS px, described for the failure message. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="button"], [role="tab"], [role="checkbox"]')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && !el.closest('[aria-hidden="true"], .sr-only');
      })
      // A checkbox or radio counts by its label, which is the touch target.
      .map((el) => ({ el, r: (el.closest('label') ?? el).getBoundingClientRect() }))
      .filter(({ r }) => Math.round(r.height) < 44 || Math.round(r.width) < 44)
      .map(({ el, r }) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
}

test('controls are 44 px touch targets on the prompts list, the runner and settings', async ({ page }) => {
  await page.goto('/ai/prompts');
  await expect(page.getByRole('heading', { name: 'Free chat' })).toBeVisible();
  expect(await smallTargets(page)).toEqual([]);
  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  await sendAndAwaitEcho(page, 'Touch targets');
  expect(await smallTargets(page)).toEqual([]);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Storage' })).toBeVisible();
  expect(await smallTargets(page)).toEqual([]);
});

test('the message box stays visible above the on-screen keyboard', async ({ page }) => {
  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  await sendAndAwaitEcho(page, 'Keyboard up');
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.focus();
  // The keyboard takes ~45% of the screen; with resizes-content the layout viewport shrinks to what is left.
  await page.setViewportSize({ width: 390, height: 460 });
  await expect(box).toBeInViewport();
  const rect = await box.boundingBox();
  expect(rect!.y + rect!.height).toBeLessThanOrEqual(460);
  await expect(page.getByRole('button', { name: 'Send' })).toBeInViewport();
  // The page itself does not scroll: the conversation scrolls inside, the box stays pinned.
  expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight + 1)).toBe(true);
});

test('no layout shift while the runs list loads', async ({ page }) => {
  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  await sendAndAwaitEcho(page, 'Run one');
  await page.getByRole('button', { name: 'New run' }).click();
  await sendAndAwaitEcho(page, 'Run two');
  await page.addInitScript(() => {
    (window as unknown as { __cls: number }).__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
        if (!entry.hadRecentInput) (window as unknown as { __cls: number }).__cls += entry.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto('/ai/prompts/runs');
  await expect(page.getByText('Run two').first()).toBeVisible();
  await page.waitForTimeout(1000);
  const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
  expect(cls).toBeLessThan(0.1); // "good" CLS per Core Web Vitals
});

test('every style is in the page itself: starting the app and opening a run and the runs drawer fetch no stylesheet', async ({ page }) => {
  const sheets: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'stylesheet') sheets.push(request.url());
  });
  await page.goto('/ai/prompts');
  await expect(page.getByRole('listitem', { name: 'Free chat' })).toBeVisible();
  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  await sendAndAwaitEcho(page, 'Styled');
  await page.getByRole('button', { name: 'Previous runs' }).click();
  const drawer = page.getByRole('dialog', { name: 'Previous runs' });
  await expect(drawer).toBeVisible();
  // The drawer's own styles (its slide-in) arrived with the page, not with the sidebar's code.
  expect(await drawer.evaluate((el) => getComputedStyle(el).animationName)).toContain('runs-drawer');
  expect(sheets).toEqual([]);
});
