// The server under load: one PostgreSQL holding many users' runs and messages, seeded directly as the
// owner (not through the RPC), then many devices of as many users pushing and pulling at once, each
// call made as PostgREST makes it (a pooled connection as `authenticator`, `set local role`, the JWT
// claims). Recorded per table size: p50/p95 of sync_pull and sync_push under load beside one device
// alone, the cost of pull pages for a new device, and EXPLAIN (ANALYZE, BUFFERS) of every statement the
// two functions run (auto_explain, nested statements), checked for sequential scans of user tables.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type pg from 'pg';
import { findPgBin, startCluster, stopOnExit, type Cluster } from '../../../../supabase/local/cluster';
import { applySchema, createPool } from '../../../../supabase/local/database';
import type { PullResponse, PushResponse } from '../../../../sync/protocol';
import { round, stats, type BenchFigure } from '../../harness';

export interface LoadOptions {
  /** Users, one device each, all active at once. */
  users: number;
  /** Table sizes to measure at, in messages over all users, ascending (the table grows between them). */
  sizes: number[];
  messagesPerRun: number;
  /** Push-then-pull rounds per device. */
  rounds: number;
  /** API connections (PostgREST's pool). */
  pool: number;
  /** Further users with a prompt and a device each but no activity, so the small tables (users,
   * prompts, devices) have the size that makes the planner choose as it would in production. */
  inactiveUsers: number;
  /** Users whose whole history a new device pulls, page by page, and the rows per page (the app's 500). */
  newDevices: number;
  pageRows: number;
  /** PostgreSQL's shared_buffers for the run (restarts the cluster), e.g. '256MB'; omitted: as started. */
  sharedBuffers?: string;
  log?: (line: string) => void;
}

export interface SizeReport {
  messages: number;
  runs: number;
  pull: number[];
  push: number[];
  pullAlone: number[];
  pushAlone: number[];
  /** Per full page (500 rows) of a new device's pull from the beginning; the first and the last full one. */
  pages: number[];
  firstPage: number[];
  lastPage: number[];
  /** Buffers (shared hit + read) of the main statement of a caught-up pull and of a new device's first
   * page, and of the part of it that picks the page's rows (the rest fetches them). */
  caughtUpBuffers: number;
  firstPageBuffers: number;
  firstPageSelectionBuffers: number;
  plans: CapturedPlan[];
  /** Sequential scans of tables holding users' rows, from the captured plans (should be empty). */
  seqScans: string[];
}

export interface CapturedPlan {
  call: string;
  text: string;
}

const USER_TABLES = ['prompts', 'prompt_runs', 'prompt_run_messages', 'users', 'clients', 'rejections', 'sync_notices'];

const PROTOCOL = 2;

interface Device {
  userId: string;
  clientId: string;
  runIds: string[];
  seq: number;
  cursor: string;
}

/** One RPC as PostgREST runs it: a pooled connection, a transaction with the caller's role and claims. */
async function rpc<T>(api: pg.Pool, userId: string, sql: string, params: unknown[]): Promise<T> {
  const client = await api.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
      [JSON.stringify({ sub: userId, role: 'authenticated', aud: 'authenticated' })]);
    const { rows } = await client.query<{ r: T }>(sql, params);
    await client.query('commit');
    return rows[0]!.r;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const PULL_SQL = 'select public.sync_pull($1, $2, $3) as r';
const PUSH_SQL = 'select public.sync_push($1::json) as r';

const pull = (api: pg.Pool, d: Pick<Device, 'userId'>, since: string | null, maxRows = 500) =>
  rpc<PullResponse>(api, d.userId, PULL_SQL, [since, maxRows, PROTOCOL]);

function exchange(d: Device): string {
  const runId = d.runIds[Math.floor(Math.random() * d.runIds.length)]!;
  const now = Date.now();
  const message = (role: 'user' | 'assistant', offset: number) => ({
    id: randomUUID(), parentId: null, role, content: `${role} says ${'lorem ipsum dolor '.repeat(12)}`,
    status: 'done', createdAt: new Date(now - 1000 + offset).toISOString(),
  });
  const change = { seq: ++d.seq, table: 'prompt_runs', id: runId, values: {}, clocks: {}, append_messages: [message('user', 0), message('assistant', 1)] };
  return JSON.stringify({ client_id: d.clientId, changes: [change], protocol: PROTOCOL });
}

async function push(api: pg.Pool, d: Device): Promise<void> {
  const res = await rpc<PushResponse>(api, d.userId, PUSH_SQL, [exchange(d)]);
  const bad = res.results.find((r) => r.status !== 'applied');
  if (bad) throw new Error(`load push not applied: ${JSON.stringify(bad)}`);
}

/** Pulls until caught up; each call's time goes to `times`. */
async function catchUp(api: pg.Pool, d: Device, times: number[]): Promise<void> {
  for (let page = 0; page < 1000; page += 1) {
    const t0 = performance.now();
    const res = await pull(api, d, d.cursor);
    times.push(performance.now() - t0);
    d.cursor = res.cursor;
    if (!res.has_more) return;
  }
  throw new Error('load pull never caught up');
}

async function deviceRounds(api: pg.Pool, d: Device, rounds: number, pushes: number[], pulls: number[]): Promise<void> {
  for (let r = 0; r < rounds; r += 1) {
    const t0 = performance.now();
    await push(api, d);
    pushes.push(performance.now() - t0);
    await catchUp(api, d, pulls);
  }
}

/** Grows every user's history to `total` messages over all users, in batches that each look like one
 * push transaction (their own sync_xid), written as the owner with triggers off: the columns the
 * triggers would set (sync_xid, message_count) are set here. */
async function seed(admin: pg.Pool, users: Array<{ id: string; promptId: string }>, from: number, total: number, perRun: number, nextXid: { value: number }): Promise<void> {
  const runsPerUser = Math.round((total - from) / users.length / perRun);
  const runsPerBatch = Math.max(1, Math.min(runsPerUser, 20));
  const client = await admin.connect();
  try {
    await client.query(`set session_replication_role = replica`);
    await client.query(`create temp table if not exists seed_users (user_id uuid, prompt_id uuid)`);
    await client.query('truncate seed_users');
    await client.query(`insert into seed_users select * from unnest($1::uuid[], $2::uuid[])`, [users.map((u) => u.id), users.map((u) => u.promptId)]);
    for (let done = 0; done < runsPerUser; done += runsPerBatch) {
      const runs = Math.min(runsPerBatch, runsPerUser - done);
      const xid = nextXid.value++;
      await client.query('begin');
      await client.query(`
        create temp table seed_msgs on commit drop as
        select r.run_id, r.user_id, r.prompt_id, r.created_at, m.id, m.created_at as at,
               jsonb_build_object('id', m.id, 'parentId', null, 'role', case when m.n % 2 = 1 then 'user' else 'assistant' end,
                 'content', m.n || ': ' || repeat(md5(r.run_id::text || m.n), 6), 'status', 'done',
                 'createdAt', sync_internal.iso(m.created_at)) as body
          from (select gen_random_uuid() as run_id, u.user_id, u.prompt_id,
                       timestamptz '2025-01-01' + (($3::int + g) * interval '1 hour') as created_at
                  from seed_users u, generate_series(1, $1::int) g) r
          cross join lateral (select gen_random_uuid() as id, n, r.created_at + n * interval '1 second' as created_at
                                from generate_series(1, $2::int) n) m`, [runs, perRun, done]);
      await client.query(`
        insert into public.prompt_runs (id, prompt_id, user_id, name, messages, variable_values, settings, status,
          message_count, is_starred, created_at, updated_at, last_message_at, last_message_preview, field_updated_at, sync_xid)
        select run_id, prompt_id, user_id, 'Seeded run ' || left(run_id::text, 8), jsonb_agg(body order by at), '{}',
               '{"provider":"echo","model_id":"echo"}', 'active', count(*), false, created_at, max(at), max(at),
               left(max(body ->> 'content'), 140), '{}', $1::text::xid8
          from seed_msgs group by run_id, prompt_id, user_id, created_at`, [xid]);
      await client.query(`
        insert into public.prompt_run_messages (run_id, id, user_id, body, created_at, sync_xid)
        select run_id, id, user_id, body, at, $1::text::xid8 from seed_msgs`, [xid]);
      await client.query('commit');
    }
  } finally {
    await client.query('reset session_replication_role').catch(() => undefined);
    client.release();
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of every statement sync_pull / sync_push run, through auto_explain. */
async function capturePlans(cluster: Cluster, userId: string, calls: Array<{ call: string; sql: string; params: unknown[] }>): Promise<CapturedPlan[]> {
  const pool = createPool(cluster, 'postgres', 1);
  const client = await pool.connect();
  const notices: string[] = [];
  client.on('notice', (n) => notices.push(n.message ?? ''));
  const out: CapturedPlan[] = [];
  try {
    await client.query(`load 'auto_explain'`);
    for (const setting of ['log_min_duration = 0', 'log_analyze = on', 'log_buffers = on', 'log_timing = on',
      'log_nested_statements = on', 'log_level = notice', 'log_format = text']) {
      await client.query(`set auto_explain.${setting}`);
    }
    for (const c of calls) {
      notices.length = 0;
      await client.query('begin');
      await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
        [JSON.stringify({ sub: userId, role: 'authenticated', aud: 'authenticated' })]);
      await client.query(c.sql, c.params);
      await client.query('commit');
      out.push(...notices.filter((n) => n.includes('Query Text')).map((text) => ({ call: c.call, text })));
    }
  } finally {
    client.release();
    await pool.end();
  }
  return out;
}

function seqScansIn(plans: CapturedPlan[]): string[] {
  const found: string[] = [];
  for (const p of plans) {
    for (const m of p.text.matchAll(/Seq Scan on (?:\w+\.)?(\w+)/g)) {
      if (USER_TABLES.includes(m[1]!)) found.push(`${p.call}: Seq Scan on ${m[1]}`);
    }
  }
  return found;
}

/** Shared buffers (hit + read) of the statement of `plans` whose text matches `pick`: of the whole
 * statement, or of its first node after `node` (e.g. "CTE page", the selection of the page's rows). */
function buffersOf(plans: CapturedPlan[], pick: RegExp, node = ''): number {
  const text = plans.find((p) => pick.test(p.text))?.text ?? '';
  const from = node ? text.indexOf(node) : 0;
  const line = from < 0 ? '' : /Buffers: shared ([^\n]*)/.exec(text.slice(from))?.[1] ?? '';
  const n = (kind: string) => Number(new RegExp(`${kind}=(\\d+)`).exec(line)?.[1] ?? 0);
  return n('hit') + n('read');
}

async function restartWith(cluster: Cluster, sharedBuffers: string, admin: pg.Pool): Promise<void> {
  await admin.query(`alter system set shared_buffers = '${sharedBuffers.replace(/[^0-9A-Za-z]/g, '')}'`);
  const bin = findPgBin()!;
  const args = [join(bin, 'pg_ctl'), '-D', cluster.dataDir, '-l', join(dirname(cluster.dataDir), 'server.log'), '-m', 'fast', '-w', 'restart'];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const res = isRoot ? spawnSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore' }) : spawnSync(args[0]!, args.slice(1), { stdio: 'ignore' });
  if (res.status !== 0) throw new Error('PostgreSQL did not restart with the new shared_buffers');
}

export async function runServerLoad(o: LoadOptions): Promise<SizeReport[]> {
  const log = o.log ?? (() => undefined);
  const cluster = await startCluster();
  stopOnExit(cluster);
  const pools: pg.Pool[] = [];
  try {
    await applySchema(cluster);
    if (o.sharedBuffers) {
      const boot = createPool(cluster, 'postgres', 1);
      await restartWith(cluster, o.sharedBuffers, boot).finally(() => boot.end());
    }
    const admin = createPool(cluster, 'postgres', 2);
    const api = createPool(cluster, 'authenticator', o.pool);
    pools.push(admin, api);

    const users = Array.from({ length: o.users }, () => ({ id: randomUUID(), promptId: randomUUID() }));
    await admin.query(`insert into auth.users (id, email, aud, role) select id, id || '@example.test', 'authenticated', 'authenticated' from unnest($1::uuid[]) id`, [users.map((u) => u.id)]);
    await admin.query(`insert into public.prompts (id, user_id, name, user_template) select p, u, 'Load prompt', '{{x}}' from unnest($1::uuid[], $2::uuid[]) as t(u, p)`,
      [users.map((u) => u.id), users.map((u) => u.promptId)]);
    await admin.query(`
      with u as (insert into auth.users (id, email, aud, role)
                 select gen_random_uuid(), 'idle-' || g || '@example.test', 'authenticated', 'authenticated' from generate_series(1, $1::int) g
                 returning id),
           p as (insert into public.prompts (id, user_id, name) select gen_random_uuid(), u.id, 'Idle prompt' from u returning user_id)
      insert into sync_internal.clients (user_id, client_id, applied_through) select p.user_id, gen_random_uuid(), 1 from p`, [o.inactiveUsers]);
    // Seeded rows take transaction ids from 3 up, all older than any snapshot taken afterwards.
    const nextXid = { value: 3 };
    const batchesNeeded = Math.ceil(o.sizes.at(-1)! / o.users / o.messagesPerRun / 20) + 10;
    while (Number((await admin.query<{ x: string }>('select pg_current_xact_id()::text as x')).rows[0]!.x) < batchesNeeded + 10) { /* burns one id per call */ }

    const reports: SizeReport[] = [];
    let seeded = 0;
    for (const size of o.sizes) {
      const t0 = performance.now();
      await seed(admin, users, seeded, size, o.messagesPerRun, nextXid);
      seeded = size;
      // The test cluster commits asynchronously, and VACUUM marks a page all-visible only once its rows'
      // commits are flushed and hinted: a first pass, a moment, then the pass that leaves the table as
      // autovacuum would (without it the planner sees no all-visible page and avoids index-only scans).
      await admin.query('vacuum analyze');
      await admin.query('checkpoint');
      await admin.query('select pg_sleep(1)');
      await admin.query('vacuum analyze');
      const counts = (await admin.query<{ runs: string; messages: string }>(
        'select (select count(*) from public.prompt_runs) as runs, (select count(*) from public.prompt_run_messages) as messages')).rows[0]!;
      log(`seeded ${counts.messages} messages in ${counts.runs} runs (${round((performance.now() - t0) / 1000)} s)`);

      const runIds = new Map<string, string[]>();
      for (const row of (await admin.query<{ user_id: string; ids: string[] }>('select user_id, array_agg(id) as ids from public.prompt_runs group by user_id')).rows) {
        runIds.set(row.user_id, row.ids);
      }
      // A device that has pulled everything so far: the cursor of a pull that saw every seeded row.
      const caughtUp = (await admin.query<{ c: string }>(`select '1;' || s.epoch || ';' || pg_current_snapshot() as c from sync_internal.server s`)).rows[0]!.c;
      const devices: Device[] = users.map((u) => ({ userId: u.id, clientId: randomUUID(), runIds: runIds.get(u.id) ?? [], seq: 0, cursor: caughtUp }));

      // One device alone, then all at once.
      const pushAlone: number[] = [];
      const pullAlone: number[] = [];
      await deviceRounds(api, devices[0]!, o.rounds, pushAlone, pullAlone);
      const pushes: number[] = [];
      const pulls: number[] = [];
      const l0 = performance.now();
      await Promise.all(devices.map((d) => deviceRounds(api, d, o.rounds, pushes, pulls)));
      log(`${devices.length} devices × ${o.rounds} rounds in ${round((performance.now() - l0) / 1000)} s`);

      // New devices pulling a user's whole history, page by page.
      const pages: number[] = [];
      const firstPage: number[] = [];
      const lastPage: number[] = [];
      for (const u of users.slice(0, o.newDevices)) {
        const d = { userId: u.id, cursor: '' };
        let since: string | null = null;
        const times: number[] = [];
        for (;;) {
          const p0 = performance.now();
          const res: PullResponse = await pull(api, d, since, o.pageRows);
          const ms = performance.now() - p0;
          // Full pages only: the last one is usually short.
          if (res.has_more) times.push(ms);
          since = res.cursor;
          if (!res.has_more) break;
        }
        if (times.length === 0) continue;
        pages.push(...times);
        firstPage.push(times[0]!);
        lastPage.push(times.at(-1)!);
      }

      const probe = devices[1] ?? devices[0]!;
      const newest = (await admin.query<{ c: string }>(`select '1;' || s.epoch || ';' || pg_current_snapshot() as c from sync_internal.server s`)).rows[0]!.c;
      await push(api, probe);
      const plans = await capturePlans(cluster, probe.userId, [
        { call: 'sync_pull (caught up, one new change)', sql: PULL_SQL, params: [newest, 500, PROTOCOL] },
        { call: 'sync_pull (new device, first page)', sql: PULL_SQL, params: [null, o.pageRows, PROTOCOL] },
        { call: 'sync_push (one exchange: 2 messages)', sql: PUSH_SQL, params: [exchange(probe)] },
      ]);
      const mainPull = /with changes as/i;
      reports.push({
        messages: size, runs: Number(counts.runs), pull: pulls, push: pushes, pullAlone, pushAlone,
        pages, firstPage, lastPage, plans, seqScans: seqScansIn(plans),
        caughtUpBuffers: buffersOf(plans.filter((p) => p.call.startsWith('sync_pull (caught')), mainPull),
        firstPageBuffers: buffersOf(plans.filter((p) => p.call.startsWith('sync_pull (new')), mainPull),
        firstPageSelectionBuffers: buffersOf(plans.filter((p) => p.call.startsWith('sync_pull (new')), mainPull, 'CTE page'),
      });
    }
    return reports;
  } finally {
    await Promise.allSettled(pools.map((p) => p.end()));
    await cluster.stop();
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** The figures `npm run bench` prints, each beside its baseline from the same run. */
export function loadFigures(reports: SizeReport[], o: Pick<LoadOptions, 'users' | 'pool' | 'rounds' | 'pageRows'>): BenchFigure[] {
  const figures: BenchFigure[] = [];
  const who = `${o.users} devices of ${o.users} users at once (pool of ${o.pool} connections)`;
  for (const r of reports) {
    const at = `${fmt(r.messages)} messages in ${fmt(r.runs)} runs`;
    figures.push(
      { name: `sync_pull under load: ${who}, ${at}`, unit: 'ms', value: stats(r.pull), baseline: { name: 'one device alone, same table', value: stats(r.pullAlone) } },
      { name: `sync_push under load (one exchange, 2 messages): ${who}, ${at}`, unit: 'ms', value: stats(r.push), baseline: { name: 'one device alone, same table', value: stats(r.pushAlone) } },
    );
  }
  const [small, large] = [reports[0]!, reports.at(-1)!];
  if (reports.length > 1) {
    figures.push(
      { name: `sync_pull of a caught-up device, one device alone: ${fmt(large.messages)} messages`, unit: 'ms', value: stats(large.pullAlone),
        baseline: { name: `the same at ${fmt(small.messages)} messages`, value: stats(small.pullAlone) }, goal: 'independent of table size' },
      { name: `Buffers read by a caught-up pull's main query: ${fmt(large.messages)} messages`, unit: 'buffers', value: large.caughtUpBuffers,
        baseline: { name: `the same at ${fmt(small.messages)} messages`, value: small.caughtUpBuffers }, goal: 'independent of table size' },
    );
  }
  for (const r of reports) {
    figures.push(
      { name: `New device pulling one user's whole history (${fmt(Math.round(r.messages / o.users))} messages), last full ${o.pageRows}-row page: ${fmt(r.messages)} messages`, unit: 'ms',
        value: stats(r.lastPage), baseline: { name: 'first page, same pulls', value: stats(r.firstPage) }, goal: 'a page costs the same wherever it is' },
      { name: `Sequential scans of user tables in the plans of sync_pull and sync_push: ${fmt(r.messages)} messages`, unit: 'scans', value: r.seqScans.length, goal: '0' },
    );
  }
  if (reports.length > 1) {
    figures.push(
      { name: `Buffers read to pick a new device's first page (${o.pageRows} rows): ${fmt(large.messages)} messages`, unit: 'buffers', value: large.firstPageSelectionBuffers,
        baseline: { name: `the same at ${fmt(small.messages)} messages`, value: small.firstPageSelectionBuffers }, goal: 'independent of table size' },
      { name: `Buffers read by a new device's first page, picking and fetching its ${o.pageRows} rows: ${fmt(large.messages)} messages`, unit: 'buffers', value: large.firstPageBuffers,
        baseline: { name: `the same at ${fmt(small.messages)} messages`, value: small.firstPageBuffers } },
    );
  }
  return figures;
}

/** The plans as text, for `.tmp/` and the report. */
export function plansText(reports: SizeReport[]): string {
  return reports.map((r) => [`==== ${fmt(r.messages)} messages in ${fmt(r.runs)} runs ====`,
    r.seqScans.length ? `Sequential scans of user tables: ${r.seqScans.join('; ')}` : 'Sequential scans of user tables: none',
    ...r.plans.map((p) => `---- ${p.call}\n${p.text}`)].join('\n\n')).join('\n\n');
}
