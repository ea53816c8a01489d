// Schema setup for the stand-in and the SQL tests: Supabase bootstrap (roles, auth schema), then every
// migration not yet recorded (as the Supabase CLI does), then seed.sql on a fresh database.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const supabaseDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface Connection {
  socketDir: string;
  port: number;
}

/** A pg pool on the cluster's unix socket, as `user` (postgres = the migrations' owner). */
export function createPool(conn: Connection, user = 'postgres', max = 10): pg.Pool {
  return new pg.Pool({ host: conn.socketDir, port: conn.port, user, database: 'postgres', max });
}

export async function applySchema(conn: Connection, options: { seed?: boolean } = {}): Promise<string[]> {
  const client = new pg.Client({ host: conn.socketDir, port: conn.port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    await client.query(readFileSync(join(supabaseDir, 'local', 'bootstrap.sql'), 'utf8'));
    const done = new Set(
      (await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).rows.map((r) => r.version),
    );
    const files = readdirSync(join(supabaseDir, 'migrations')).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
    const applied: string[] = [];
    for (const file of files) {
      const [version, ...rest] = file.replace(/\.sql$/, '').split('_');
      if (!version || done.has(version)) continue;
      const sql = readFileSync(join(supabaseDir, 'migrations', file), 'utf8');
      try {
        await client.query('begin');
        await client.query(sql);
        await client.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [version, rest.join('_')]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`Migration ${file} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(file);
    }
    if (options.seed !== false && done.size === 0) {
      await client.query(readFileSync(join(supabaseDir, 'seed.sql'), 'utf8'));
    }
    return applied;
  } finally {
    await client.end();
  }
}
