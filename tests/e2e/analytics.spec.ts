// The analytics page in the built app: reached from the nav, charts drawn (Chart.js, loaded on demand)
// beside tables with the same numbers, CSV download, offline, and a 360×780 phone.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { fastEcho, makeRun, severe } from './runs-helpers';
import { waitForServiceWorkerControl } from './pwa-support';

test.beforeEach(async ({ page }) => fastEcho(page));

/** Whether a canvas has anything drawn on it. */
const drawn = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.querySelector('canvas');
    if (!canvas) return false;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  });

test('desktop: figures of the runs made, charts with tables, CSV, offline', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/ai/prompts');
  await waitForServiceWorkerControl(page);
  await makeRun(page, 'First question', 'Second question');
  await makeRun(page, 'Another run');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
  await expect(page.getByRole('heading', { name: 'Analytics', level: 1 })).toBeVisible();
  const totals = page.getByLabel('Totals for the period');
  await expect(totals).toContainText('Runs2');
  await expect(totals).toContainText('Replies3');
  const byModel = page.getByRole('table', { name: 'Tokens, cost, runs and average latency by model' });
  await expect(byModel.getByRole('rowheader', { name: 'Echo (offline)' })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Tokens by model: highest/ })).toBeVisible();
  await expect.poll(() => drawn(page)).toBe(true);
  expect(severe(await new AxeBuilder({ page }).analyze())).toEqual([]);
  await page.screenshot({ path: 'test-results/analytics-desktop.png', fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const file = readFileSync(await (await download).path(), 'utf8');
  expect(file.split('\r\n')[0]).toBe('date,prompt,model,runs,replies,input_tokens,output_tokens,cost_usd,estimated_replies,average_latency_ms');
  expect(file).toContain('Free chat,Echo (offline),2,3,');

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByLabel('Totals for the period')).toContainText('Replies3');
  await expect.poll(() => drawn(page)).toBe(true);
  await context.setOffline(false);
});

test('phone: the nav reaches Analytics and the page fits 360 px', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 360, height: 780 });
  await makeRun(page, 'Phone question');
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' });
  await link.click();
  await expect(page.getByLabel('Totals for the period')).toContainText('Replies1');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'test-results/analytics-phone.png', fullPage: true });
  expect(severe(await new AxeBuilder({ page }).analyze())).toEqual([]);
});
