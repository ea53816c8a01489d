// Import figures in the built app (real Chromium, IndexedDB on disk): a ChatGPT data export of 10,000
// conversations (tests/bench/support/chatgpt-export.ts: mapping trees with branches, ~13 messages each,
// ~175 MB) chosen in the runs page's Import. Measured: file chosen → the "… imported" report on screen; the
// peak memory of the page's renderer process (the page and its import worker: Chromium runs a dedicated
// worker in its page's renderer) and of the browser process (where Chromium's IndexedDB writes: its
// StorageService utility process wrote nothing in a check); the page's JS heap, sampled; the
// longest main-thread task while importing. Baseline in the same run, in a browser of its own: the same
// file read and `JSON.parse`d in a page of the app (time, the same memory figures, and the parse as one task).
// BENCH_SMOKE=1: 40 conversations; IMPORT_BENCH_CONVERSATIONS sets the count. IMPORT_BENCH_PROFILE=<file>
// writes a CPU profile of the page's main thread (one per app compared). IMPORT_BENCH_COMPARE=<rev>,<rev>
// also imports the same file through the app of those commits (built from git), in the same run,
// alternating with this checkout's app for IMPORT_BENCH_TRIALS rounds (default 1).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { stats, type BenchFigure } from '../harness';
import type { AppBenchContext } from '../run-bench';
import { waitForAppDatabase } from '../support/app-database';
import { writeChatGptExport } from '../support/chatgpt-export';
import { busiestRendererMb, chromiumProcesses, residentMb, resetPeaks } from '../support/process-memory';
import { serveBaselineApp } from '../support/baseline-app';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const log = (what: string) => console.log(`import bench: ${what}`);

/** A browser of its own on a profile on disk (an incognito context keeps IndexedDB in memory, which no device does). */
async function launch(appUrl: string): Promise<{ context: BrowserContext; page: Page; dir: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'prompt-runs-bench-import-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
  // tsx (keepNames) wraps the named functions of page.evaluate bodies in a __name helper the page lacks.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${appUrl}/ai/prompts/runs`);
  await page.getByText('No saved runs yet').waitFor({ timeout: 60_000 });
  await waitForAppDatabase(page);
  return { context, page, dir, close: async () => {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  } };
}

/** The page's JavaScript heap in MB (after a full collection when `collect`). */
async function heapMb(page: Page, collect: boolean): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  if (collect) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return Math.round(usedSize / 1e5) / 10;
}

/** Baseline: the file read whole and parsed with JSON.parse in a page of the app, `rounds` times. */
async function parseBaseline(appUrl: string, file: string, rounds: number) {
  const b = await launch(appUrl);
  try {
    await b.page.evaluate(() => {
      const input = Object.assign(document.createElement('input'), { type: 'file', id: 'bench-file' });
      document.body.append(input);
    });
    await b.page.setInputFiles('#bench-file', file);
    const procs = chromiumProcesses(b.dir);
    const heapBefore = await heapMb(b.page, true);
    const times: number[] = [];
    const parseTask: number[] = [];
    let rendererPeak = 0;
    let browserPeak = 0;
    let heapHeld = 0;
    for (let i = 0; i < rounds; i += 1) {
      resetPeaks([...procs.renderers, ...(procs.browser ? [procs.browser] : [])]);
      const r = await b.page.evaluate(async () => {
        const input = document.querySelector<HTMLInputElement>('#bench-file')!;
        const t0 = performance.now();
        const text = await input.files![0]!.text();
        const t1 = performance.now();
        const parsed = JSON.parse(text) as unknown[];
        const t2 = performance.now();
        (window as unknown as { __held: unknown }).__held = [text, parsed];
        return { total: t2 - t0, parse: t2 - t1, count: parsed.length };
      });
      times.push(r.total);
      parseTask.push(r.parse);
      // What the page holds with the text and its parsed tree alive (as a caller of JSON.parse does).
      heapHeld = Math.max(heapHeld, await heapMb(b.page, true));
      rendererPeak = Math.max(rendererPeak, busiestRendererMb(procs.renderers).peak);
      if (procs.browser) browserPeak = Math.max(browserPeak, residentMb([procs.browser]).peak);
      await b.page.evaluate(() => delete (window as unknown as { __held?: unknown }).__held);
      await heapMb(b.page, true);
      if (i === 0) log(`JSON.parse baseline: ${r.count} conversations, ${Math.round(r.total)} ms (parse alone ${Math.round(r.parse)} ms)`);
    }
    return { time: stats(times), parse: stats(parseTask), heapBefore, heapHeld, rendererPeak, browserPeak };
  } finally {
    await b.close();
  }
}

interface ImportWatch {
  start: number;
  end: number;
  text: string;
  tasks: number[];
  longestFrame: number;
}

/** Import through the runs page's Import button, watching the page while it works. */
async function importThroughApp(appUrl: string, file: string, timeoutMs: number, tag = 'ours') {
  const b = await launch(appUrl);
  try {
    const page = b.page;
    await page.evaluate(() => {
      const w: ImportWatch = { start: 0, end: 0, text: '', tasks: [], longestFrame: 0 };
      (window as unknown as { __import: ImportWatch }).__import = w;
      document.addEventListener('change', (e) => {
        if ((e.target as HTMLElement).getAttribute('aria-label') === 'Import file') w.start = performance.now();
      }, true);
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (w.start && !w.end && e.startTime >= w.start) w.tasks.push(e.duration);
      }).observe({ type: 'longtask' });
      // The longest gap between two frames bounds every task in it (long tasks list only those of 50 ms and more).
      let previous = performance.now();
      const tick = (t: number) => {
        if (w.start && !w.end) w.longestFrame = Math.max(w.longestFrame, t - Math.max(previous, w.start));
        previous = t;
        if (!w.end) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      new MutationObserver(() => {
        if (!w.start || w.end) return;
        const said = [...document.querySelectorAll('[role="status"], [role="alert"]')].map((e) => e.textContent ?? '').find((t) => / imported|Import failed/.test(t));
        if (said) {
          w.end = performance.now();
          w.text = said;
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const procs = chromiumProcesses(b.dir);
    const before = { renderer: busiestRendererMb(procs.renderers).now, browser: procs.browser ? residentMb([procs.browser]).now : 0, heap: await heapMb(page, true) };
    resetPeaks([...procs.renderers, ...(procs.browser ? [procs.browser] : [])]);
    // The page's heap, sampled while it imports (a sample every ~half second; the worker's is in the renderer's).
    const cdp = await page.context().newCDPSession(page);
    // IMPORT_BENCH_PROFILE=file.cpuprofile writes a CPU profile of the page's main thread while it imports.
    const profileTo = process.env.IMPORT_BENCH_PROFILE?.replace(/(\.cpuprofile)?$/, tag === 'ours' ? '$1' : `-${tag}$1`);
    if (profileTo) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
    let heapPeak = 0;
    const started = Date.now();
    await page.getByLabel('Import file').setInputFiles(file);
    for (;;) {
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      heapPeak = Math.max(heapPeak, usedSize / 1e6);
      const done = await page.evaluate(() => (window as unknown as { __import: ImportWatch }).__import.end > 0);
      if (done) break;
      if (Date.now() - started > timeoutMs) throw new Error(`The import had not finished after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 500));
    }
    if (profileTo) writeFileSync(profileTo, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    await cdp.detach();
    const watch = await page.evaluate(() => (window as unknown as { __import: ImportWatch }).__import);
    const peaks = { renderer: busiestRendererMb(procs.renderers).peak, browser: procs.browser ? residentMb([procs.browser]).peak : 0 };
    log(`${watch.text.trim()} in ${Math.round(watch.end - watch.start)} ms; long tasks (≥ 50 ms): ${watch.tasks.length} (${watch.tasks.map(Math.round).sort((a, b) => b - a).slice(0, 8).join(', ') || 'none'}); longest frame ${Math.round(watch.longestFrame)} ms`);
    log(`renderer RSS ${before.renderer} MB before, peak ${peaks.renderer} MB; browser process (IndexedDB) ${before.browser} MB before, peak ${peaks.browser} MB; page heap ${before.heap} MB before, peak sampled ${Math.round(heapPeak)} MB`);
    if (!/imported from ChatGPT/.test(watch.text)) throw new Error(`The import did not report an import: “${watch.text}”`);
    return { ms: watch.end - watch.start, text: watch.text.trim(), tasks: watch.tasks, longestFrame: watch.longestFrame, before, peaks, heapPeak: Math.round(heapPeak * 10) / 10 };
  } finally {
    await b.close();
  }
}

export async function importFigures(appUrl: string, conversations: number, parseRounds: number) {
  const dir = mkdtempSync(join(tmpdir(), 'prompt-runs-bench-export-'));
  try {
    const file = join(dir, 'conversations.json');
    const written = writeChatGptExport(file, conversations);
    const mb = Math.round(written.bytes / 1e5) / 10;
    log(`conversations.json: ${conversations} conversations, ${written.messages} messages, ${mb} MB`);
    const parse = await parseBaseline(appUrl, file, parseRounds);
    const rounds = await importRounds(appUrl, file);
    return { conversations, messages: written.messages, mb, parse, ...rounds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Imported = Awaited<ReturnType<typeof importThroughApp>>;

/**
 * The import through this checkout's app, and (IMPORT_BENCH_COMPARE) through other commits' apps, in
 * rounds: each commit's app then this one's, IMPORT_BENCH_TRIALS times. Ours is the median round.
 */
async function importRounds(appUrl: string, file: string) {
  const revs = (process.env.IMPORT_BENCH_COMPARE ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const trials = revs.length ? Number(process.env.IMPORT_BENCH_TRIALS ?? 1) : 1;
  const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  const apps: Array<{ label: string; url: string; close: () => Promise<void>; runs: Imported[] }> = [];
  const ours: Imported[] = [];
  try {
    for (const rev of revs) {
      const commit = execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`]).toString().trim();
      const served = await serveBaselineApp(root, commit);
      if ('unavailable' in served) throw new Error(served.unavailable);
      apps.push({ label: `${rev} (${commit.slice(0, 7)})`, ...served, runs: [] });
    }
    for (let t = 0; t < trials; t += 1) {
      for (const app of apps) {
        log(`round ${t + 1}: the app at ${app.label}`);
        app.runs.push(await importThroughApp(app.url, file, 30 * 60_000, app.label.split(' ')[0]!.replace(/\W/g, '_')));
      }
      if (apps.length) log(`round ${t + 1}: this checkout`);
      ours.push(await importThroughApp(appUrl, file, 30 * 60_000));
    }
  } finally {
    for (const app of apps) await app.close();
  }
  const byTime = [...ours].sort((a, b) => a.ms - b.ms);
  return { imported: byTime[Math.floor((byTime.length - 1) / 2)]!, ours, compared: apps.map(({ label, runs }) => ({ label, runs })) };
}

export default async function importBench({ appUrl }: AppBenchContext): Promise<BenchFigure[]> {
  const smoke = process.env.BENCH_SMOKE === '1';
  const count = smoke ? 40 : Number(process.env.IMPORT_BENCH_CONVERSATIONS ?? 10_000);
  const f = await importFigures(appUrl, count, smoke ? 1 : 3);
  const what = `a ${f.conversations.toLocaleString('en')}-conversation ChatGPT export (${f.mb} MB, ${f.messages.toLocaleString('en')} messages)`;
  const i = f.imported;
  const longest = (runs: Imported[]) => Math.max(...runs.map((t) => Math.round(Math.max(t.longestFrame, ...t.tasks))));
  const compared: BenchFigure[] = f.compared.flatMap(({ label, runs }) => [
    { name: `Import of ${what}: this checkout beside the app at ${label}, same run, rounds alternating`, unit: 'ms', value: stats(f.ours.map((t) => t.ms)), baseline: { name: `the app at ${label}`, value: stats(runs.map((t) => t.ms)) } },
    { name: `Import of ${what}: longest main-thread task, this checkout beside the app at ${label}`, unit: 'ms', value: longest(f.ours), baseline: { name: `the app at ${label}`, value: longest(runs) } },
  ]);
  return [
    ...compared,
    {
      name: `Import of ${what} through Import on the runs page: file chosen → “${i.text}” on screen`,
      unit: 'ms',
      value: Math.round(i.ms),
      baseline: { name: `the same file read and JSON.parse'd in a page of the app (${f.parse.time.n} rounds; stores nothing)`, value: f.parse.time },
    },
    {
      name: `Import of ${what}: peak resident memory of the renderer (the page and its import worker; ${i.before.renderer} MB before the import). The browser process, where Chromium's IndexedDB writes, peaked at ${i.peaks.browser} MB (${i.before.browser} MB before)`,
      unit: 'MB',
      value: i.peaks.renderer,
      baseline: { name: `the renderer's peak while reading and JSON.parse'ing the file (browser process ${f.parse.browserPeak} MB)`, value: f.parse.rendererPeak },
    },
    {
      name: `Import of ${what}: the page's JavaScript heap, highest of samples every ~0.5 s (${i.before.heap} MB before; the worker's heap is in the renderer figure above)`,
      unit: 'MB',
      value: i.heapPeak,
      baseline: { name: `the page's heap holding the file's text and its JSON.parse tree (${f.parse.heapBefore} MB before)`, value: f.parse.heapHeld },
    },
    {
      name: `Import of ${what}: longest main-thread task while importing (the longest gap between frames, which bounds it; ${i.tasks.length} long tasks of 50 ms or more)`,
      unit: 'ms',
      value: Math.round(Math.max(i.longestFrame, ...i.tasks)),
      goal: 'the page never freezes (≤ 50 ms, as for scrolling)',
      baseline: { name: 'JSON.parse of the same file: one task, the page frozen throughout', value: f.parse.parse },
    },
  ];
}
