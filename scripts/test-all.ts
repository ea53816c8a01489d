// `npm test`: the static checks (typecheck, lint), every suite (vitest: unit, component, integration, SQL
// on real PostgreSQL, structure checks; Playwright: browser end-to-end against the built app) and a check
// of the built bundle, then one plain summary line from their reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { stripVTControlCharacters } from 'node:util';

mkdirSync('.tmp', { recursive: true });
const VITEST_JSON = '.tmp/vitest-results.json';
const PLAYWRIGHT_JSON = '.tmp/playwright-results.json';
const only = process.argv[2]; // optional: 'unit' or 'e2e', or 'report' to summarise the last run's reports again
if (only !== 'report') for (const f of [VITEST_JSON, PLAYWRIGHT_JSON]) rmSync(f, { force: true });

function run(cmd: string, args: string[], env: Record<string, string> = {}): number {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

let failedToRun = 0;
/** Checks that are one command each: counted as one test, passed or failed. */
const checks: Array<{ name: string; ok: boolean }> = [];
const check = (name: string, cmd: string, args: string[]) => checks.push({ name, ok: run(cmd, args) === 0 });

if (only !== 'e2e' && only !== 'report') {
  check('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']);
  check('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
  // One worker per core: vitest's default leaves one core idle (two cores: 608 s in CI; two workers, 469 s beside other work).
  const workers = process.env.VITEST_WORKERS ?? String(availableParallelism());
  run('npx', ['vitest', 'run', `--maxWorkers=${workers}`, '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`]);
  if (!existsSync(VITEST_JSON)) failedToRun += 1;
}
if (only !== 'unit' && only !== 'report') {
  if (run('npx', ['vite', 'build']) !== 0) failedToRun += 1;
  else {
    check('bundle (no fakes, tests or stand-in in dist/)', 'npx', ['tsx', 'scripts/checks/bundle-check.ts']);
    run('npx', ['playwright', 'test']);
    if (!existsSync(PLAYWRIGHT_JSON)) failedToRun += 1;
  }
}

/** What failed, one line each, printed just above the summary: CI often shows only the tail of the output. */
const failures: string[] = [];
const firstLine = (text: unknown) => stripVTControlCharacters(String(text ?? '')).split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 240) ?? '';

let passed = checks.filter((c) => c.ok).length;
let failed = failedToRun + checks.filter((c) => !c.ok).length;
let skipped = 0;
for (const c of checks) if (!c.ok) failures.push(`${c.name}: failed (see its output above)`);
if (existsSync(VITEST_JSON)) {
  const v = JSON.parse(readFileSync(VITEST_JSON, 'utf8')) as {
    numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number;
    testResults: Array<{
      name: string; status: string; message?: string;
      assertionResults: Array<{ fullName: string; status: string; failureMessages?: string[] }>;
    }>;
  };
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
  // A test file that fails to load has no assertion results: count it as a failure.
  failed += v.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  for (const f of v.testResults) {
    const file = f.name.replace(`${process.cwd()}/`, '');
    if (f.status === 'failed' && f.assertionResults.length === 0) failures.push(`vitest ${file}: ${firstLine(f.message)}`);
    for (const a of f.assertionResults) {
      const retried = a.status === 'passed' && (a.failureMessages?.length ?? 0) > 0; // vitest.config.ts: retry in CI
      if (a.status === 'failed' || retried) {
        failures.push(`vitest ${retried ? '(flaky, passed on retry) ' : ''}${file} › ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
      }
    }
  }
}
if (existsSync(PLAYWRIGHT_JSON)) {
  const p = JSON.parse(readFileSync(PLAYWRIGHT_JSON, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    errors?: Array<{ message?: string }>;
    suites?: PlaywrightSuite[];
  };
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected + (p.errors?.length ?? 0);
  skipped += p.stats.skipped;
  for (const e of p.errors ?? []) failures.push(`playwright: ${firstLine(e.message)}`);
  for (const t of playwrightTests(p.suites ?? [])) {
    if (t.status === 'unexpected' || t.status === 'flaky') {
      const error = t.results.find((r) => r.error)?.error?.message;
      failures.push(`playwright ${t.status === 'flaky' ? '(flaky, passed on retry) ' : ''}${t.title}: ${firstLine(error)}`);
    }
  }
}
if (failures.length > 0) console.log(`\nFailed, or passed only on retry:\n${failures.map((f) => `- ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

interface PlaywrightSuite {
  title: string; file?: string;
  suites?: PlaywrightSuite[];
  specs?: Array<{ title: string; line?: number; tests: Array<{ projectName?: string; status: string; results: Array<{ error?: { message?: string } }> }> }>;
}

/** Every test of a Playwright JSON report, titled as its list reporter shows it. */
function playwrightTests(suites: PlaywrightSuite[], path: string[] = []): Array<{ title: string; status: string; results: Array<{ error?: { message?: string } }> }> {
  return suites.flatMap((suite) => {
    const here = [...path, suite.title].filter((t) => t !== '');
    const own = (suite.specs ?? []).flatMap((spec) =>
      spec.tests.map((t) => ({ title: `[${t.projectName ?? ''}] ${[...here, spec.title].join(' › ')}${spec.line ? ` (line ${spec.line})` : ''}`, status: t.status, results: t.results })),
    );
    return [...own, ...playwrightTests(suite.suites ?? [], here)];
  });
}
