// Runs library figures in the built app (real Chromium, real IndexedDB): 10,000 runs of one prompt (1,000 of
// them with 50 messages) seeded into the app's database; then first render of the runs sidebar, search
// keystroke → results, and the longest main-thread task while scrolling the whole list — each beside
// the baseline of doing it in memory over all runs and messages, without an index.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { messageDoc, runDoc, tokenize } from '../../../sync/search/search-tokens';
import type { Message, Run } from '../../../sync/model';
import { stats, type BenchFigure } from '../harness';
import type { AppBenchContext } from '../run-bench';
import { waitForAppDatabase } from '../support/app-database';

export const PROMPT = '00000000-0000-4000-8000-000000000003'; // "Free chat", one of the example prompts
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
// RUNS_BENCH_SCALE=0.1 makes a quick trial run of the same bench. The search part seeds its own library,
// indexed by the app itself, ten times larger (RUNS_BENCH_SEARCH_SCALE, default 10: 100,000 runs,
// 680,000 messages). BENCH_SMOKE=1: 100 runs each.
const SMOKE = process.env.BENCH_SMOKE === '1';
const SCALE = SMOKE ? 0.01 : Number(process.env.RUNS_BENCH_SCALE ?? 1);
const SEARCH_SCALE = SMOKE ? 0.01 : Number(process.env.RUNS_BENCH_SEARCH_SCALE ?? 10);
const LONG_LENGTH = 50;
const RARE = 'quokka';

/** Deterministic pseudo-random numbers (mulberry32), so every bench run sees the same data. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeData(scale: number) {
  const RUNS = Math.round(10_000 * scale);
  const LONG_RUNS = Math.round(1_000 * scale);
  const rnd = random(42);
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'do', 'gu', 'he', 'ji', 'wa', 'by', 'co', 'fe'];
  const vocab = Array.from({ length: 3000 }, () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => syllables[Math.floor(rnd() * syllables.length)]).join(''));
  const sentence = (n: number) => Array.from({ length: n }, () => vocab[Math.floor(rnd() * vocab.length)]).join(' ');
  const runs: Run[] = [];
  const messages: Message[] = [];
  const base = Date.UTC(2026, 10, 25);
  for (let i = 0; i < RUNS; i += 1) {
    const id = `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`;
    const count = i % (RUNS / LONG_RUNS) === 0 ? LONG_LENGTH : 2;
    const at = new Date(base - i * 45 * 60_000).toISOString();
    let parent: string | null = null;
    for (let m = 0; m < count; m += 1) {
      const content = sentence(20 + Math.floor(rnd() * 30)) + (i % 400 === 7 && m === count - 2 ? ` ${RARE} ` + sentence(5) : '');
      const message: Message = { id: `${id}-m${m}`, runId: id, parentId: parent, role: m % 2 ? 'assistant' : 'user', content, status: 'done', createdAt: at };
      messages.push(message);
      parent = message.id;
    }
    runs.push({
      id, prompt_id: PROMPT, user_id: null, name: `Run ${i}: ${sentence(4)}`, description: '', variable_values: {},
      settings: { provider: 'echo', model_id: 'echo' }, status: 'active', message_count: count, visible_message_count: count, is_starred: false, is_pinned: false,
      created_at: at, updated_at: at, last_message_at: at, current_leaf_id: parent,
      last_message_preview: messages[messages.length - 1]!.content.slice(0, 140), field_updated_at: {},
    });
  }
  return { runs, messages };
}

/** Each document's words once (tokenizing 700,000 messages per query would take minutes). */
function documentWords(runs: Run[], messages: Message[]): Array<[string, string[]]> {
  return [...runs.map((r): [string, string[]] => [r.id, runDoc(r).words]), ...messages.map((m): [string, string[]] => [m.runId, messageDoc(m).words])];
}

/** Runs a query finds, computed here the way the index answers it (every word a prefix of a document word). */
function expectedCount(docs: Array<[string, string[]]>, query: string): number {
  const terms = tokenize(query);
  const hit = (words: string[]) => terms.every((t) => words.some((w) => (t.length < 2 ? w === t : w.startsWith(t))));
  const ids = new Set<string>();
  for (const [runId, words] of docs) if (!ids.has(runId) && hit(words)) ids.add(runId);
  return ids.size;
}

export async function seed(page: Page, runs: Run[], messages: Message[], withIndex: boolean): Promise<void> {
  const byRun = new Map<string, Message[]>();
  for (const m of messages) byRun.set(m.runId, [...(byRun.get(m.runId) ?? []), m]);
  for (let i = 0; i < runs.length; i += 1000) {
    const chunk = runs.slice(i, i + 1000);
    const msgs = chunk.flatMap((r) => byRun.get(r.id) ?? []);
    // Marked for the app's own indexer (one marker a run, as a first sync leaves them): the app indexes them itself.
    const docs = withIndex ? chunk.map((r) => ({ id: `${r.id}\u0002`, v: 1 })) : [];
    const t0 = Date.now();
    const inPage = await page.evaluate(
      async ({ chunk, msgs, docs }) => {
        const start = performance.now();
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('prompt-runs-local');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        // Relaxed: nothing waits for a flush to disk between chunks (the app's own writes are relaxed too).
        // One transaction per chunk: Chromium writes a multi-entry index several times faster in one big
        // transaction than in many small ones.
        const tx = db.transaction(['runs', 'messages', 'searchPending'], 'readwrite', { durability: 'relaxed' });
        for (const r of chunk) tx.objectStore('runs').put(r);
        for (const m of msgs) tx.objectStore('messages').put(m);
        for (const d of docs) tx.objectStore('searchPending').put(d);
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
        db.close();
        return performance.now() - start;
      },
      { chunk, msgs, docs },
    );
    console.log(`runs bench: chunk ${i}: ${Date.now() - t0} ms (${Math.round(inPage)} ms in page)`);
  }
}

/** Baselines in the page: read everything with getAll, then filter and sort in memory, no index. */
async function baselines(page: Page, queries: string[]) {
  return page.evaluate(
    async ({ prompt, queries }) => {
      const t0 = performance.now();
      const db = await new Promise<IDBDatabase>((resolve) => {
        const req = indexedDB.open('prompt-runs-local');
        req.onsuccess = () => resolve(req.result);
      });
      // (No local named functions in here: the page does not have the bundler's helpers.)
      const all: unknown[][] = [];
      for (const store of ['runs', 'messages']) {
        if (store === 'messages') all.push([performance.now() - t0]);
        all.push(
          await new Promise<unknown[]>((resolve) => {
            const req = db.transaction(store).objectStore(store).getAll();
            req.onsuccess = () => resolve(req.result as unknown[]);
          }),
        );
      }
      const runs = all[0] as Array<{ id: string; prompt_id: string; status: string; last_message_at: string; name: string }>;
      const runsLoadedMs = (all[1] as number[])[0]!;
      const messages = all[2] as Array<{ runId: string; content: string }>;
      const firstChunkStart = performance.now();
      const firstChunk = runs.filter((r) => r.prompt_id === prompt && r.status === 'active').sort((a, b) => (a.last_message_at < b.last_message_at ? 1 : -1)).slice(0, 20);
      const sortMs = performance.now() - firstChunkStart;
      const loadAllMs = performance.now() - t0;
      db.close();
      const perQuery = queries.map((q) => {
        const s = performance.now();
        const needle = q.toLowerCase();
        const ids = new Set(runs.filter((r) => r.name.toLowerCase().includes(needle)).map((r) => r.id));
        for (const m of messages) if (m.content.toLowerCase().includes(needle)) ids.add(m.runId);
        return { ms: performance.now() - s, hits: ids.size };
      });
      return { runsLoadedMs, sortMs, loadAllMs, perQuery, firstChunk: firstChunk.length, messages: messages.length };
    },
    { prompt: PROMPT, queries },
  );
}

export async function openSidebar(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const toggle = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Previous runs'))!;
    const t0 = performance.now();
    toggle.click();
    // A bench that waits forever stops the whole of npm run bench: give up, saying on what.
    while (performance.now() - t0 < 30_000) {
      await new Promise(requestAnimationFrame);
      if (document.querySelector('#previous-runs [role="listitem"][aria-label]')) return performance.now() - t0;
    }
    throw new Error('Previous runs listed no run within 30 s');
  });
}

/**
 * Closes the sidebar and waits until the runner's own button says so too: the wide-screen sidebar's open
 * state reaches the runner's after a render, and a click on "Previous runs" before that would close it.
 */
export async function closeSidebar(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Close previous runs' }).click();
  await page.waitForFunction(() => !document.querySelector('#previous-runs')
    && document.querySelector('[aria-controls="previous-runs"]')?.getAttribute('aria-expanded') === 'false', undefined, { timeout: 10_000 });
}

async function typeAndWait(page: Page, text: string): Promise<number> {
  return page.evaluate(async (text) => {
    const input = document.querySelector<HTMLInputElement>('input[aria-label="Search runs"]')!;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const t0 = performance.now();
    setter.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const query = text.trim();
    while (performance.now() - t0 < 30_000) {
      await new Promise(requestAnimationFrame);
      if (document.querySelector(`[data-results-for="${query}"]`)) return performance.now() - t0;
    }
    throw new Error(`No results for “${query}” within 30 s`);
  }, text);
}

/** Scroll the sidebar list to its very end (loading chunk after chunk) while watching long tasks. */
export async function scrollAll(page: Page, capMs: number) {
  return page.evaluate(async (capMs) => {
    const tasks: number[] = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration)));
    observer.observe({ type: 'longtask', buffered: false });
    const scroller = document.querySelector<HTMLElement>('#previous-runs [data-runs-scroller]')!;
    const t0 = performance.now();
    let still = 0;
    let last = -1;
    // The longest interval between two animation frames: no task can be longer than the frame it delays,
    // and, unlike the long-task list (only tasks of 50 ms and more), it says how close to 50 ms we are.
    let frame = await new Promise<number>(requestAnimationFrame);
    let longestFrame = 0;
    while (performance.now() - t0 < capMs) {
      scroller.scrollTop += 900;
      const next = await new Promise<number>(requestAnimationFrame);
      longestFrame = Math.max(longestFrame, next - frame);
      frame = next;
      if (scroller.scrollTop === last) {
        // At the end for now: wait for the next chunk, stop when none comes.
        if (++still > 120) break;
      } else {
        still = 0;
        last = scroller.scrollTop;
      }
    }
    await new Promise((r) => setTimeout(r, 200));
    observer.disconnect();
    const items = [...scroller.querySelectorAll('[role="listitem"][aria-label]')].map((e) => e.getAttribute('aria-label') ?? '');
    return { ms: performance.now() - t0, tasks, longestFrame, lastVisible: items[items.length - 1] ?? '' };
  }, capMs);
}

/**
 * The main thread's CPU time in the longest task while `run` runs, from a Chrome trace. On a shared
 * two-core machine a long task's wall time is mostly time spent waiting for a core; its CPU time says
 * how much work the page itself did in one go.
 */
async function longestTaskCpu<T>(page: Page, run: () => Promise<T>) {
  // Traced through the page's own DevTools session: the page lives in a browser of its own (a profile on
  // disk), which the bench's shared browser cannot trace.
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline'] }, transferMode: 'ReportEvents' });
  const result = await run();
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && mains.has(`${e.pid}:${e.tid}`));
  // The page's main thread is the renderer main thread that ran the most tasks.
  const perThread = new Map<string, TraceEvent[]>();
  for (const t of tasks) {
    const key = `${t.pid}:${t.tid}`;
    perThread.set(key, perThread.get(key) ?? []).get(key)!.push(t);
  }
  const own = [...perThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const longest = own.reduce<TraceEvent | null>((a, t) => ((t.tdur ?? 0) > (a?.tdur ?? -1) ? t : a), null);
  return { result, cpuMs: Math.round((longest?.tdur ?? 0) / 1000), wallMs: Math.round((longest?.dur ?? 0) / 1000) };
}

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * A browser context whose app database holds `data`, and a page of it that has never run the seeding.
 * The seeding page passes ~70,000 messages through page.evaluate; measuring in that same page (even after
 * navigating) measured its leftovers too: its renderer kept a ~110 MB heap, so each full garbage
 * collection while scrolling paused 50–110 ms where the app alone pauses about 20 ms.
 */
async function seededApp(_browser: AppBenchContext['browser'], appUrl: string, data: { runs: Run[]; messages: Message[] }, withIndex: boolean) {
  // A profile on disk, as on a device (an incognito context keeps IndexedDB in memory).
  const dir = mkdtempSync(join(tmpdir(), 'prompt-runs-bench-runs-'));
  const persistent = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
  const closeBrowser = persistent.close.bind(persistent);
  const context = Object.assign(persistent, {
    close: async () => {
      await closeBrowser();
      rmSync(dir, { recursive: true, force: true });
    },
  });
  const seeding = await context.newPage();
  await seeding.goto(`${appUrl}/ai/prompts/runs`);
  await seeding.getByText('No saved runs yet').waitFor({ timeout: 60_000 });
  await waitForAppDatabase(seeding);
  const started = Date.now();
  await seed(seeding, data.runs, data.messages, withIndex);
  log(`seeded ${data.runs.length} runs, ${data.messages.length} messages ${withIndex ? 'marked for indexing' : 'without search index'} in ${Date.now() - started} ms`);
  await seeding.close();
  const page = await context.newPage();
  await page.goto(`${appUrl}/ai/prompts/run/${PROMPT}/${data.runs[0]!.id}`);
  await page.getByRole('button', { name: 'Previous runs' }).waitFor();
  if (withIndex) {
    const t0 = Date.now();
    await waitForIndexed(page);
    log(`the app had indexed all ${data.messages.length} messages ${Date.now() - t0} ms after the page opened (it may have begun in the seeding page)`);
  }
  return { context, page };
}

/** Until the app's indexer has taken every marker (read straight from IndexedDB, every second). */
async function waitForIndexed(page: Page, timeoutMs = 1_800_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await page.evaluate(() => new Promise<number>((resolve, reject) => {
      const open = indexedDB.open('prompt-runs-local');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const req = open.result.transaction('searchPending').objectStore('searchPending').count();
        req.onsuccess = () => {
          open.result.close();
          resolve(req.result);
        };
        req.onerror = () => reject(req.error);
      };
    }));
    if (left === 0) return;
    if (Date.now() > deadline) throw new Error(`The app had not indexed the library after ${timeoutMs / 1000} s (${left} runs left)`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** The page's JavaScript heap after a full collection, in MB (printed beside the figures it bears on). */
async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return Math.round(usedSize / 1e5) / 10;
}

const log = (what: string) => console.log(`runs bench: ${what}`);

/** Search keystroke → results on screen, typing into "Search runs" over a library with the word index. */
async function searchFigure(browser: AppBenchContext['browser'], appUrl: string): Promise<BenchFigure> {
  // Part 2, search: a library with the word index written, then typing into "Search runs".
  const small = makeData(SEARCH_SCALE);
  const search = await seededApp(browser, appUrl, small, true);
  const page = search.page;
  await openSidebar(page);
  log(`page heap before typing: ${await heapMb(page)} MB`);
  const words = ['q', 'qu', 'quo', 'quok', 'quokk', 'quokka'];
  const common = small.runs[5]!.name.split(' ')[2]!; // a vocabulary word: many runs use it
  const typed = [...words, '', ...[1, 2, 3, 4, common.length].map((n) => common.slice(0, n))];
  const keystrokes: number[] = [];
  const perKey: string[] = [];
  const docs = documentWords(small.runs, small.messages);
  // The sequence typed three times: a figure of 33 keystrokes, not 11.
  for (let round = 0; round < 3; round += 1) {
    for (const text of typed) {
      const ms = await typeAndWait(page, text);
      if (text) {
        keystrokes.push(ms);
        if (round === 0) perKey.push(`${text}: ${Math.round(ms)} ms (${expectedCount(docs, text)} runs)`);
      }
    }
  }
  log(`keystrokes (first round) ${perKey.join('; ')}`);
  const searchBase = await baselines(page, typed.filter(Boolean));
  await search.context.close();

  return {
    name: `Search keystroke → results on screen (word index; ${small.runs.length} runs, ${small.messages.length} messages)`,
    unit: 'ms',
    value: stats(keystrokes),
    goal: '≤ 50 ms',
    baseline: {
      name: `no index: substring filter over all messages already in memory (loading them first took ${Math.round(searchBase.loadAllMs)} ms)`,
      value: stats(searchBase.perQuery.map((q) => q.ms)),
    },
  };
}

export default async function runsLibraryBench({ browser, appUrl }: AppBenchContext): Promise<BenchFigure[]> {
  // RUNS_BENCH_ONLY=search measures the search alone (the list part takes minutes).
  if (process.env.RUNS_BENCH_ONLY === 'search') return [await searchFigure(browser, appUrl)];

  // Part 1, the list at full size: 10,000 runs of one prompt, 1,000 of them with 50 messages.
  const { runs, messages } = makeData(SCALE);
  const list = await seededApp(browser, appUrl, { runs, messages }, false);
  const page = list.page;
  await page.evaluate(() => sessionStorage.removeItem('prompt-runs:sidebar-open'));
  const firstRender: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    firstRender.push(await openSidebar(page));
    await closeSidebar(page);
  }
  await openSidebar(page);
  log(`page heap before scrolling: ${await heapMb(page)} MB`);
  // RUNS_BENCH_PROFILE=file.json writes a CPU profile of the scroll (for finding what a long task does).
  const profileTo = process.env.RUNS_BENCH_PROFILE;
  const cdp = profileTo ? await page.context().newCDPSession(page) : null;
  if (cdp) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
  const scrolled = await scrollAll(page, 300_000);
  if (cdp && profileTo) writeFileSync(profileTo, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  log(`scrolled to “${scrolled.lastVisible.slice(0, 30)}” in ${Math.round(scrolled.ms)} ms; long tasks: ${scrolled.tasks.map(Math.round).join(', ') || 'none'}; longest frame ${Math.round(scrolled.longestFrame)} ms`);
  // A second scroll of the whole list, from a fresh sidebar, under a trace: the CPU time of its longest task.
  await closeSidebar(page);
  await openSidebar(page);
  const traced = await longestTaskCpu(page, () => scrollAll(page, 300_000));
  log(`traced scroll to “${traced.result.lastVisible.slice(0, 30)}”: most CPU in one task ${traced.cpuMs} ms (that task took ${traced.wallMs} ms)`);
  const listBase = await baselines(page, []);
  await list.context.close();

  // Part 2, search, in a library of its own with the word index written.
  const searchFig = await searchFigure(browser, appUrl);

  return [
    {
      name: `Runs sidebar first render (${runs.length} runs of the prompt, ${messages.length} messages): click → first run on screen`,
      unit: 'ms',
      value: stats(firstRender),
      baseline: { name: 'no index: getAll every run, filter and sort in memory for the first 20', value: Math.round(listBase.runsLoadedMs + listBase.sortMs) },
    },
    searchFig,
    {
      name: `Longest main-thread task while scrolling the whole sidebar list (${runs.length} runs, chunks of 20, ${Math.round(scrolled.ms / 1000)} s, reached “${scrolled.lastVisible.split(':')[0]}”): the longest frame, which bounds it; the browser's long tasks (50 ms and over): ${scrolled.tasks.map(Math.round).join(', ') || 'none'}`,
      unit: 'ms',
      value: Math.round(Math.max(scrolled.longestFrame, ...scrolled.tasks)),
      goal: '≤ 50 ms',
      baseline: { name: 'no index: one in-memory filter+sort of all runs (a single synchronous task)', value: Math.round(listBase.sortMs) },
    },
    {
      name: `Most main-thread CPU time in one task while scrolling the whole sidebar list again under a trace (reached “${traced.result.lastVisible.split(':')[0]}”; that task's wall time ${traced.wallMs} ms)`,
      unit: 'ms',
      value: traced.cpuMs,
      goal: '≤ 50 ms',
      baseline: { name: 'no index: one in-memory filter+sort of all runs (a single synchronous task)', value: Math.round(listBase.sortMs) },
    },
  ];
}
