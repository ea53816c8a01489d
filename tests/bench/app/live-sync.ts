// Live sync between two devices: two real Chromium browsers signed in to one account on the local
// stand-in; device A renames a run, device B shows the new name on its runs list. Measured from A's Enter
// key (in A's page) to the moment B's page holds the new text (a MutationObserver in B's page), over
// BENCH_LIVE_SAVES saves (default 20), with Realtime on, and the same in the same run with Realtime off
// (the engine's 10 s poll alone: each save then waits a random part of a poll period first, so saves
// land at random points of B's poll cycle as a person's would).
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import type { AppBenchContext } from '../run-bench';
import { stats, type BenchFigure } from '../harness';
import { startLocalSupabase, type LocalSupabase } from '../../../supabase/local/server';

const FREE_CHAT_ID = '00000000-0000-4000-8000-000000000003';
// BENCH_SMOKE=1 (npm test's smoke run): one save each way, saved at once (the polled one still waits for a poll).
const SMOKE = process.env['BENCH_SMOKE'] === '1';
const SAVES = SMOKE ? 1 : Number(process.env['BENCH_LIVE_SAVES'] ?? 20);
const POLL_MS = 10_000;
const PASSWORD = 'bench-pass-1';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

interface Device { context: BrowserContext; page: Page; requests: Array<{ path: string; at: number }> }

async function device(browser: Browser, appUrl: string, local: LocalSupabase, realtime: boolean): Promise<Device> {
  // No service worker: it precaches the whole app at first load, work that has nothing to do with sync.
  const context = await browser.newContext({ baseURL: appUrl, serviceWorkers: 'block' });
  await context.route('**/config.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ supabaseUrl: local.url, supabaseAnonKey: local.anonKey, realtime }) }));
  await context.addInitScript(() => localStorage.setItem('prompt-runs:echo-delay-ms', '5'));
  const page = await context.newPage();
  const requests: Device['requests'] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/rest/v1/rpc/')) requests.push({ path, at: Date.now() });
  });
  return { context, page, requests };
}

async function account(page: Page, action: 'Sign up' | 'Sign in', email: string): Promise<void> {
  await page.goto('/account');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: action }).click();
  await page.getByText(`Signed in as ${email}`).waitFor({ timeout: 30_000 });
}

interface Run { latencies: number[]; pushAfterSave: number[]; pullAfterPush: number[] }

async function measure(browsers: [Browser, Browser], appUrl: string, local: LocalSupabase, realtime: boolean): Promise<Run> {
  const a = await device(browsers[0], appUrl, local, realtime);
  const b = await device(browsers[1], appUrl, local, realtime);
  const out: Run = { latencies: [], pushAfterSave: [], pullAfterPush: [] };
  try {
    const email = `live-${randomUUID()}@example.test`;
    await account(a.page, 'Sign up', email);
    await account(b.page, 'Sign in', email);
    await a.page.goto(`/ai/prompts/run/${FREE_CHAT_ID}`);
    await a.page.getByRole('textbox', { name: 'Message' }).fill('Bench live sync');
    await a.page.getByRole('button', { name: 'Send' }).click();
    await a.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ timeout: 30_000 });
    await b.page.goto('/ai/prompts/runs');
    await b.page.getByRole('link', { name: /Bench live sync/ }).first().waitFor({ timeout: 60_000 });

    let current = /Bench live sync/;
    for (let i = 1; i <= SAVES; i++) {
      const name = `Renamed #${i} ${realtime ? 'live' : 'polled'} done`;
      if (!SMOKE) await new Promise((r) => setTimeout(r, Math.random() * (realtime ? 1_000 : POLL_MS)));
      // No named helpers inside: tsx would wrap them in a __name() the page does not have.
      const seen = b.page.evaluate((text) => new Promise<number>((resolve) => {
        if (document.body.textContent?.includes(text)) return resolve(performance.timeOrigin + performance.now());
        const observer = new MutationObserver(() => {
          if (!document.body.textContent?.includes(text)) return;
          observer.disconnect();
          resolve(performance.timeOrigin + performance.now());
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }), name);
      await a.page.getByRole('button', { name: current }).click();
      const box = a.page.getByRole('textbox', { name: 'Run name' });
      await box.fill(name);
      await a.page.evaluate(() => {
        const w = window as unknown as { __savedAt: number };
        w.__savedAt = 0;
        document.addEventListener('keydown', (e) => {
          if (e.key === 'Enter') w.__savedAt = performance.timeOrigin + performance.now();
        }, { capture: true, once: true });
      });
      const pushesBefore = a.requests.filter((r) => r.path.endsWith('/sync_push')).length;
      const pullsBefore = b.requests.filter((r) => r.path.endsWith('/sync_pull')).length;
      await box.press('Enter');
      const shownAt = await Promise.race([seen, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`B never showed "${name}"`)), 60_000))]);
      const savedAt = await a.page.evaluate(() => (window as unknown as { __savedAt: number }).__savedAt);
      out.latencies.push(shownAt - savedAt);
      const push = a.requests.filter((r) => r.path.endsWith('/sync_push'))[pushesBefore];
      const pull = push && b.requests.slice(pullsBefore).find((r) => r.path.endsWith('/sync_pull') && r.at >= push.at);
      if (push) out.pushAfterSave.push(push.at - savedAt);
      if (push && pull) out.pullAfterPush.push(pull.at - push.at);
      current = new RegExp(`^${name}$`);
    }
  } finally {
    await a.context.close();
    await b.context.close();
  }
  return out;
}

export default async function liveSync({ browser, appUrl }: AppBenchContext): Promise<BenchFigure[]> {
  const local = await startLocalSupabase({ port: 0, rateLimits: { signInSignUps: 0, tokenRefresh: 0 } });
  const second = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const live = await measure([browser, second], appUrl, local, true);
    const polled = await measure([browser, second], appUrl, local, false);
    return [
      {
        name: `Live sync: a save on device A on screen on device B (two Chromium browsers, local stand-in, ${SAVES} saves), Realtime on`,
        unit: 'ms', value: stats(live.latencies), goal: '≤ 1000 ms p95',
        baseline: { name: 'the engine\'s 10 s poll alone (Realtime off), same run', value: stats(polled.latencies) },
      },
      { name: 'Live sync, part: A\'s Enter → A\'s sync_push sent (a write after a quiet spell waits 50 ms; those right after it are gathered for 500 ms)', unit: 'ms', value: stats(live.pushAfterSave) },
      { name: 'Live sync, part: A\'s sync_push sent → B\'s sync_pull sent (Realtime notice)', unit: 'ms', value: stats(live.pullAfterPush) },
    ];
  } finally {
    await second.close();
    await local.close();
  }
}
