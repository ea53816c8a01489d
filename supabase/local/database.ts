// Schema setup for the stand-in and the SQL tests: Supabase bootstrap (roles, auth schema), then every
// migration not yet recorded (as the Supabase CLI does), then seed.sql on a fresh database. Works on a
// real PostgreSQL (pg) and on PGlite through the small SqlPool interface both satisfy.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const supabaseDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface Connection {
  socketDir: string;
  port: number;
}

export interface SqlResult<R> {
  rows: R[];
  rowCount: number | null;
}

export interface SqlClient {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<SqlResult<R>>;
  release(): void;
}

/** What the stand-in needs from a database: pooled queries and a client held for a transaction. */
export interface SqlPool {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<SqlResult<R>>;
  connect(): Promise<SqlClient>;
  end(): Promise<void>;
}

/** A PostgreSQL error as both pg and PGlite report it. */
export interface DbError {
  code: string;
  message: string;
  detail?: string | undefined;
  hint?: string | undefined;
}

export function isDbError(error: unknown): error is DbError {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** A pg pool on the cluster's unix socket, as `user` (postgres = the migrations' owner). */
export function createPool(conn: Connection, user = 'postgres', max = 10): pg.Pool {
  const pool = new pg.Pool({ host: conn.socketDir, port: conn.port, user, database: 'postgres', max });
  // A connection the server drops while idle (a cluster stopping right after pool.end(), which does not
  // wait for the sockets to close) emits 'error' on its client: nothing is waiting on it, so it is only
  // noise, and unhandled it would crash the process. Errors of queries still reach their callers.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Runs multi-statement SQL files; pg does that with a parameterless query, PGlite with exec(). */
export interface SchemaTarget {
  exec(sql: string): Promise<void>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<SqlResult<R>>;
}

export async function applySchema(conn: Connection, options: { seed?: boolean } = {}): Promise<string[]> {
  const client = new pg.Client({ host: conn.socketDir, port: conn.port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    const target: SchemaTarget = {
      exec: async (sql) => void (await client.query(sql)),
      query: (text, params) => client.query(text, params),
    };
    return await applySchemaTo(target, options);
  } finally {
    await client.end();
  }
}

export async function applySchemaTo(db: SchemaTarget, options: { seed?: boolean } = {}): Promise<string[]> {
  await db.exec(readFileSync(join(supabaseDir, 'local', 'bootstrap.sql'), 'utf8'));
  const done = new Set(
    (await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).rows.map((r) => r.version),
  );
  const files = readdirSync(join(supabaseDir, 'migrations')).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const file of files) {
    const [version, ...rest] = file.replace(/\.sql$/, '').split('_');
    if (!version || done.has(version)) continue;
    const sql = readFileSync(join(supabaseDir, 'migrations', file), 'utf8');
    try {
      await db.exec('begin');
      await db.exec(sql);
      await db.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [version, rest.join('_')]);
      await db.exec('commit');
    } catch (error) {
      await db.exec('rollback');
      throw new Error(`Migration ${file} failed: ${(error as Error).message}`, { cause: error });
    }
    applied.push(file);
  }
  if (options.seed !== false && done.size === 0) {
    await db.exec(readFileSync(join(supabaseDir, 'seed.sql'), 'utf8'));
  }
  return applied;
}
