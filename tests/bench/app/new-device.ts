// A new device signing in to an account that already holds many runs (seeded on the local stand-in's
// PostgreSQL), in real Chromium with IndexedDB on disk: from the click on "Sign in", when the newest
// run is listed, when every run and every message is held, when a search finds the oldest message,
// how fast rows are stored at the start and at the end, the longest main-thread task, and the disk
// the device database takes beside the account's raw JSON. Each figure beside the same for the app
// before this work (BASELINE_COMMIT, built from git), measured in the same run against the same server.
//
// NEW_DEVICE_SCALES (runs, comma-separated; default "1000,10000"), NEW_DEVICE_MESSAGES (per run, 20),
// NEW_DEVICE_BASELINE_CAP_S (the baseline's time limit per scale, default 180 s; it took 15 minutes
// for 5,000 runs), NEW_DEVICE_CAP_S (ours, default 900 s), NEW_DEVICE_BASELINE=0 skips the baseline,
// BENCH_BASELINE_COMMIT=<rev> takes another commit as the baseline (main before a change), NEW_DEVICE_MOST=<n> logs
// the n biggest sources of IndexedDB requests (5); NEW_DEVICE_SCREEN and
// NEW_DEVICE_MEASURES below.
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startLocalSupabase } from '../../../supabase/local/server';
import { round, type BenchFigure } from '../harness';
import type { AppBenchContext } from '../run-bench';
import { serveBaselineApp, BASELINE_COMMIT } from '../support/baseline-app';
import { runNewDevice, type DeviceResult } from '../support/new-device';
import { seedAccount, signUp } from '../support/seed-server';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const SMOKE = process.env.BENCH_SMOKE === '1'; // npm test's smoke run: 30 runs of 4 messages
const SCALES = (SMOKE ? '30' : process.env.NEW_DEVICE_SCALES ?? '1000,10000').split(',').map(Number).filter((n) => n > 0);
const PER_RUN = SMOKE ? 4 : Number(process.env.NEW_DEVICE_MESSAGES ?? 20);
const CAP_MS = (SMOKE ? 120 : Number(process.env.NEW_DEVICE_CAP_S ?? 900)) * 1000;
const BASELINE_CAP_MS = (SMOKE ? 120 : Number(process.env.NEW_DEVICE_BASELINE_CAP_S ?? 180)) * 1000;
const WITH_BASELINE = process.env.NEW_DEVICE_BASELINE !== '0';
/** NEW_DEVICE_OURS=0 measures the baseline alone (to record its full run once, say). */
const WITH_OURS = process.env.NEW_DEVICE_OURS !== '0';
/** NEW_DEVICE_NEWEST_TRIALS=n: n more short trials per app and scale of "sign-in → newest run listed" alone (median reported). */
const NEWEST_TRIALS = SMOKE ? 0 : Number(process.env.NEW_DEVICE_NEWEST_TRIALS ?? 0);
/** NEW_DEVICE_PROFILE=<path prefix>: a CPU profile of our app's page per scale (<prefix>-<runs>.cpuprofile). */
const PROFILE = process.env.NEW_DEVICE_PROFILE;
/** NEW_DEVICE_SCREEN=settings: Settings on screen while syncing instead of the runs page (no "newest listed" then). */
const SCREEN: 'runs' | 'settings' = process.env.NEW_DEVICE_SCREEN === 'settings' ? 'settings' : 'runs';
/** NEW_DEVICE_MEASURES=<path prefix>: the page's performance measures per app and scale (<prefix>-<ours|baseline>-<runs>.json). */
const MEASURES = process.env.NEW_DEVICE_MEASURES;
const PASSWORD = 'bench-password-1';
const RARE = 'zyzzogeton';

const log = (line: string) => console.log(`new-device bench: ${line}`);
const s = (ms: number | null) => (ms === null ? null : round(ms / 1000));
const fmt = (n: number) => n.toLocaleString('en-US');
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

function figure(name: string, unit: string, ours: number | null, base: number | null, baseName: string, goal?: string): BenchFigure {
  return {
    name, unit, value: ours ?? Number.NaN, ...(goal ? { goal } : {}),
    ...(base !== undefined ? { baseline: { name: baseName, value: base ?? Number.NaN } } : {}),
  };
}

function describe(r: DeviceResult | null, expectRows: number): string {
  if (!r) return 'not measured';
  const rows = r.held.runs + r.held.messages;
  return r.searchable !== null ? 'completed' : `stopped at its time limit holding ${fmt(rows)} of ${fmt(expectRows)} rows`;
}

export default async function newDeviceBench(_ctx: AppBenchContext): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const baselineApp = WITH_BASELINE ? await serveBaselineApp(root) : { unavailable: 'NEW_DEVICE_BASELINE=0' };
  if ('unavailable' in baselineApp) log(`no baseline: ${baselineApp.unavailable}`);
  try {
    for (const runs of SCALES) {
      const local = await startLocalSupabase({ port: 0, jwtSecret: 'a-bench-secret-that-is-at-least-32-characters' });
      const m = /-h (\S+) -p (\d+)/.exec(local.database.psql ?? '');
      if (!m) throw new Error('The new-device bench needs the PostgreSQL engine of the stand-in (PostgreSQL binaries).');
      const sql = new pg.Pool({ host: m[1], port: Number(m[2]), user: 'postgres', database: 'postgres', max: 2 });
      try {
        const email = `new-device-${runs}@example.test`;
        const userId = await signUp(local.url, local.anonKey, email, PASSWORD);
        const t = Date.now();
        const account = await seedAccount(sql, userId, { runs, messagesPerRun: PER_RUN, rareWord: RARE });
        await sql.query('vacuum analyze');
        const rows = account.runs + account.messages;
        log(`seeded ${fmt(account.runs)} runs, ${fmt(account.messages)} messages (${round(account.jsonBytes / 1e6)} MB of JSON) in ${Math.round((Date.now() - t) / 1000)} s`);
        const measures = (which: string) => (MEASURES ? { measures: `${MEASURES}-${which}-${runs}.json` } : {});
        const common = { screen: SCREEN, backend: { url: local.url, anonKey: local.anonKey }, email, password: PASSWORD, userId, account, rareWord: RARE,
          sampleMs: runs >= 50_000 ? 5_000 : 1_000 };
        if (NEWEST_TRIALS > 0) {
          const trials: { ours: number[]; base: number[] } = { ours: [], base: [] };
          for (let i = 0; i < NEWEST_TRIALS; i += 1) {
            // Alternating which goes first, so a load that builds up does not favour one.
            const order = i % 2 === 0 ? (['ours', 'base'] as const) : (['base', 'ours'] as const);
            for (const which of order) {
              const url = which === 'ours' ? (WITH_OURS ? _ctx.appUrl : null) : 'unavailable' in baselineApp ? null : baselineApp.url;
              if (!url) continue;
              const r = await runNewDevice({ ...common, appUrl: url, capMs: 60_000, stopAtNewest: true, log: () => undefined });
              trials[which].push(r.newestListed ?? Number.NaN);
            }
            log(`newest listed, trial ${i + 1}: ours ${s(trials.ours.at(-1) ?? null)} s, baseline ${s(trials.base.at(-1) ?? null)} s (load average ${load()})`);
          }
          const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : null);
          const list = (xs: number[]) => xs.map((x) => s(x)).join(', ');
          figures.push(figure(`new device, ${fmt(runs)} runs: sign-in → newest run listed, median of ${NEWEST_TRIALS} trials (ours ${list(trials.ours)} s; baseline ${list(trials.base)} s)`,
            's', s(median(trials.ours)), s(median(trials.base)), `the app at ${BASELINE_COMMIT.slice(0, 7)}, same server, trials alternating with ours`, '≤ 2 s'));
        }
        const before = load();
        const ours = WITH_OURS
          ? await runNewDevice({ ...common, appUrl: _ctx.appUrl, capMs: CAP_MS, profile: PROFILE ? `${PROFILE}-${runs}.cpuprofile` : undefined, ...measures('ours'), log: (l) => log(`ours, ${fmt(runs)} runs: ${l}`) })
          : null;
        if (ours) log(`ours, ${fmt(runs)} runs: ${describe(ours, rows)} (load average ${before} → ${load()} on ${cpus().length} cores)`);
        let base: DeviceResult | null = null;
        if (!('unavailable' in baselineApp)) {
          const b0 = load();
          base = await runNewDevice({ ...common, appUrl: baselineApp.url, capMs: BASELINE_CAP_MS, ...measures('baseline'), log: (l) => log(`baseline, ${fmt(runs)} runs: ${l}`) });
          log(`baseline, ${fmt(runs)} runs: ${describe(base, rows)} (load average ${b0} → ${load()})`);
        }
        const label = `new device, ${fmt(runs)} runs / ${fmt(account.messages)} messages (${round(account.jsonBytes / 1e6)} MB JSON)`;
        const baseName = base
          ? `the app at ${BASELINE_COMMIT.slice(0, 7)}${process.env.BENCH_BASELINE_COMMIT ? '' : ' (pull oldest first, multi-entry word index)'}, same server; ${describe(base, rows)} after ${Math.round(base.elapsed / 1000)} s`
          : 'not measured';
        const b = (pick: (r: DeviceResult) => number | null) => (base ? pick(base) : null);
        const o = (pick: (r: DeviceResult) => number | null) => (ours ? pick(ours) : null);
        const longest = (r: DeviceResult) => (r.longTasks.length ? Math.max(...r.longTasks) : 0);
        const diskRatio = (r: DeviceResult) => round(r.disk.idbBytes / account.jsonBytes);
        const mb = (r: DeviceResult | null) => (r ? `${round(r.disk.idbBytes / 1e6)} MB` : '–');
        const total = (r: DeviceResult) => Object.entries(r.requests).reduce((n, [k, v]) => n + (k === 'transaction' ? 0 : v), 0);
        const perRow = (r: DeviceResult) => round(total(r) / Math.max(1, r.held.runs + r.held.messages));
        const most = (r: DeviceResult | null) => (r ? Object.entries(r.requests).filter(([k]) => k !== 'transaction').sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.NEW_DEVICE_MOST ?? 5)).map(([k, v]) => `${k} ${fmt(v)}`).join(', ') : '–');
        for (const [who, r] of [['ours', ours], ['baseline', base]] as const) if (r) log(`${who}, ${fmt(runs)} runs: IndexedDB requests ${fmt(total(r))} in ${fmt(r.requests.transaction ?? 0)} transactions; most: ${most(r)}`);
        figures.push(
          figure(`${label}: sign-in → newest run listed`, 's', s(o((r) => r.newestListed)), s(b((r) => r.newestListed)), baseName, '≤ 2 s'),
          figure(`${label}: sign-in → every run held`, 's', s(o((r) => r.allRuns)), s(b((r) => r.allRuns)), baseName),
          figure(`${label}: sign-in → every message held`, 's', s(o((r) => r.allMessages)), s(b((r) => r.allMessages)), baseName, runs <= 10_000 ? '≤ 60 s at 10,000 runs' : undefined),
          figure(`${label}: sign-in → a search finds a word of the oldest message (fully searchable)`, 's', s(o((r) => r.searchable)), s(b((r) => r.searchable)), baseName, runs <= 10_000 ? '≤ 60 s at 10,000 runs' : undefined),
          figure(`${label}: rows stored per second over the first tenth of the rows`, 'rows/s', o((r) => r.rateStart), b((r) => r.rateStart), baseName),
          figure(`${label}: rows stored per second over the last tenth of the rows (the same as at the start when storing a page costs the same at any size)`, 'rows/s', o((r) => r.rateEnd), b((r) => r.rateEnd), baseName),
          figure(`${label}: longest main-thread task from sign-in to fully searchable (${ours?.longTasks.length ?? '–'} tasks ≥ 50 ms; baseline ${base?.longTasks.length ?? '–'})`, 'ms',
            o(longest), b(longest), baseName, '≤ 50 ms'),
          figure(`${label}: IndexedDB requests the page issued, per row held (the browser spends about 0.2 ms on each; ours ${ours ? fmt(total(ours)) : '–'})`, 'requests/row',
            o(perRow), b(perRow), baseName),
          figure(`${label}: IndexedDB on disk ÷ the account's JSON (${mb(ours)}; storage.estimate ${round((ours?.disk.estimateUsage ?? 0) / 1e6)} MB)`, '×',
            o(diskRatio), b(diskRatio), `${baseName}; ${mb(base)}`, '≤ 3×'),
        );
      } finally {
        await sql.end();
        await local.close();
      }
    }
  } finally {
    if (!('unavailable' in baselineApp)) await baselineApp.close();
  }
  return figures;
}
