// "Download PDF" in the built app: from a run's menu, its details and the bulk bar, made on the device
// (offline too), a real PDF file whose text (read back with PDF.js) holds the run and its messages.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { fastEcho, makeRun } from './runs-helpers';
import { waitForServiceWorkerControl } from './pwa-support';

test.beforeEach(async ({ page }) => fastEcho(page));

/** The text of each page of the downloaded PDF. */
async function pdfPages(path: string): Promise<string[]> {
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  return pages;
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; pages: string[] }> {
  const waiting = page.waitForEvent('download');
  await click();
  const file = await waiting;
  return { name: file.suggestedFilename(), pages: await pdfPages((await file.path())!) };
}

test('a run as a PDF from its menu and its details, offline, with its markdown, names and dates', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.goto('/ai/prompts');
  await waitForServiceWorkerControl(page);
  await makeRun(page, 'Paper trip plan with **bold** and `code`\n\n```js\nconst day = 1;\n```', 'And a second question');
  await page.goto('/ai/prompts/runs');
  const item = page.getByRole('listitem').filter({ hasText: 'Paper trip' }).first();
  await expect(item).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await item.getByRole('button', { name: /More actions for/ }).click();
  const fromMenu = await download(page, () => page.getByRole('menuitem', { name: 'Download PDF' }).click());
  expect(fromMenu.name).toMatch(/^Paper-trip-plan.*\.pdf$/);
  expect(fromMenu.pages).toHaveLength(1);
  const text = fromMenu.pages[0]!;
  for (const expected of ['Paper trip plan with **bold**', 'Free chat', 'Echo (offline)', 'Created', 'Last message', 'User', 'Assistant',
    'Echo: Paper trip plan with bold and code', 'const day = 1;', 'And a second question', 'Echo: And a second question']) {
    expect(text).toContain(expected);
  }
  await expect(page.getByText('Downloaded a PDF of 1 run')).toBeVisible();

  await item.getByRole('button', { name: /More actions for/ }).click();
  await page.getByRole('menuitem', { name: 'Details' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run details' });
  const fromDetails = await download(page, () => dialog.getByRole('button', { name: 'Download PDF' }).click());
  expect(fromDetails.pages[0]).toContain('And a second question');
  await context.setOffline(false);
});

test('a selection of runs as one PDF, a run per page, from the bulk bar', async ({ page }) => {
  test.setTimeout(120_000);
  await makeRun(page, 'First selected run');
  await makeRun(page, 'Second selected run');
  await page.goto('/ai/prompts/runs');
  await page.getByRole('button', { name: 'Select', exact: true }).click();
  await page.getByRole('toolbar', { name: 'Selected runs' }).getByRole('button', { name: 'All' }).click();
  const { name, pages } = await download(page, () => page.getByRole('toolbar', { name: 'Selected runs' }).getByRole('button', { name: 'Download PDF' }).click());
  expect(name).toMatch(/^prompt-runs-2-runs-.*\.pdf$/);
  expect(pages).toHaveLength(2);
  expect(pages.join('\n')).toContain('Echo: First selected run');
  expect(pages.join('\n')).toContain('Echo: Second selected run');
  expect(pages.filter((p) => p.includes('Echo: First selected run'))).toHaveLength(1);
});
