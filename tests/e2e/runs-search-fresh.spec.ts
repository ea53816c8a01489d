// Search indexing runs after the save (a pending marker is written with the row): a message just sent is
// found at once from the sidebar's search, and still after the pending queue has been indexed.
import { expect, test, type Page } from '@playwright/test';
import { fastEcho, makeRun } from './runs-helpers';

test.beforeEach(async ({ page }) => fastEcho(page));

/** Rows of the device database's search tables (read straight from IndexedDB). */
function countRows(page: Page, store: 'searchPending' | 'searchPostings'): Promise<number> {
  return page.evaluate(
    (store) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('prompt-runs-local');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction(store).objectStore(store).count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
    store,
  );
}

test('a message saved a moment ago is found by search, before and after it is indexed', async ({ page }) => {
  await makeRun(page, 'Tell me about lighthouses');
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('What about the pangolin sanctuary?');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('article', { name: /assistant message/i }).last()).toContainText('total');
  await expect(page.getByRole('status', { name: 'Save status' })).not.toContainText(/Saving|Not saved/);

  await page.getByRole('button', { name: 'Previous runs' }).click();
  const sidebar = page.getByRole('complementary', { name: 'Previous runs' });
  const search = sidebar.getByRole('searchbox', { name: 'Search runs' });
  await search.fill('pangolin sanct');
  const hit = sidebar.getByRole('listitem', { name: 'Tell me about lighthouses' });
  await expect(hit).toContainText('pangolin sanctuary');

  // The app indexes the pending documents once writes go quiet; the same search then answers from the index.
  await expect.poll(() => countRows(page, 'searchPending'), { timeout: 15_000 }).toBe(0);
  expect(await countRows(page, 'searchPostings')).toBeGreaterThan(0);
  await search.fill('');
  await search.fill('pangolin sanct');
  await expect(hit).toContainText('pangolin sanctuary');
  await search.fill('pangolinx');
  await expect(sidebar.getByText('No runs found')).toBeVisible();
});
