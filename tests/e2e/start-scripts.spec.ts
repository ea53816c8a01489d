// What a cold start of the start page gives a user (see build/app-shell-first.ts and build/compile-hint.ts):
// the static shell is painted before any script is fetched, the start page works after a handful of
// scripts, each marked for V8 to compile it off the main thread while it downloads, and the chunks of pages
// opened later carry no such mark.
import { expect, test, type Page } from '@playwright/test';
import { FREE_CHAT_ID } from './pwa-support';

const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
/** One per step of main.tsx's start (entry, React, Dexie, app, start page) plus the bundler's runtime. */
const MAX_START_SCRIPTS = 6;

/** Scripts the page itself fetches (not the service worker's precaching), in order. */
function recordScripts(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script' && !request.serviceWorker()) urls.push(new URL(request.url()).pathname);
  });
  return urls;
}

/** Idle-time work (the service worker's registration, search indexing) waits until the test releases it. */
async function holdIdleWork(page: Page): Promise<() => Promise<void>> {
  await page.addInitScript(() => {
    const held: IdleRequestCallback[] = [];
    Object.assign(window, { heldIdleWork: held });
    window.requestIdleCallback = (callback) => held.push(callback);
  });
  return () =>
    page.evaluate(() => {
      for (const callback of (window as unknown as { heldIdleWork: IdleRequestCallback[] }).heldIdleWork) callback({ didTimeout: false, timeRemaining: () => 50 });
    });
}

async function firstLine(page: Page, path: string): Promise<string> {
  const text = await page.evaluate(async (url) => (await fetch(url)).text(), path);
  return text.slice(0, text.indexOf('\n'));
}

test('a cold start paints the shell first, then runs a few scripts compiled off the main thread; later code compiles lazily', async ({ page }) => {
  const scripts = recordScripts(page);
  const releaseIdleWork = await holdIdleWork(page);
  await page.goto('/ai/prompts');
  await expect(page.getByRole('listitem', { name: 'Free chat' })).toBeVisible();
  // Everything the start page needed to be usable (idle-time work held back, so it is not counted).
  const startScripts = [...scripts];

  expect(startScripts.length, startScripts.join('\n')).toBeGreaterThan(0);
  expect(startScripts.length, startScripts.join('\n')).toBeLessThanOrEqual(MAX_START_SCRIPTS);
  expect(new Set(startScripts).size, 'a script fetched twice').toBe(startScripts.length);
  for (const path of startScripts) expect(await firstLine(page, path), path).toBe(COMPILE_HINT);

  // The shell (index.html's static markup and inline style) is on screen before any script or stylesheet
  // is requested: the first paint waits for nothing but the HTML.
  const timing = await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    requests: performance
      .getEntriesByType('resource')
      .map((r) => ({ url: new URL(r.name).pathname, at: r.startTime }))
      .filter((r) => /\.(js|css)$/.test(r.url)),
  }));
  expect(timing.paint).not.toBeNull();
  expect(timing.requests.length).toBeGreaterThanOrEqual(startScripts.length);
  expect(timing.requests.filter((r) => r.at < timing.paint!), `first paint at ${timing.paint} ms`).toEqual([]);

  await releaseIdleWork();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Storage' })).toBeVisible();
  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  // The service worker's registration (loaded once the start is idle), the settings and the runner pages.
  const later = [...new Set(scripts)].filter((path) => !startScripts.includes(path));
  expect(later.length, later.join('\n')).toBeGreaterThanOrEqual(3);
  for (const path of later) expect(await firstLine(page, path), path).not.toBe(COMPILE_HINT);
});
