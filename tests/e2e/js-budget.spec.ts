// The first route's JavaScript against its budget of 200 KB gzip: every script a first visit to the start
// URL (/ai/prompts, the manifest's start_url) loads until the network is idle (module preloads and chunks
// fetched after start included), the service worker's precache left out (it downloads in the background
// and is not run). The same measure as `npm run bench -- pwa-cold-start`, asserted here so a landing that
// crosses the budget fails. (A deep link to another page loads that page's code on top: the bench records
// /ai/prompts/runs beside this figure.)
import { gzipSync } from 'node:zlib';
import { expect, test, type Response } from '@playwright/test';

const BUDGET_KB = 200;
/**
 * What the start loaded on 7 Dec (540.3 KB before compression) and 2% more: a landing that pulls a lazy
 * module into the start fails here long before it crosses the budget. Checked: the first-sync code that
 * 1d52af9 took out of the start (23 KB, which had cost Lighthouse's median score 0.05) put back makes
 * 558.9 KB raw, and only 5.6 KB gzip more (181.2 KB), which a gzip guard with any room would miss.
 * Raise it on purpose, saying why, when the start must grow.
 */
const GUARD_RAW_KB = 551;

test(`first visit to the start URL: JavaScript ≤ ${BUDGET_KB} KB gzip, ≤ ${GUARD_RAW_KB} KB raw`, async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
  const page = await context.newPage();
  const scripts = new Map<string, Response>();
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.js')) scripts.set(response.url(), response);
  });
  await page.goto('/ai/prompts', { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { name: 'Free chat' })).toBeVisible();
  const bodies = await Promise.all([...scripts.values()].map((r) => r.body()));
  await context.close();
  const gzipKb = bodies.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0) / 1024;
  const rawKb = bodies.reduce((n, b) => n + b.length, 0) / 1024;
  const summary = `/ai/prompts: ${gzipKb.toFixed(1)} KB gzip (${rawKb.toFixed(1)} KB raw, ${bodies.length} files)`;
  console.log(`[js-budget] ${summary}`);
  test.info().annotations.push({ type: 'js-budget', description: summary });
  expect(bodies.length, 'no script was loaded: the measure is broken').toBeGreaterThan(0);
  expect(gzipKb, summary).toBeLessThanOrEqual(BUDGET_KB);
  expect(rawKb, `${summary}: more than the start held on 7 Dec (GUARD_RAW_KB); if it must grow, raise the guard and say why`).toBeLessThanOrEqual(GUARD_RAW_KB);
});
