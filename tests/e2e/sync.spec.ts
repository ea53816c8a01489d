// Sync in real browsers against the local Supabase stand-in: two contexts are two devices of one
// user, a third is another user; a short-lived token expires mid-session and is refreshed.
import { expect, test, type Page } from '@playwright/test';
import { FREE_CHAT_ID } from './fixtures';
import { account, device, send } from './sync-devices';
import { startSyncServer, type SyncServer } from './sync-server';

test.describe('two devices of one user', () => {
  let server: SyncServer;
  test.beforeAll(async () => {
    server = await startSyncServer();
  });
  test.afterAll(async () => server?.stop());

  test('A offline continues a run while B renames it; both converge; another user sees none of it', async ({ browser }) => {
    test.setTimeout(240_000);
    const a = await device(browser, server);
    const b = await device(browser, server);
    const c = await device(browser, server);
    await account(a.page, 'Sign up', 'sam@example.test');
    await account(b.page, 'Sign in', 'sam@example.test');
    await account(c.page, 'Sign up', 'other@example.test');

    await a.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await send(a.page, 'Hello from device A');
    const runPath = new URL(a.page.url()).pathname;

    // B sees the run arrive (pull on a timer, focus or after its own pushes) and opens it.
    await b.page.goto('/ai/prompts/runs');
    await expect(b.page.getByRole('link', { name: /Hello from device A/ }).first()).toBeVisible({ timeout: 30_000 });
    await b.page.goto(runPath);
    await expect(b.page.getByRole('article', { name: 'Assistant message' }).last()).toContainText('Hello from device A');

    // A goes offline and continues; B renames meanwhile.
    await a.context.setOffline(true);
    await send(a.page, 'Written on the train');
    await b.page.getByRole('button', { name: /Hello from device A/ }).click();
    const nameBox = b.page.getByRole('textbox', { name: 'Run name' });
    await nameBox.fill('Renamed on device B');
    await nameBox.press('Enter');
    await expect(b.page.getByRole('button', { name: 'Renamed on device B' })).toBeVisible();

    await a.context.setOffline(false);
    await expect(a.page.getByRole('button', { name: 'Renamed on device B' })).toBeVisible({ timeout: 30_000 });
    await expect(b.page.getByRole('article', { name: 'You message' }).last()).toContainText('Written on the train', { timeout: 30_000 });
    await expect(a.page.getByRole('article', { name: 'You message' }).last()).toContainText('Written on the train');

    // The other user has nothing of it, on the device or through the server.
    await c.page.goto('/ai/prompts/runs');
    await expect(c.page.getByText('No saved runs yet')).toBeVisible({ timeout: 15_000 });
    await expect(c.page.getByText('Renamed on device B')).toHaveCount(0);
    await c.page.goto(runPath);
    await expect(c.page.getByText('Written on the train')).toHaveCount(0);
    for (const d of [a, b, c]) await d.context.close();
  });
});

test.describe('an access token that expires mid-session', () => {
  /** Seconds an access token lives on this server: the one A holds while cut off has expired when the link returns. */
  const TOKEN_SECONDS = 5;
  let server: SyncServer;
  test.beforeAll(async () => {
    server = await startSyncServer({ jwtExpiry: TOKEN_SECONDS });
  });
  test.afterAll(async () => server?.stop());

  /** Wait until every token issued before `cutAt` (when the device lost the backend) has expired. */
  async function outliveTokens(page: Page, cutAt: number): Promise<void> {
    await page.waitForTimeout(Math.max(0, cutAt + TOKEN_SECONDS * 1000 + 500 - Date.now()));
  }

  test('is refreshed and the change made meanwhile still reaches the other device', async ({ browser }) => {
    test.setTimeout(120_000);
    const a = await device(browser, server);
    const b = await device(browser, server);
    await account(a.page, 'Sign up', 'kim@example.test');
    await account(b.page, 'Sign in', 'kim@example.test');
    await a.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await expect(a.page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await a.context.setOffline(true);
    const cutAt = Date.now();
    await send(a.page, 'Made while my token expired');
    await outliveTokens(a.page, cutAt);
    await a.context.setOffline(false);
    await b.page.goto('/ai/prompts/runs');
    await expect(b.page.getByRole('link', { name: /Made while my token expired/ }).first()).toBeVisible({ timeout: 30_000 });
    await expect(a.page.getByText('Signed in as kim@example.test')).toHaveCount(0); // still on the runner, not signed out
    await a.page.goto('/account');
    await expect(a.page.getByText('Signed in as kim@example.test')).toBeVisible();
    for (const d of [a, b]) await d.context.close();
  });

  test('opened while the backend is unreachable and the token has expired, the app shows the person’s own runs within seconds', async ({ browser }) => {
    test.setTimeout(90_000);
    const a = await device(browser, server);
    await account(a.page, 'Sign up', 'ana@example.test');
    await a.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await send(a.page, 'Mine, whatever the network says');
    await expect(a.page.getByRole('button', { name: /Sync details: Synced/ })).toBeVisible({ timeout: 30_000 });
    await a.context.route(`${server.backendUrl}/**`, (route) => route.abort('connectionreset'));
    await outliveTokens(a.page, Date.now());
    // supabase-js retries the refresh for up to 30 s before it answers who is signed in.
    await a.page.goto('/ai/prompts/runs');
    await expect(a.page.getByRole('link', { name: /Mine, whatever the network says/ }).first()).toBeVisible({ timeout: 5_000 });
    await a.context.close();
  });

  test('an outage the browser does not notice outlives the token: no call without a token, and the change syncs within seconds of the heal', async ({ browser }) => {
    test.setTimeout(90_000);
    const a = await device(browser, server);
    await account(a.page, 'Sign up', 'lee@example.test');
    const anonKey = ((await (await fetch(`${server.appUrl}/config.json`)).json()) as { supabaseAnonKey: string }).supabaseAnonKey;
    const syncCalls: string[] = [];
    a.page.on('request', (request) => {
      if (request.url().includes('/rest/v1/rpc/sync_')) syncCalls.push(request.headers()['authorization'] ?? '');
    });
    await a.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await expect(a.page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    // Mid-session, the link breaks beyond the device (a router, a proxy): every call to the backend fails,
    // and the browser stays "online", so no `online` event will say when it is back.
    const down = `${server.backendUrl}/**`;
    await a.context.route(down, (route) => route.abort('connectionreset'));
    const cutAt = Date.now();
    await send(a.page, 'Written while the link was down');
    await outliveTokens(a.page, cutAt);
    const pushed = a.page.waitForResponse((r) => r.url().includes('/rest/v1/rpc/sync_push') && r.ok(), { timeout: 15_000 });
    await a.context.unroute(down);
    const healedAt = Date.now();
    await pushed;
    // Within seconds of the heal (the engine retries within 5 s; supabase-js alone waited out a minute).
    expect(Date.now() - healedAt).toBeLessThan(10_000);
    expect(syncCalls.length).toBeGreaterThan(0);
    expect(syncCalls.filter((bearer) => !bearer.startsWith('Bearer ') || bearer === `Bearer ${anonKey}`)).toEqual([]);
    await a.context.close();
  });
});
