// A new device opens a run its first sync has listed but whose messages it has not brought yet: the
// runner says they have not reached the device, then shows them as they arrive, without a reload.
import { expect, test } from '@playwright/test';
import { FREE_CHAT_ID } from './fixtures';
import { contrastProblems } from './contrast-support';
import { account, device, send } from './sync-devices';
import { startSyncServer, type SyncServer } from './sync-server';

let server: SyncServer;
test.beforeAll(async () => {
  server = await startSyncServer();
});
test.afterAll(async () => server?.stop());

for (const viewport of [{ width: 360, height: 780 }, { width: 1280, height: 800 }]) {
  test(`a run opened before its messages arrive shows them when they come (${viewport.width}×${viewport.height})`, async ({ browser }, info) => {
    test.setTimeout(120_000);
    const email = `first-sync-${viewport.width}@example.test`;
    const a = await device(browser, server);
    await account(a.page, 'Sign up', email);
    await a.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await send(a.page, 'Trams of Lisbon at dawn');
    const runPath = new URL(a.page.url()).pathname;
    await expect(a.page.getByRole('status', { name: 'Sync status' })).toContainText('Synced', { timeout: 30_000 });

    // A new device: its first sync's messages are held back until the run is open.
    const b = await device(browser, server, viewport);
    const held: Array<() => void> = [];
    let released = false;
    await b.page.route('**/rest/v1/rpc/sync_snapshot_messages', (route) =>
      released ? route.continue() : new Promise<void>((done) => held.push(() => void route.continue().then(done)))
    );
    await account(b.page, 'Sign in', email);
    await b.page.goto('/ai/prompts/runs');
    await expect(b.page.getByRole('link', { name: /Trams of Lisbon at dawn/ }).first()).toBeVisible({ timeout: 30_000 });
    await b.page.goto(runPath);
    await expect(b.page.getByText(/^The messages of this run have not reached this device yet\./)).toBeVisible();
    // The badge counts the first sync's runs (its words show from 768 px; the button's name says them on a phone).
    const badge = b.page.getByRole('button', { name: 'Sync details: Syncing… 0 of 1 run' });
    await expect(badge).toBeVisible();
    if (viewport.width >= 768) await expect(badge).toHaveText('Syncing… 0 of 1 run');
    await badge.click();
    await expect(b.page.getByText('Messages here for 0 of 1 run')).toBeVisible();
    expect(await contrastProblems(b.page, 'sync panel')).toEqual([]);
    await b.page.keyboard.press('Escape');
    await expect(b.page.getByText('Messages here for 0 of 1 run')).toHaveCount(0);
    for (const colorScheme of ['light', 'dark'] as const) {
      await b.page.emulateMedia({ colorScheme });
      await b.page.screenshot({ path: info.outputPath(`messages-on-their-way-${viewport.width}-${colorScheme}.png`) });
      expect(await contrastProblems(b.page, `notice, ${colorScheme}`)).toEqual([]);
    }
    // The header's sync icon turns while the first sync works: in steps on an HTML element (a smooth turn, or
    // one on the SVG, draws 60 frames a second for the whole sync), and not at all for reduced motion.
    const turning = () => b.page.evaluate(() => document.getAnimations().map((a) => {
      const effect = a.effect as KeyframeEffect;
      return `${effect.target instanceof SVGElement ? 'svg' : 'html'} ${effect.getKeyframes()[0]?.easing ?? ''}`;
    }));
    await expect.poll(turning).not.toEqual([]);
    for (const animation of await turning()) expect(animation).toMatch(/^html steps\(8/);
    await b.page.emulateMedia({ reducedMotion: 'reduce' });
    await expect.poll(turning).toEqual([]);

    await expect.poll(() => held.length, { timeout: 15_000 }).toBeGreaterThan(0);
    released = true;
    for (const release of held.splice(0)) release();
    await expect(b.page.getByRole('article', { name: 'Assistant message' }).last()).toContainText('Trams of Lisbon at dawn', { timeout: 30_000 });
    await expect(b.page.getByText(/not reached this device yet/)).toHaveCount(0);
    await expect(b.page.getByRole('article', { name: 'You message' })).toHaveCount(1);
    for (const d of [a, b]) await d.context.close();
  });
}
