// Server figures under load: 100 devices of 100 users pushing and pulling at once against one PostgreSQL
// holding 1,000,000 messages (and, to show the pull's cost does not grow with the table, the same at
// 100,000), each figure beside one device alone. The EXPLAIN (ANALYZE, BUFFERS) plans of every statement
// of sync_pull and sync_push go to .tmp/bench-server-plans.txt. SERVER_LOAD_SIZES (comma-separated
// message counts), SERVER_LOAD_USERS and SERVER_LOAD_ROUNDS scale it down for a quick trial.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFigure } from '../harness';
import { loadFigures, plansText, runServerLoad, type LoadOptions } from './server-support/load';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const env = (name: string, fallback: string) => process.env[name] ?? fallback;

/** BENCH_SMOKE=1 (npm test's smoke run): the tiny sizes of tests/sql/server-load-bench.test.ts. */
const SMOKE: LoadOptions = { users: 4, sizes: [400, 800], messagesPerRun: 10, rounds: 2, pool: 3, inactiveUsers: 20, newDevices: 2, pageRows: 20 };

export default async function serverLoad(): Promise<BenchFigure[]> {
  const options: LoadOptions = process.env.BENCH_SMOKE === '1' ? SMOKE : {
    users: Number(env('SERVER_LOAD_USERS', '100')),
    sizes: env('SERVER_LOAD_SIZES', '100000,1000000').split(',').map(Number),
    messagesPerRun: 20,
    rounds: Number(env('SERVER_LOAD_ROUNDS', '10')),
    // PostgREST's pool: Supabase's smaller computes give it about this many connections.
    pool: 20,
    inactiveUsers: 10_000,
    newDevices: 5,
    pageRows: 500,
    // About what Supabase gives its small computes (the test clusters start with 32MB).
    sharedBuffers: '256MB',
    log: (line) => console.log(`  [server-load] ${line}`),
  };
  const reports = await runServerLoad(options);
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const file = join(root, '.tmp/bench-server-plans.txt');
  writeFileSync(file, plansText(reports));
  console.log(`  [server-load] plans of every statement of sync_pull and sync_push: ${file}`);
  for (const r of reports) {
    console.log(`  [server-load] ${r.messages} messages: sequential scans of user tables: ${r.seqScans.length ? r.seqScans.join('; ') : 'none'}`);
  }
  return loadFigures(reports, options);
}
