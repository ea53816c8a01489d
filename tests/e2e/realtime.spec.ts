// Live updates in real browsers against the local stand-in: with Realtime on (npm start's default), a
// change saved on one device shows on the other without a reload, because the server told it: the other
// device asks for the change as soon as the server has it, not at its next 10 s poll. Three changes in a
// row, so the poll cannot pass for Realtime by chance (it would start a pull in that window about one
// time in seven per change). How long it takes a person to see it (save → text on the other screen,
// goal 2 s) is a figure of `npm run bench -- live-sync`, measured beside the poll alone.
import { expect, test } from '@playwright/test';
import { FREE_CHAT_ID } from './fixtures';
import { account, device } from './sync-devices';
import { startSyncServer, type SyncServer } from './sync-server';

test.describe('live updates between two devices', () => {
  let server: SyncServer;
  test.beforeAll(async () => {
    server = await startSyncServer();
  });
  test.afterAll(async () => server?.stop());

  test('a run renamed on one device is renamed on the other at once, without a reload', async ({ browser }) => {
    test.setTimeout(180_000);
    const a = await device(browser, server);
    const b = await device(browser, server);
    await account(a.page, 'Sign up', 'live@example.test');
    await account(b.page, 'Sign in', 'live@example.test');

    await a.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await a.page.getByRole('textbox', { name: 'Message' }).fill('Hello, live');
    await a.page.getByRole('button', { name: 'Send' }).click();
    await expect(a.page.getByRole('article', { name: 'Assistant message' }).last()).toContainText('Hello, live');
    await expect(a.page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

    await b.page.goto('/ai/prompts/runs');
    await expect(b.page.getByRole('link', { name: /Hello, live/ }).first()).toBeVisible({ timeout: 15_000 });
    const navigations: string[] = [];
    b.page.on('framenavigated', (frame) => {
      if (frame === b.page.mainFrame()) navigations.push(frame.url());
    });
    const requestsAt = (page: typeof a.page, rpc: string) => {
      const times: number[] = [];
      page.on('request', (request) => {
        if (request.url().includes(`/rest/v1/rpc/${rpc}`)) times.push(Date.now());
      });
      return times;
    };
    const pushesOfA = requestsAt(a.page, 'sync_push');
    const pullsOfB = requestsAt(b.page, 'sync_pull');

    for (const name of ['Live one', 'Live two', 'Live three']) {
      await a.page.getByRole('button', { name: /^(Hello, live|Live \w+)$/ }).click();
      const box = a.page.getByRole('textbox', { name: 'Run name' });
      await box.fill(name);
      const pushed = a.page.waitForResponse((response) => response.url().includes('/rest/v1/rpc/sync_push'));
      const saved = Date.now();
      await box.press('Enter');
      await expect(a.page.getByRole('button', { name })).toBeVisible();
      await pushed;
      const answered = Date.now();
      const pushSent = pushesOfA.find((at) => at >= saved) ?? saved;
      // B asks for the change once the server has it (its notice can reach B before A has the answer).
      await expect.poll(() => pullsOfB.some((at) => at >= pushSent && at <= answered + 1_500), { timeout: 1_500, intervals: [20] }).toBe(true);
      await expect(b.page.getByRole('link', { name: new RegExp(name) }).first()).toBeVisible({ timeout: 8_000 });
      test.info().annotations.push({ type: 'latency', description: `${name}: saved → shown on B ${Date.now() - saved} ms (A's push sent after ${pushSent - saved} ms)` });
    }
    expect(navigations).toEqual([]);
    for (const d of [a, b]) await d.context.close();
  });
});
