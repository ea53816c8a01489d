// What sync tells a person beyond "synced", in real browsers against the local backend. Delete forever
// racing a restore: device A deletes a run forever while device B, offline and not yet told, restores it
// and writes in it; the purge stays final on both, and B's text comes back as "Recovered: <name>" with a
// notice. A server that no longer speaks this app's protocol: nothing is lost, and the app asks for a reload.
import { expect, test, type Page } from '@playwright/test';
import { FREE_CHAT_ID } from './fixtures';
import { account, device, send } from './sync-devices';
import { startSyncServer, type SyncServer } from './sync-server';

/** Where to keep screenshots of the notices (to look at them), when set. */
const SHOTS = process.env.E2E_SHOTS_DIR;

/** The run's menu in the runs list, then one of its actions (confirming when asked). */
async function runAction(page: Page, name: string, action: string): Promise<void> {
  await page.getByRole('listitem', { name }).getByRole('button', { name: `More actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: action }).click();
  const confirm = page.getByRole('alertdialog');
  if (await confirm.isVisible().catch(() => false)) await confirm.getByRole('button', { name: action }).click();
}

test.describe('delete forever while another device restores and writes', () => {
  let server: SyncServer;
  test.beforeAll(async () => {
    server = await startSyncServer();
  });
  test.afterAll(async () => server?.stop());

  test('the purge is final on both devices, and the text written meanwhile comes back as a "Recovered" run with a notice', async ({ browser }) => {
    test.setTimeout(240_000);
    const a = await device(browser, server, { width: 1280, height: 800 });
    const b = await device(browser, server, { width: 1280, height: 800 });
    await account(a.page, 'Sign up', 'noor@example.test');
    await account(b.page, 'Sign in', 'noor@example.test');

    await a.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await send(a.page, 'Plan a trip to Lisbon');
    const runPath = new URL(a.page.url()).pathname;
    await a.page.getByRole('button', { name: /Plan a trip to Lisbon/ }).click();
    await a.page.getByRole('textbox', { name: 'Run name' }).fill('Trip plan');
    await a.page.getByRole('textbox', { name: 'Run name' }).press('Enter');

    // A moves it to the trash; B sees it there, then loses its connection.
    await b.page.goto('/ai/prompts/runs');
    await expect(b.page.getByRole('listitem', { name: 'Trip plan' })).toBeVisible({ timeout: 30_000 });
    await a.page.goto('/ai/prompts/runs');
    await runAction(a.page, 'Trip plan', 'Delete');
    await b.page.getByRole('button', { name: 'Trash' }).click();
    await expect(b.page.getByRole('listitem', { name: 'Trip plan' })).toBeVisible({ timeout: 30_000 });
    // B goes offline idle, and knows it: a request still in flight when the connection drops is not cut
    // (nor is the Realtime socket: Playwright's offline leaves WebSockets open), and an answer it gets
    // after A's purge would tell B too early.
    await expect(b.page.getByRole('button', { name: /Sync details: Synced/ })).toBeVisible({ timeout: 30_000 });
    await b.context.setOffline(true);
    await expect(b.page.getByRole('button', { name: /^Sync details: Offline/ })).toBeVisible();

    // A deletes it forever; B, not told, restores it and writes in it.
    await a.page.getByRole('button', { name: 'Trash' }).click();
    await runAction(a.page, 'Trip plan', 'Delete forever');
    await expect(a.page.getByText('Trash is empty')).toBeVisible();
    await expect(a.page.getByRole('button', { name: /Sync details: Synced/ })).toBeVisible({ timeout: 30_000 });
    // B must not have heard of the purge yet. Now and then it had (before B went offline idle): the test
    // then fails here in half a minute and is retried, instead of waiting out its four minutes.
    await b.page.getByRole('listitem', { name: 'Trip plan' }).getByRole('button', { name: 'Restore' }).click({ timeout: 30_000 });
    await b.page.goto(runPath);
    await send(b.page, 'Book the night train');

    // Back online: B keeps its text in a new run and says so; the deleted run stays deleted.
    await b.context.setOffline(false);
    const badge = b.page.getByRole('button', { name: 'Sync details: 1 run recovered' });
    await expect(badge).toBeVisible({ timeout: 30_000 });
    await badge.click();
    const panel = b.page.getByRole('dialog');
    await expect(panel.getByRole('listitem', { name: 'Recovered: Trip plan' })).toContainText(
      'Kept 2 messages written here for a run deleted on another device, in Recovered: Trip plan.',
    );
    if (SHOTS) {
      await b.page.screenshot({ path: `${SHOTS}/recovered-notice-1280.png` });
      await b.page.setViewportSize({ width: 360, height: 780 });
      await b.page.screenshot({ path: `${SHOTS}/recovered-notice-360.png` });
      await b.page.setViewportSize({ width: 1280, height: 800 });
    }
    await panel.getByRole('link', { name: 'Recovered: Trip plan' }).click();
    await expect(b.page.getByRole('article', { name: 'You message' })).toHaveText(/Book the night train/);
    await expect(b.page.getByText('Plan a trip to Lisbon')).toHaveCount(0);

    for (const d of [a, b]) {
      await d.page.goto('/ai/prompts/runs');
      await expect(d.page.getByRole('listitem', { name: 'Recovered: Trip plan' })).toBeVisible({ timeout: 30_000 });
      await expect(d.page.getByRole('listitem', { name: 'Trip plan', exact: true })).toHaveCount(0);
      await d.page.getByRole('button', { name: 'Trash' }).click();
      await expect(d.page.getByText('Trash is empty')).toBeVisible();
    }
    for (const d of [a, b]) await d.context.close();
  });

  test('an app older than the server keeps every change queued and asks for a reload', async ({ browser }) => {
    test.setTimeout(120_000);
    const a = await device(browser, server, { width: 1280, height: 800 });
    await account(a.page, 'Sign up', 'ines@example.test');
    // The server has moved on to protocol 3 (what PostgREST answers for the SQL's PT426).
    await a.context.route(`${server.backendUrl}/rest/v1/rpc/sync_*`, (route) =>
      route.fulfill({
        status: 426,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'PT426', message: 'protocol_unsupported: this server speaks sync protocol 3 to 3, the app sent 2', details: '{"min":3,"max":3}', hint: 'Reload the app to get the version this server speaks.' }),
      }));
    await a.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await send(a.page, 'Kept until the update');
    const prompt = a.page.getByRole('status').filter({ hasText: 'A new version of the app is needed to sync' });
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    await expect(prompt.getByRole('button', { name: 'Reload' })).toBeVisible();
    const badge = a.page.getByRole('button', { name: /^Sync details: Update needed to sync · \d+ pending$/ });
    await expect(badge).toBeVisible();
    await badge.click();
    await expect(a.page.getByRole('dialog')).toContainText('This version of the app can no longer sync: the server needs a newer one.');
    await expect(a.page.getByRole('dialog').getByRole('button', { name: 'Sync now' })).toBeDisabled();
    if (SHOTS) {
      await a.page.screenshot({ path: `${SHOTS}/update-needed-1280.png` });
      await a.page.setViewportSize({ width: 360, height: 780 });
      await a.page.screenshot({ path: `${SHOTS}/update-needed-360.png` });
    }
    await a.context.close();
  });
});
