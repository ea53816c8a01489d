// Lighthouse (mobile preset: emulated phone, simulated slow 4G and 4× CPU slowdown) on the built app in the
// system Chromium, plus installability checked the way Chromium itself decides it, since Lighthouse 12 has
// no PWA category: manifest fields, real icon files of the declared sizes, and a controlling service worker.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { launchProfile, makeProfileDir, startAppServer, waitForServiceWorkerControl } from './pwa-support';

const DIST = process.env.E2E_DIST ?? 'dist';
const PORT = Number(process.env.E2E_LIGHTHOUSE_PORT ?? 4363);

function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = '89504e470d0a1a0a';
  if (bytes.subarray(0, 8).toString('hex') !== signature || bytes.subarray(12, 16).toString('ascii') !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * The CPU slowdown that makes this host the preset's emulated phone. Lighthouse's 4× assumes a high-end
 * desktop host (BenchmarkIndex 1500-2000; docs/throttling.md, "Calibrating the CPU slowdown"), and the docs
 * send slower hosts to the calculator they link (lighthouse-cpu-throttling-calculator), whose points are
 * 1533 → 4×, 1300 → 3×, 800 → 2×, 150 → 1×, linear between them. Those points are used here as they are,
 * with the preset's 4× as the ceiling (a faster host keeps Lighthouse's default, which is what others'
 * reports use) and 1× as the floor (never a speed-up). A busy host measures a low index because its tasks
 * wait for a core; Lighthouse's simulation multiplies the tasks' observed wall time, so the lower slowdown
 * keeps the emulated phone the same instead of a much slower one. Each run's index is recorded beside its
 * score, so a host that changed speed during the test shows in the summary.
 */
function cpuSlowdownFor(benchmarkIndex: number): number {
  const points: Array<[number, number]> = [[150, 1], [800, 2], [1300, 3], [1533, 4]];
  if (benchmarkIndex >= 1533) return 4;
  if (benchmarkIndex <= 150) return 1;
  const upper = points.findIndex(([index]) => index >= benchmarkIndex);
  const [x0, y0] = points[upper - 1]!;
  const [x1, y1] = points[upper]!;
  return Math.round((y0 + ((benchmarkIndex - x0) / (x1 - x0)) * (y1 - y0)) * 10) / 10;
}
/** The share of the host's CPU time (every core, steal included) spent busy over the next `ms`. */
async function hostBusy(ms: number): Promise<number> {
  const sample = () => {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3]! + (fields[4] ?? 0); // idle + iowait
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  };
  const before = sample();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = sample();
  return 1 - (after.idle - before.idle) / Math.max(1, after.total - before.total);
}

/**
 * Waits, up to a minute, until the host is quiet (under 15% busy over a second): Lighthouse's own advice
 * for stable scores is a machine with nothing else competing for its CPU, and a score taken while another
 * process holds a core measures that process, not the app. Returns the busy share it started at, and the
 * busiest processes when the host never got quiet, for the summary.
 */
async function waitForQuietHost(): Promise<string> {
  if (process.platform !== 'linux') return 'host load not read';
  const first = await hostBusy(1_000);
  let busy = first;
  const deadline = Date.now() + 60_000;
  while (busy > 0.15 && Date.now() < deadline) busy = await hostBusy(1_000);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  if (busy <= 0.15) return first > 0.15 ? `host ${pct(first)} busy, quiet after waiting` : `host ${pct(first)} busy`;
  const top = execFileSync('ps', ['-eo', 'pcpu,comm', '--sort=-pcpu', '--no-headers'], { encoding: 'utf8' }).split('\n').slice(0, 3).map((l) => l.trim()).join(', ');
  return `host still ${pct(busy)} busy after a minute (${top})`;
}

/** One run's score varies by up to ±0.1 on this 2-core host (its tasks' wall time, which Lighthouse's
 *  simulation multiplies, is mostly time the main thread waits for a core): the goal holds for the median. */
const RUNS = 5;
const MIN_PERFORMANCE = 0.9;

test('Lighthouse mobile: performance ≥ 0.9, accessibility ≥ 0.95, best practices ≥ 0.95 (median of five runs)', async () => {
  test.setTimeout(900_000);
  const server = await startAppServer(DIST, PORT);
  const { launch } = await import('chrome-launcher');
  const { default: lighthouse } = await import('lighthouse');
  // The preset's network throttling (simulated slow 4G), kept as is when only the CPU slowdown changes.
  const { throttling } = await import('lighthouse/core/config/constants.js');
  try {
    let runIndex = 0;
    const hostLoad: string[] = [];
    const audit = async (cpuSlowdownMultiplier?: number) => {
      hostLoad.push(await waitForQuietHost());
      const settings = cpuSlowdownMultiplier
        ? { extends: 'lighthouse:default' as const, settings: { throttling: { ...throttling.mobileSlow4G, cpuSlowdownMultiplier } } }
        : undefined;
      // A new browser for each run, as Lighthouse's CLI does: a first visit. Runs in one browser find the
      // scripts already compiled in its memory (a start one run before scored 0.93 alone, 0.95-1.0 after).
      const chrome = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS] });
      const result = await lighthouse(`${server.url}/ai/prompts`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] }, settings).finally(() => chrome.kill());
      const lhr = result?.lhr;
      if (!lhr) throw new Error('Lighthouse returned no report');
      expect(lhr.runtimeError, lhr.runtimeError?.message).toBeUndefined();
      expect(lhr.configSettings.formFactor).toBe('mobile');
      // Kept beside the test's output so a score can be explained afterwards (LCP element, long tasks, ...).
      writeFileSync(test.info().outputPath(`lighthouse-${++runIndex}-cpu${cpuSlowdownMultiplier ?? 4}x.json`), JSON.stringify(lhr));
      return lhr;
    };
    // First run with the preset as is; its BenchmarkIndex says how fast this host is right now. On a slower
    // or busy host (a shared 2-core CI box), scale the slowdown as Lighthouse's docs say, so the emulated
    // phone stays the same mid-tier phone instead of a much slower one; then take the median of five runs.
    const first = await audit();
    const hostIndex = first.environment.benchmarkIndex;
    const multiplier = cpuSlowdownFor(hostIndex);
    const reports = multiplier === 4 ? [first] : [];
    while (reports.length < RUNS) reports.push(await audit(multiplier === 4 ? undefined : multiplier));
    const score = (lhr: typeof first, id: string) => lhr.categories[id]?.score ?? 0;
    reports.sort((a, b) => score(a, 'performance') - score(b, 'performance'));
    const median = reports[Math.floor(reports.length / 2)]!;
    const failing = Object.values(median.audits)
      .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable')
      .map((a) => `${a.id}: ${a.score} ${a.displayValue ?? ''}`);
    const summary =
      `host BenchmarkIndex ${Math.round(hostIndex)}, CPU slowdown ${multiplier}×, performance runs ${reports.map((r) => `${score(r, 'performance')} (index ${Math.round(r.environment.benchmarkIndex)})`).join(', ')}` +
      ` (preset 4× run: ${score(first, 'performance')}); median ${JSON.stringify({ performance: score(median, 'performance'), accessibility: score(median, 'accessibility'), bestPractices: score(median, 'best-practices') })}` +
      `; below 0.9: ${failing.join('; ')}; before each run: ${hostLoad.join('; ')}`;
    console.log(`[lighthouse] ${summary}`);
    test.info().annotations.push({ type: 'lighthouse', description: summary });
    expect(score(median, 'accessibility'), summary).toBeGreaterThanOrEqual(0.95);
    expect(score(median, 'best-practices'), summary).toBeGreaterThanOrEqual(0.95);
    // index.html paints the app shell before any script (FCP ~0.7 s, LCP ~0.9 s, CLS 0 in every run), so the
    // score hangs on blocking time: start-up's main-thread tasks after that paint. On a quiet host (26 Nov,
    // BenchmarkIndex 2,100-2,900), 9 runs of this build scored 0.90-1.0, median 0.97 (TBT 69-430 ms); the
    // build before (a spinner turning from the first paint on, 16 start files) 0.79-0.93, median 0.87, and
    // this test failed it (median 0.89). This project runs after every other browser test
    // (playwright.config.ts), so no other test shares the CPU.
    expect(score(median, 'performance'), summary).toBeGreaterThanOrEqual(MIN_PERFORMANCE);
  } finally {
    await server.stop();
  }
});

test('installable: manifest, icons and a service worker that serves the start URL offline', async () => {
  test.setTimeout(120_000);
  const server = await startAppServer(DIST, PORT + 1);
  const profile = makeProfileDir();
  const context = await launchProfile(profile.dir, server.url);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/ai/prompts');
    await waitForServiceWorkerControl(page);

    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(manifestHref).toBeTruthy();
    const manifest = (await (await fetch(new URL(manifestHref!, server.url))).json()) as Record<string, unknown> & {
      icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
      shortcuts: Array<{ name: string; url: string }>;
    };
    expect(manifest).toMatchObject({ name: expect.any(String), short_name: 'prompt-runs', display: 'standalone', start_url: '/ai/prompts' });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.shortcuts.map((s) => [s.name, s.url])).toEqual([
      ['New run', expect.stringMatching(/^\/ai\/prompts/)],
      ['Runs', '/ai/prompts/runs'],
    ]);
    // Each declared icon is a real PNG of the declared size; 192, 512 and a maskable 512 are all there.
    for (const icon of manifest.icons) {
      const bytes = Buffer.from(await (await fetch(new URL(icon.src, server.url))).arrayBuffer());
      const [w, h] = icon.sizes.split('x').map(Number);
      expect(pngSize(bytes), icon.src).toEqual({ width: w, height: h });
    }
    const kinds = manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`);
    expect(kinds).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
    const touchIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
    expect(pngSize(Buffer.from(await (await fetch(new URL(touchIcon!, server.url))).arrayBuffer()))).toEqual({ width: 180, height: 180 });

    // Chromium's own verdict (the check behind its install prompt), and the prompt reaching our button.
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: Array<{ errorId: string }> };
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
    // This profile is a phone (390 px): there the offer sits in Settings, the header keeping its room for the nav.
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('button', { name: 'Install app' })).toBeVisible();

    // The start URL and a deep link are answered by the worker with the server gone.
    await server.stop();
    await context.setOffline(true);
    await page.goto('/ai/prompts');
    await expect(page.getByRole('heading', { name: 'Prompts', level: 1 })).toBeVisible();
  } finally {
    await context.close();
    await server.stop();
    profile.remove();
  }
});
