// One new device signing in to a seeded account, in a fresh on-disk Chromium profile (IndexedDB on
// disk, as on a phone; a Playwright incognito context would keep it in memory): what the person sees
// (the newest run listed, every run, every message, a search that finds the oldest message) timed
// from the click on "Sign in", the rows held over time, the main thread's long tasks, and the disk
// the device database takes, and the IndexedDB requests the page issued (Chromium spends about 0.2 ms of its
// browser process on each request, whatever the row's size: their number bounds how fast rows can be stored).
import { JSONParser } from '@streamparser/json';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import type { SeededAccount } from './seed-server';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface DeviceRun {
  appUrl: string;
  backend: { url: string; anonKey: string };
  email: string;
  password: string;
  userId: string;
  account: SeededAccount;
  rareWord: string;
  /** Give up after this long (the figures then say how far it got). */
  capMs: number;
  /**
   * How often the rows held are counted, at least: a count reads every key (0.4 s for 200,000 messages here)
   * and holds the app's writes back meanwhile, so the next count waits ten times as long as the last took.
   */
  sampleMs: number;
  log: (line: string) => void;
  /** Ends once the newest run is listed (a short trial of that figure alone). */
  stopAtNewest?: boolean;
  /** Writes a CPU profile of the page (Chrome DevTools format) from the click on "Sign in" to the end here. */
  profile?: string;
  /** The page on screen while it syncs: the runs page (default, where the newest run is looked for) or Settings. */
  screen?: 'runs' | 'settings';
  /** Writes the page's `performance` measures (name, start, duration) and long tasks from sign-in to the end here (JSON). */
  measures?: string;
}

export interface Sample {
  t: number;
  runs: number;
  messages: number;
}

export interface DeviceResult {
  /** ms from the click on "Sign in"; null when it did not happen before the cap. */
  newestListed: number | null;
  allRuns: number | null;
  allMessages: number | null;
  searchable: number | null;
  samples: Sample[];
  /** Rows stored per second over the first and the last tenth of the rows. */
  rateStart: number | null;
  rateEnd: number | null;
  longTasks: number[];
  /** IndexedDB requests the page issued from opening the app to the end, by `store:method` (the bench's own counts left out). */
  requests: Record<string, number>;
  held: { runs: number; messages: number };
  disk: { idbBytes: number; estimateUsage: number | null; estimateIdb: number | null };
  elapsed: number;
}

interface PageProbe {
  t0: number;
  tasks: Array<{ start: number; duration: number }>;
  newestAt?: number;
}

declare global {
  interface Window {
    __probe?: PageProbe;
    /** IndexedDB requests by `store:method` (index methods as `store.index:method`), and transactions. */
    __idbRequests?: Record<string, number>;
    /** Set while the bench issues its own requests, which are not counted. */
    __idbUncounted?: boolean;
  }
}

/** Counts the page's IndexedDB requests (an init script). */
function countRequests(): void {
  const counts: Record<string, number> = {};
  window.__idbRequests = counts;
  const bump = (key: string) => {
    if (!window.__idbUncounted) counts[key] = (counts[key] ?? 0) + 1;
  };
  const methods = ['put', 'add', 'get', 'getAll', 'getAllKeys', 'getKey', 'count', 'delete', 'clear', 'openCursor', 'openKeyCursor'];
  for (const [proto, ofIndex] of [[IDBObjectStore.prototype, false], [IDBIndex.prototype, true]] as const) {
    for (const name of methods) {
      const original = (proto as unknown as Record<string, unknown>)[name];
      if (typeof original !== 'function') continue;
      (proto as unknown as Record<string, unknown>)[name] = function (this: IDBObjectStore | IDBIndex, ...args: unknown[]) {
        bump(`${ofIndex ? `${(this as IDBIndex).objectStore.name}.${this.name}` : this.name}:${name}`);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
  }
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    bump('transaction');
    return transaction.apply(this, args);
  };
}

async function countRows(page: Page, dbName: string): Promise<{ t: number; ms: number; runs: number; messages: number } | null> {
  return page.evaluate(async (name) => {
    const t = performance.now();
    const known = await indexedDB.databases();
    if (!known.some((d) => d.name === name)) return null;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      // (No named local functions in here: the page lacks the bundler's __name helper.)
      // The requests are issued synchronously, so nothing of the app's is issued while the flag is up.
      window.__idbUncounted = true;
      let counts: Array<Promise<number>>;
      try {
        const tx = db.transaction(['runs', 'messages'], 'readonly');
        counts = ['runs', 'messages'].map((store) => new Promise<number>((resolve, reject) => {
          const req = tx.objectStore(store).count();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        }));
      } finally {
        window.__idbUncounted = false;
      }
      const [runs, messages] = await Promise.all(counts);
      return { t, ms: performance.now() - t, runs: runs ?? 0, messages: messages ?? 0 };
    } finally {
      db.close();
    }
  }, dbName);
}

/** Types the rare word into "Search runs"; true when the oldest run is among the results. */
async function searchFinds(page: Page, word: string, runName: string): Promise<boolean> {
  const box = page.getByRole('searchbox', { name: 'Search runs' }).or(page.getByRole('textbox', { name: 'Search runs' })).first();
  await box.fill(word);
  try {
    await page.waitForFunction(({ word, runName }) =>
      !!document.querySelector(`[data-results-for="${word}"]`) && document.body.innerText.includes(runName),
    { word, runName }, { timeout: 3_000, polling: 100 });
    return true;
  } catch {
    return false;
  } finally {
    await box.fill('');
  }
}

/**
 * Rows a second between the last sample at or below `from` of the rows and the first at or above `to`:
 * samples grow sparse as counting the rows takes longer, and one sample often covered the whole last
 * tenth (the figure was then not a number).
 */
function rate(samples: Sample[], total: number, from: number, to: number): number | null {
  const rows = (s: Sample) => s.runs + s.messages;
  const a = samples.filter((s) => rows(s) <= total * from).at(-1) ?? samples[0];
  const b = samples.find((s) => rows(s) >= total * to);
  if (!a || !b || b.t <= a.t) return null;
  return Math.round((rows(b) - rows(a)) / ((b.t - a.t) / 1000));
}

function du(path: string): number {
  try {
    return Number(execFileSync('du', ['-sb', path]).toString().split(/\s/)[0]);
  } catch {
    return Number.NaN;
  }
}

export async function runNewDevice(run: DeviceRun): Promise<DeviceResult> {
  const dir = mkdtempSync(join(tmpdir(), 'prompt-runs-new-device-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS, serviceWorkers: 'block',
    viewport: { width: 1280, height: 800 },
  });
  const started = Date.now();
  try {
    await context.route('**/config.json', (route) => route.fulfill({ json: { supabaseUrl: run.backend.url, supabaseAnonKey: run.backend.anonKey } }));
    const page = context.pages()[0] ?? (await context.newPage());
    // tsx names the script's functions with its __name helper, which the page lacks.
    await page.addInitScript('globalThis.__name ??= (f) => f;');
    await page.addInitScript(countRequests);
    await page.goto(`${run.appUrl}/account`);
    await page.getByRole('textbox', { name: 'Email' }).fill(run.email);
    await page.getByLabel('Password').fill(run.password);
    await page.evaluate(() => {
      const probe: PageProbe = { t0: 0, tasks: [] };
      window.__probe = probe;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) probe.tasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: false });
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Sign in')!;
      button.addEventListener('click', () => (probe.t0 = performance.now()), { capture: true, once: true });
    });
    const cdp = run.profile ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
      // Top-level tasks on the profile's clock: which code ran in each long task.
      // NEW_DEVICE_TRACE=devtools.timeline,v8 (say) also records what ran inside the tasks (its events of 5 ms or more are kept).
      await cdp.send('Tracing.start', { categories: ['toplevel', process.env.NEW_DEVICE_TRACE].filter(Boolean).join(','), transferMode: 'ReturnAsStream' });
    }
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Signed in as').waitFor({ timeout: 60_000 });
    const t0 = await page.evaluate(() => window.__probe!.t0);
    const dbName = `prompt-runs-${run.userId}`;
    const onRuns = (run.screen ?? 'runs') === 'runs';
    await page.getByRole('link', { name: onRuns ? 'Runs' : 'Settings', exact: true }).click();
    const newest = !onRuns ? Promise.resolve(false) : page.waitForFunction((name) => {
      if (!document.body.innerText.includes(name)) return false;
      window.__probe!.newestAt ??= performance.now();
      return true;
    }, run.account.newestRunName, { timeout: run.capMs, polling: 100 }).then(() => true, () => false);
    let listed = false;
    void newest.then((found) => (listed = found));

    const samples: Sample[] = [];
    const expected = { runs: run.account.runs, messages: run.account.messages };
    let allRuns: number | null = null;
    let allMessages: number | null = null;
    let searchable: number | null = null;
    let nextSearch = 0;
    const deadline = Date.now() + run.capMs;
    let lastLog = 0;
    let countMs = 0;
    while (Date.now() < deadline && !(run.stopAtNewest && listed)) {
      const s = await countRows(page, dbName);
      if (s) {
        countMs = s.ms;
        const sample = { t: s.t - t0, runs: s.runs, messages: s.messages };
        samples.push(sample);
        if (allRuns === null && s.runs >= expected.runs) allRuns = sample.t;
        if (allMessages === null && s.runs >= expected.runs && s.messages >= expected.messages) allMessages = sample.t;
        if (Date.now() - lastLog > 15_000) {
          lastLog = Date.now();
          run.log(`${Math.round(sample.t / 1000)} s: ${s.runs} runs, ${s.messages} messages held`);
        }
      }
      if (allMessages !== null && Date.now() >= nextSearch) {
        // Settings on screen while syncing: the search box is the runs page's (every message is held by now).
        if (!onRuns && !(await page.getByRole('searchbox', { name: 'Search runs' }).count())) await page.getByRole('link', { name: 'Runs', exact: true }).click();
        const tried = await page.evaluate(() => performance.now());
        if (await searchFinds(page, run.rareWord, run.account.oldestRunName)) {
          searchable = tried - t0;
          break;
        }
        nextSearch = Date.now() + 2_000;
      }
      await Promise.race([new Promise((r) => setTimeout(r, Math.max(run.sampleMs, 10 * countMs))), ...(run.stopAtNewest ? [newest] : [])]);
    }
    await newest;
    const probe = await page.evaluate(() => window.__probe!);
    const requests = await page.evaluate(() => ({ ...window.__idbRequests }));
    if (run.measures) {
      const measures = await page.evaluate((t0) => performance.getEntriesByType('measure')
        .filter((m) => m.startTime >= t0).map((m) => ({ name: m.name, start: Math.round(m.startTime - t0), ms: Math.round(m.duration * 10) / 10 })), t0);
      const tasks = probe.tasks.filter((x) => x.start >= t0).map((x) => ({ start: Math.round(x.start - t0), ms: Math.round(x.duration) }));
      writeFileSync(run.measures, JSON.stringify({ measures, tasks }));
    }
    if (cdp && run.profile) {
      const { profile } = await cdp.send('Profiler.stop');
      // The long tasks beside it, in the profile's clock (µs), so a script can tell what ran in each.
      const origin = await page.evaluate(() => performance.timeOrigin);
      writeFileSync(run.profile, JSON.stringify(profile));
      writeFileSync(`${run.profile}.tasks.json`, JSON.stringify({ timeOrigin: origin, t0: probe.t0, tasks: probe.tasks }));
      const complete = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream ?? '')));
      await cdp.send('Tracing.end');
      const handle = await complete;
      // Only long tasks (≥ 50 ms; ≥ 5 ms with NEW_DEVICE_TRACE): the whole trace is hundreds of MB (at 10,000
      // runs, more than one string can hold), so its events are parsed as they are read.
      const longest = process.env.NEW_DEVICE_TRACE ? 5_000 : 50_000;
      const events: Array<{ dur?: number }> = [];
      const parser = new JSONParser({ paths: ['$.traceEvents.*'], keepStack: false });
      parser.onValue = ({ value }) => {
        if (((value as { dur?: number }).dur ?? 0) >= longest) events.push(value as { dur?: number });
      };
      for (;;) {
        const got = await cdp.send('IO.read', { handle, size: 8 << 20 });
        parser.write(got.base64Encoded ? Buffer.from(got.data, 'base64') : got.data);
        if (got.eof) break;
      }
      await cdp.send('IO.close', { handle });
      writeFileSync(`${run.profile}.long.json`, JSON.stringify(events));
    }
    const estimate = await page.evaluate(async () => {
      const e = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { indexedDB?: number } };
      return { usage: e.usage ?? null, idb: e.usageDetails?.indexedDB ?? null };
    });
    const last = samples[samples.length - 1];
    const total = expected.runs + expected.messages;
    const end = searchable ?? allMessages ?? (last?.t ?? 0);
    return {
      newestListed: probe.newestAt !== undefined ? probe.newestAt - t0 : null,
      allRuns,
      allMessages,
      searchable,
      samples,
      rateStart: rate(samples, total, 0.02, 0.12),
      rateEnd: rate(samples, total, 0.88, 0.98),
      requests,
      longTasks: probe.tasks.filter((x) => x.start >= t0 && x.start <= t0 + end).map((x) => Math.round(x.duration)),
      held: { runs: last?.runs ?? 0, messages: last?.messages ?? 0 },
      disk: { idbBytes: du(join(dir, 'Default', 'IndexedDB')), estimateUsage: estimate.usage, estimateIdb: estimate.idb },
      elapsed: Date.now() - started,
    };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
