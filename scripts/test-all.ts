// `npm test`: the static checks (typecheck, lint), every suite (vitest: unit, component, integration, SQL
// on real PostgreSQL, structure checks; Playwright: browser end-to-end against the built app) and a check
// of the built bundle, then one plain summary line from their reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';

mkdirSync('.tmp', { recursive: true });
const VITEST_JSON = '.tmp/vitest-results.json';
const PLAYWRIGHT_JSON = '.tmp/playwright-results.json';
for (const f of [VITEST_JSON, PLAYWRIGHT_JSON]) rmSync(f, { force: true });

const only = process.argv[2]; // optional: 'unit' or 'e2e'

function run(cmd: string, args: string[], env: Record<string, string> = {}): number {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

let failedToRun = 0;
/** Checks that are one command each: counted as one test, passed or failed. */
const checks: Array<{ name: string; ok: boolean }> = [];
const check = (name: string, cmd: string, args: string[]) => checks.push({ name, ok: run(cmd, args) === 0 });

if (only !== 'e2e') {
  check('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']);
  check('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
  // One worker per core: vitest's default leaves one core idle (two cores: 608 s in CI; two workers, 469 s beside other work).
  const workers = process.env.VITEST_WORKERS ?? String(availableParallelism());
  run('npx', ['vitest', 'run', `--maxWorkers=${workers}`, '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`]);
  if (!existsSync(VITEST_JSON)) failedToRun += 1;
}
if (only !== 'unit') {
  if (run('npx', ['vite', 'build']) !== 0) failedToRun += 1;
  else {
    check('bundle (no fakes, tests or stand-in in dist/)', 'npx', ['tsx', 'scripts/checks/bundle-check.ts']);
    run('npx', ['playwright', 'test']);
    if (!existsSync(PLAYWRIGHT_JSON)) failedToRun += 1;
  }
}

let passed = checks.filter((c) => c.ok).length;
let failed = failedToRun + checks.filter((c) => !c.ok).length;
let skipped = 0;
for (const c of checks) if (!c.ok) console.log(`\n${c.name} failed (see its output above)`);
if (existsSync(VITEST_JSON)) {
  const v = JSON.parse(readFileSync(VITEST_JSON, 'utf8')) as {
    numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number;
    testResults: Array<{ status: string; assertionResults: unknown[] }>;
  };
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
  // A test file that fails to load has no assertion results: count it as a failure.
  failed += v.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
}
if (existsSync(PLAYWRIGHT_JSON)) {
  const p = JSON.parse(readFileSync(PLAYWRIGHT_JSON, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    errors?: unknown[];
  };
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected + (p.errors?.length ?? 0);
  skipped += p.stats.skipped;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
