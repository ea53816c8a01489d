// A throwaway PostgreSQL with the Supabase bootstrap and our migrations, for one test file. Calls run
// the way PostgREST runs them: connected as `authenticator`, `set local role`, `request.jwt.claims`.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startCluster, stopOnExit, type Cluster } from '../../../supabase/local/cluster';
import { applySchema, createPool } from '../../../supabase/local/database';
import type { PullResponse, PushChange, PushResponse } from '../../../sync/protocol';

export interface Caller {
  /** null = anonymous (role anon, claims {"role":"anon"}). */
  userId: string | null;
  role?: string;
}

/** A transaction held open by the test (for concurrency cases). */
export interface OpenTx {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export interface TestDb {
  admin: pg.Pool;
  createUser(email?: string): Promise<string>;
  /** Runs `sql` in one transaction as the caller and returns its rows (rolls back on error). */
  as<R extends pg.QueryResultRow = pg.QueryResultRow>(caller: Caller | string | null, sql: string, params?: unknown[]): Promise<R[]>;
  begin(caller: Caller | string | null): Promise<OpenTx>;
  push(userId: string, clientId: string, changes: unknown[], protocol?: number): Promise<PushResponse>;
  pull(userId: string, since: string | null, maxRows?: number, protocol?: number): Promise<PullResponse>;
  close(): Promise<void>;
}

const toCaller = (c: Caller | string | null): Caller => (typeof c === 'string' || c === null ? { userId: c } : c);

export async function startTestDb(): Promise<TestDb> {
  const cluster: Cluster = await startCluster();
  // A test file that dies half-way must not leave a server behind.
  stopOnExit(cluster);
  await applySchema(cluster);
  const admin = createPool(cluster, 'postgres', 4);
  const api = createPool(cluster, 'authenticator', 8);

  const begin = async (who: Caller | string | null): Promise<OpenTx> => {
    const caller = toCaller(who);
    const role = caller.role ?? (caller.userId ? 'authenticated' : 'anon');
    const claims = caller.userId ? { sub: caller.userId, role, aud: 'authenticated' } : { role };
    const client = await api.connect();
    await client.query('begin');
    await client.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [role, JSON.stringify(claims)]);
    let done = false;
    const finish = async (sql: string): Promise<void> => {
      if (done) return;
      done = true;
      try {
        await client.query(sql);
      } finally {
        client.release();
      }
    };
    return {
      query: (sql, params) => client.query(sql, params as unknown[]),
      commit: () => finish('commit'),
      rollback: () => finish('rollback'),
    };
  };

  const as = async <R extends pg.QueryResultRow>(who: Caller | string | null, sql: string, params?: unknown[]): Promise<R[]> => {
    const tx = await begin(who);
    try {
      const { rows } = await tx.query<R>(sql, params);
      await tx.commit();
      return rows;
    } catch (error) {
      await tx.rollback();
      throw error;
    }
  };

  return {
    admin,
    createUser: async (email = `${randomUUID()}@example.test`) => {
      const id = randomUUID();
      await admin.query('insert into auth.users (id, email, aud, role) values ($1, $2, $3, $3)', [id, email, 'authenticated']);
      return id;
    },
    as,
    begin,
    push: async (userId, clientId, changes, protocol) => {
      const rows = await as<{ r: PushResponse }>(userId, PUSH_SQL, [pushBody(clientId, changes, protocol)]);
      return rows[0]!.r;
    },
    pull: async (userId, since, maxRows = 500, protocol) => {
      const rows = protocol === undefined
        ? await as<{ r: PullResponse }>(userId, 'select public.sync_pull($1, $2) as r', [since, maxRows])
        : await as<{ r: PullResponse }>(userId, 'select public.sync_pull($1, $2, $3) as r', [since, maxRows, protocol]);
      return rows[0]!.r;
    },
    close: async () => {
      await Promise.allSettled([admin.end(), api.end()]);
      await cluster.stop();
    },
  };
}

/** sync_push takes the request body whole (one unnamed json argument), as PostgREST passes it. */
export const PUSH_SQL = 'select public.sync_push($1::json) as r';

/** The body the app sends: {client_id, changes, protocol?}. */
export const pushBody = (clientId: unknown, changes: unknown, protocol?: number): string =>
  JSON.stringify(protocol === undefined ? { client_id: clientId, changes } : { client_id: clientId, changes, protocol });

// ---- change builders: what a device's sync engine would send -------------------------------------

export const T0 = '2026-01-01T00:00:00.000Z';

/** ISO time `seconds` after T0. */
export const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();

export function newPrompt(seq: number, id: string, fields: Record<string, unknown> = {}, clock = T0): PushChange {
  const values = { name: 'A prompt', user_template: 'Say {{x}}', settings: { provider: 'echo', model_id: 'echo' }, ...fields };
  return { seq, table: 'prompts', id, insert: { created_at: clock }, values, clocks: clocksFor(values, clock) };
}

export function newRun(seq: number, id: string, promptId: string, fields: Record<string, unknown> = {}, clock = T0): PushChange {
  const values = { name: 'A run', status: 'active', is_starred: false, variable_values: { x: 'hi' }, settings: { provider: 'echo', model_id: 'echo' }, ...fields };
  return { seq, table: 'prompt_runs', id, insert: { prompt_id: promptId, created_at: clock }, values, clocks: clocksFor(values, clock) };
}

export function editRun(seq: number, id: string, fields: Record<string, unknown>, clock: string): PushChange {
  return { seq, table: 'prompt_runs', id, values: fields, clocks: clocksFor(fields, clock) };
}

export function message(id: string, parentId: string | null, content: string, createdAt = T0, role: 'user' | 'assistant' = 'user') {
  return { id, parentId, role, content, status: 'done' as const, createdAt };
}

function clocksFor(values: Record<string, unknown>, clock: string): Record<string, string> {
  return Object.fromEntries(Object.keys(values).map((k) => [k, clock]));
}

export const uuid = (): string => randomUUID();
