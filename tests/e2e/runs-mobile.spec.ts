// The runs library on a phone (390×844, touch): the runs drawer and its gestures, touch actions on items, axe.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { fastEcho, makeRun, severe } from './runs-helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
test.beforeEach(async ({ page }) => fastEcho(page));

type Point = { x: number; y: number };

/** A real touch drag (Chromium turns it into touch and pointer events of type 'touch'). */
async function drag(page: Page, from: Point, to: Point, holdMs = 0): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  if (holdMs) await page.waitForTimeout(holdMs);
  for (let i = 1; i <= 8; i += 1) {
    const p = { x: from.x + ((to.x - from.x) * i) / 8, y: from.y + ((to.y - from.y) * i) / 8 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
  }
  // The finger rests before it lifts, as a person's does: lifting mid-motion starts a fling, and Chromium
  // spends the next tap (here: Undo) on stopping that fling instead of clicking.
  await page.waitForTimeout(100);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [to] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** Until the drawer's slide-in has ended: before it, the drawer is still partly off screen (on a busy host
 * for long enough that a measure or a swipe aimed at it lands on the overlay instead). */
async function settled(drawer: ReturnType<Page['locator']>): Promise<void> {
  await drawer.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
}

async function centre(page: Page, selector: ReturnType<Page['locator']>): Promise<Point> {
  const box = (await selector.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('drawer: badge, opens from the left, closes by X, Escape, tap outside and swipe, without layout shift', async ({ page }) => {
  await makeRun(page, 'Phone run one');
  await makeRun(page, 'Phone run two');
  const toggle = page.getByRole('button', { name: 'Previous runs' });
  await expect(toggle.getByTestId('run-count')).toHaveText('2');
  await page.evaluate(() => {
    (window as unknown as { shift: number }).shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
        if (!e.hadRecentInput) (window as unknown as { shift: number }).shift += e.value;
      }
    }).observe({ type: 'layout-shift', buffered: false });
  });
  const drawer = page.getByRole('dialog', { name: 'Previous runs' });
  const open = async () => {
    await toggle.click();
    await expect(drawer).toBeVisible();
    await expect(drawer.getByRole('listitem', { name: 'Phone run one' })).toBeVisible();
    await settled(drawer);
  };

  await open();
  const box = (await drawer.boundingBox())!;
  expect(box.x).toBe(0);
  expect(box.height).toBe(844);
  await drawer.getByRole('button', { name: 'Close previous runs' }).click();
  await expect(drawer).toHaveCount(0);
  await expect(toggle).toBeFocused();

  await open();
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);

  await open();
  await page.touchscreen.tap(380, 420); // the strip of page left visible to the right
  await expect(drawer).toHaveCount(0);

  await open();
  const title = await centre(page, drawer.getByRole('heading', { name: 'Previous runs' }));
  await drag(page, { x: 300, y: title.y }, { x: 120, y: title.y });
  await expect(drawer).toHaveCount(0);

  expect(await page.evaluate(() => (window as unknown as { shift: number }).shift)).toBe(0);
});

test('in the drawer a swipe on a run deletes it with Undo, and Undo keeps the drawer open', async ({ page }) => {
  await makeRun(page, 'Drawer keeper');
  await makeRun(page, 'Drawer swiped');
  await page.getByRole('button', { name: 'Previous runs' }).click();
  const drawer = page.getByRole('dialog', { name: 'Previous runs' });
  const item = drawer.getByRole('listitem', { name: 'Drawer swiped' });
  await expect(item).toBeVisible();
  await settled(drawer);
  const at = await centre(page, item);
  await drag(page, { x: at.x + 100, y: at.y }, { x: at.x - 80, y: at.y });
  await expect(item).toHaveCount(0);
  await expect(drawer).toBeVisible(); // a swipe on a row deletes it, and only that
  const toast = drawer.getByRole('status').filter({ hasText: 'Moved “Drawer swiped” to the trash' });
  await expect(toast).toBeVisible();
  await page.screenshot({ path: 'test-results/runs-mobile-drawer-undo.png' });
  await toast.getByRole('button', { name: 'Undo' }).tap();
  await expect(item).toBeVisible();
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole('listitem', { name: 'Drawer keeper' })).toBeVisible();

  // A stray tap on a row's trash deletes nothing: it asks first.
  await drawer.getByRole('listitem', { name: 'Drawer keeper' }).getByRole('button', { name: 'Delete' }).tap();
  const ask = page.getByRole('alertdialog', { name: 'Delete run?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Cancel' }).tap();
  await expect(drawer.getByRole('listitem', { name: 'Drawer keeper' })).toBeVisible();
});

test('resume on a phone: tapping a run in the drawer closes it and opens the run', async ({ page }) => {
  const first = await makeRun(page, 'Resume me on the bus');
  await makeRun(page, 'A later run');
  await page.getByRole('button', { name: 'Previous runs' }).click();
  await page.getByRole('dialog', { name: 'Previous runs' }).getByRole('link', { name: 'Resume me on the bus' }).tap();
  await expect(page).toHaveURL(first);
  await expect(page.getByRole('dialog', { name: 'Previous runs' })).toHaveCount(0);
  await expect(page.getByRole('article', { name: 'You message' }).first()).toContainText('Resume me on the bus');
});

test('swipe an item left to delete it, then Undo; long-press opens its options; pull to refresh', async ({ page }) => {
  await makeRun(page, 'Swipe target');
  await makeRun(page, 'Stays put');
  await page.goto('/ai/prompts/runs');
  const item = page.getByRole('listitem', { name: 'Swipe target' });
  await expect(item).toBeVisible();
  const at = await centre(page, item);
  await drag(page, { x: at.x + 100, y: at.y }, { x: at.x - 80, y: at.y });
  await expect(item).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Moved “Swipe target” to the trash' })).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).tap();
  await expect(item).toBeVisible();

  const other = page.getByRole('listitem', { name: 'Stays put' });
  const p = await centre(page, other);
  await drag(page, { x: p.x - 60, y: p.y }, { x: p.x - 60, y: p.y }, 800);
  await expect(page.getByRole('menuitem', { name: 'Archive' })).toBeVisible();
  await page.getByRole('menuitem', { name: 'Select' }).tap();
  await expect(page.getByRole('checkbox', { name: 'Select Stays put' })).toBeChecked();
  await expect(page.getByRole('toolbar', { name: 'Selected runs' })).toContainText('1 selected');
  await page.getByRole('button', { name: 'Done' }).tap();

  const list = (await page.getByRole('list', { name: 'All runs' }).boundingBox())!;
  await drag(page, { x: list.x + 150, y: list.y + 10 }, { x: list.x + 150, y: list.y + 200 });
  await expect(page.getByText('Runs refreshed')).toBeAttached();
  await expect(page.getByRole('listitem', { name: 'Stays put' })).toBeVisible();
});

test('axe: runner and open drawer on a phone have no serious or critical violations', async ({ page }) => {
  await makeRun(page, 'Accessible on a phone');
  expect(severe(await new AxeBuilder({ page }).analyze())).toEqual([]);
  await page.getByRole('button', { name: 'Previous runs' }).click();
  await expect(page.getByRole('dialog', { name: 'Previous runs' }).getByRole('listitem', { name: 'Accessible on a phone' })).toBeVisible();
  await page.waitForTimeout(300); // the slide-in animation
  expect(severe(await new AxeBuilder({ page }).analyze())).toEqual([]);
});
