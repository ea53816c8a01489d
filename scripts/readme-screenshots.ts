// `npm run screenshots`: the README's pictures, taken from the built app so they show what the app looks
// like now. Builds into a folder of its own (dist/ is left alone), serves it, drives the system Chromium
// through a short session with the offline Echo model (a few runs, one with code), and writes a desktop
// (1280×800) and a phone (390×844) screenshot, each in the light and the dark theme, to
// scripts/readme-screenshots/. The README shows the pair that matches the reader's theme.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const out = join(root, 'scripts', 'readme-screenshots');
const outDir = join(root, '.tmp', 'readme-build');
const FREE_CHAT = '00000000-0000-4000-8000-000000000003';
const EXAMPLE = '00000000-0000-4000-8000-000000000001';

const SHOTS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true },
] as const;

/** A new run of `promptId` with one exchange (an empty message sends the prompt's own template). */
async function exchange(page: Page, base: string, promptId: string, text: string): Promise<void> {
  await page.goto(`${base}/ai/prompts/run/${promptId}`);
  const fresh = page.getByRole('button', { name: 'Start fresh' });
  const send = page.getByRole('button', { name: 'Send' });
  await fresh.or(send).first().waitFor();
  if (await fresh.isVisible()) await fresh.click();
  if (text) await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await send.click();
  await page.getByRole('article', { name: 'Assistant message' }).last().getByTestId('reply-usage').waitFor();
}

async function shoot(browser: Browser, base: string, shot: (typeof SHOTS)[number], scheme: 'light' | 'dark'): Promise<void> {
  const context = await browser.newContext({
    viewport: shot.viewport,
    deviceScaleFactor: shot.deviceScaleFactor,
    isMobile: shot.isMobile,
    hasTouch: shot.isMobile,
    colorScheme: scheme,
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('prompt-runs:echo-delay-ms', '1'));
  await exchange(page, base, EXAMPLE, '');
  await exchange(page, base, FREE_CHAT, 'Plan a weekend in Lisbon for two, on a budget.');
  await exchange(page, base, FREE_CHAT, 'How do I read a file line by line in Python?\n\n```python\nwith open("notes.txt") as f:\n    for line in f:\n        print(line.rstrip())\n```');
  if (!shot.isMobile) {
    // The desktop picture shows the runs sidebar beside the conversation, listing every prompt's runs.
    await page.getByRole('button', { name: 'Runs sidebar' }).click();
    await page.getByRole('radio', { name: 'All' }).check({ force: true });
    await page.getByRole('complementary', { name: 'Previous runs' }).getByRole('listitem').nth(2).waitFor();
  }
  await page.mouse.move(0, shot.viewport.height - 1); // no hover highlight in the picture
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(300);
  const file = join(out, `${shot.name}-${scheme}.png`);
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
  await context.close();
}

async function main(): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const base = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (!base) throw new Error('the preview server gave no address');
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    for (const shot of SHOTS) for (const scheme of ['light', 'dark'] as const) await shoot(browser, base, shot, scheme);
  } finally {
    await browser.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
