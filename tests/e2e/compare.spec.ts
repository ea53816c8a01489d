// Comparing runs in the built app: chosen on the Runs page, side by side at 1280×800 with differences and
// one message to all; the deep link opens offline; on a 360×780 phone the runs are panes a swipe moves between.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { fastEcho, makeRun, severe } from './runs-helpers';
import { storedMessages, waitForServiceWorkerControl } from './pwa-support';

test.beforeEach(async ({ page }) => fastEcho(page));

async function twoRuns(page: Page): Promise<string> {
  await makeRun(page, 'Caching keeps copies near you', 'Shorter please');
  await makeRun(page, 'Caching stores copies near you', 'Shorter please');
  await page.goto('/ai/prompts/runs');
  await page.getByRole('button', { name: 'Select', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Select Caching keeps copies near you' }).check();
  await page.getByRole('checkbox', { name: 'Select Caching stores copies near you' }).check();
  await page.getByRole('toolbar', { name: 'Selected runs' }).getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(/\/ai\/prompts\/runs\/compare\?ids=[0-9a-f-]{36},[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname + new URL(page.url()).search;
}

test.describe('desktop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('selected runs side by side: turns aligned, word differences, one message to all, deep link offline', async ({ page, context }) => {
    test.setTimeout(120_000);
    await page.goto('/ai/prompts');
    await waitForServiceWorkerControl(page);
    const url = await twoRuns(page);
    await expect(page.getByRole('heading', { name: 'Compare 2 runs' })).toBeVisible();
    const turn1 = page.getByRole('group', { name: 'Turn 1' });
    await expect(turn1.getByRole('region', { name: /turn 1$/ })).toHaveCount(2);
    await expect(page.getByRole('group', { name: 'Turn 2' }).getByText('Echo: Shorter please')).toHaveCount(2);

    await page.getByRole('switch', { name: 'Show differences' }).check();
    const second = turn1.getByRole('region', { name: 'Caching stores copies near you, turn 1' });
    await expect(second.locator('ins').first()).toContainText('stores');
    await expect(second.locator('del').first()).toContainText('keeps');
    expect(severe(await new AxeBuilder({ page }).analyze())).toEqual([]);
    await page.screenshot({ path: 'test-results/compare-desktop.png' });

    await page.getByRole('textbox', { name: 'Message' }).fill('One more for both');
    await page.getByRole('button', { name: 'Send to all' }).click();
    await expect(page.getByRole('group', { name: 'Turn 3' }).getByText('Echo: One more for both')).toHaveCount(2);
    // A reply is on screen a moment before it is stored: leave only once both are.
    await expect.poll(async () => (await storedMessages(page)).filter((m) => m.content === 'Echo: One more for both').length).toBe(2);

    // The same address with no network: from the service worker's precache and the device's database.
    await context.setOffline(true);
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'Compare 2 runs' })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Turn 3' }).getByText('Echo: One more for both')).toHaveCount(2);
    await context.setOffline(false);
  });
});

test.describe('phone', () => {
  test.use({ viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true });

  test('one run per pane, switched by a swipe or the tabs, turns aligned', async ({ page }) => {
    test.setTimeout(120_000);
    await twoRuns(page);
    const tabs = page.getByRole('tablist', { name: 'Runs' });
    await expect(tabs.getByRole('tab')).toHaveCount(2);
    await expect(tabs.getByRole('tab').first()).toHaveAttribute('aria-selected', 'true');
    const pane = page.getByRole('tabpanel');
    await expect(pane.getByRole('region', { name: 'Caching keeps copies near you, turn 2' })).toBeVisible();
    await page.screenshot({ path: 'test-results/compare-phone.png' });

    const box = (await pane.boundingBox())!;
    const y = box.y + 120;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: box.x + box.width - 40, y }] });
    for (let i = 1; i <= 8; i += 1) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: box.x + box.width - 40 - i * 30, y: y + i }] });
    }
    await page.waitForTimeout(100);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
    await expect(tabs.getByRole('tab').nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(pane.getByRole('region', { name: 'Caching stores copies near you, turn 2' })).toBeVisible();
    await tabs.getByRole('tab').first().click();
    await expect(pane.getByRole('region', { name: 'Caching keeps copies near you, turn 1' })).toBeVisible();
    expect(severe(await new AxeBuilder({ page }).analyze())).toEqual([]);
  });
});
