// What a cold start of the start page loads (issue 5, blocking time at start-up; see vite.config.ts): six
// scripts, one per step of main.tsx's start plus the bundler's runtime, each marked for V8 to compile it off
// the main thread while it downloads; the chunks of pages opened later carry no such mark.
import { expect, test, type Page } from '@playwright/test';
import { FREE_CHAT_ID } from './pwa-support';

const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/** Scripts the page itself fetches (not the service worker's precaching), in order. */
function recordScripts(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script' && !request.serviceWorker()) urls.push(new URL(request.url()).pathname);
  });
  return urls;
}

async function firstLine(page: Page, path: string): Promise<string> {
  const text = await page.evaluate(async (url) => (await fetch(url)).text(), path);
  return text.slice(0, text.indexOf('\n'));
}

test('a cold start loads six scripts, each compiled off the main thread; code loaded later is compiled lazily', async ({ page }) => {
  const scripts = recordScripts(page);
  await page.goto('/ai/prompts');
  await expect(page.getByRole('listitem', { name: 'Free chat' })).toBeVisible();
  // What index.html's loader starts on this URL: the entry script and the preloads of the start's other files.
  const html = await page.evaluate(async () => (await fetch('/ai/prompts')).text());
  const entry = /script\.src = "([^"]+)"/.exec(html)?.[1];
  const preloads = JSON.parse(/var preloads = (\{.*?\});/.exec(html)?.[1] ?? 'null') as { common: string[]; startPage: string[] } | null;
  const startFiles = [entry ?? 'no entry script in index.html', ...(preloads?.common ?? []), ...(preloads?.startPage ?? [])];
  // index (main.tsx), react, dexie, app, start-page and the bundler's runtime helpers.
  expect(startFiles, startFiles.join('\n')).toHaveLength(6);
  for (const path of startFiles) {
    expect(scripts).toContain(path);
    expect(await firstLine(page, path), path).toBe(COMPILE_HINT);
  }

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Storage' })).toBeVisible();
  await page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  // The service worker's registration (loaded once the start is idle), the settings and the runner pages.
  const later = [...new Set(scripts)].filter((path) => !startFiles.includes(path));
  expect(later.length, later.join('\n')).toBeGreaterThanOrEqual(3);
  for (const path of later) expect(await firstLine(page, path), path).not.toBe(COMPILE_HINT);
});
