// A first visit of the prompts page on an emulated phone (4× CPU slowdown, as Lighthouse's mobile preset),
// each visit in a new browser (nothing compiled or cached yet): the main thread's blocking time after the
// first contentful paint (the sum of every long task's part over 50 ms, Lighthouse's "total blocking time",
// which decides most of its performance score here), the longest task, and how many tasks passed 50 ms.
// Beside the app at another commit, served in the same run, visits alternating.
//
// FIRST_VISIT_COMPARE=<rev> (default: 600e3db, main before the start-up work of this figure's first
// report; BENCH_BASELINE_COMMIT also sets it), FIRST_VISIT_VISITS (per app, 12), FIRST_VISIT_BASELINE=0
// skips the baseline (the smoke run does).
import { chromium, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stats, type BenchFigure } from '../harness';
import type { AppBenchContext } from '../run-bench';
import { serveBaselineApp } from '../support/baseline-app';
import { CHROMIUM_ARGS } from '../../../playwright.config';

const SMOKE = process.env.BENCH_SMOKE === '1';
const VISITS = SMOKE ? 1 : Number(process.env.FIRST_VISIT_VISITS ?? 12);
const WITH_BASELINE = !SMOKE && process.env.FIRST_VISIT_BASELINE !== '0';
const COMPARE = process.env.FIRST_VISIT_COMPARE ?? process.env.BENCH_BASELINE_COMMIT ?? '600e3db';
/** How long after the navigation the page is watched: a first visit's writes and queries end within 3 s. */
const WATCH_MS = 6_000;

interface Visit {
  blocking: number;
  longest: number;
  longTasks: number;
}

async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: Array<[number, number]> = [];
    (window as unknown as { __longTasks: typeof seen }).__longTasks = seen;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) seen.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  });
}

async function visit(appUrl: string): Promise<Visit> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
    await watchLongTasks(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${appUrl}/ai/prompts`);
    await page.getByRole('heading', { name: 'Free chat' }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(WATCH_MS);
    const { tasks, fcp } = await page.evaluate(() => ({
      tasks: (window as unknown as { __longTasks: Array<[number, number]> }).__longTasks,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0,
    }));
    // As Lighthouse counts it: only what a task blocks after the first contentful paint.
    const blocking = tasks.reduce((sum, [start, ms]) => sum + Math.max(0, ms - Math.max(0, fcp - start) - 50), 0);
    return { blocking: Math.round(blocking), longest: Math.round(Math.max(0, ...tasks.map(([, ms]) => ms))), longTasks: tasks.length };
  } finally {
    await browser.close();
  }
}

export default async function firstVisitBench({ appUrl }: AppBenchContext): Promise<BenchFigure[]> {
  const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  let baseline: { label: string; url: string; close: () => Promise<void> } | null = null;
  if (WITH_BASELINE) {
    const commit = execFileSync('git', ['-C', root, 'rev-parse', '--verify', `${COMPARE}^{commit}`]).toString().trim();
    const served = await serveBaselineApp(root, commit);
    if ('unavailable' in served) throw new Error(served.unavailable);
    baseline = { label: `the app at ${commit.slice(0, 7)}, same run, visits alternating`, ...served };
  }
  const ours: Visit[] = [];
  const theirs: Visit[] = [];
  try {
    for (let i = 0; i < VISITS; i += 1) {
      // Alternating which goes first, so a host that gets busier favours neither.
      if (baseline && i % 2 === 1) theirs.push(await visit(baseline.url));
      ours.push(await visit(appUrl));
      if (baseline && i % 2 === 0) theirs.push(await visit(baseline.url));
    }
  } finally {
    await baseline?.close();
  }
  const figure = (name: string, unit: string, pick: (v: Visit) => number, goal?: string): BenchFigure => ({
    name: `First visit of the prompts page, new browser each time, 4× CPU slowdown (${VISITS} visits): ${name}`,
    unit,
    value: stats(ours.map(pick)),
    ...(goal ? { goal } : {}),
    ...(baseline ? { baseline: { name: baseline.label, value: stats(theirs.map(pick)) } } : {}),
  });
  return [
    figure('blocking time after the first contentful paint (Lighthouse\'s total blocking time)', 'ms', (v) => v.blocking, '≤ 200 ms (Lighthouse\'s mark for a good score)'),
    figure('longest main-thread task', 'ms', (v) => v.longest),
    figure('main-thread tasks over 50 ms', 'tasks', (v) => v.longTasks),
  ];
}
