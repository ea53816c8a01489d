// PGlite (PostgreSQL compiled to WASM) behind the SqlPool interface, for machines without the
// PostgreSQL binaries. PGlite is one session, so "connections" take turns: a client holds the session
// for its whole transaction and everyone else queues. Slower to start (WASM compile) and serial, but
// the same SQL, roles, RLS and functions as the real server.
import { mkdirSync } from 'node:fs';
import type pg from 'pg';
import type { SchemaTarget, SqlClient, SqlPool, SqlResult } from './database';

type PGliteInstance = {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  waitReady: Promise<void>;
};

export interface PglitePool extends SqlPool, SchemaTarget {
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}

/** Opens PGlite in memory, or persisted in `dataDir`. */
export async function openPglite(dataDir?: string): Promise<PglitePool> {
  const [{ PGlite }, { pgcrypto }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pgcrypto'),
  ]);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir ?? 'memory://', { extensions: { pgcrypto } }) as unknown as PGliteInstance;
  await db.waitReady;

  // A promise chain as the session lock: each holder runs alone, in arrival order.
  let tail: Promise<void> = Promise.resolve();
  const acquire = async (): Promise<() => void> => {
    let free!: () => void;
    const previous = tail;
    tail = new Promise<void>((resolve) => (free = resolve));
    await previous;
    return free;
  };
  const run = async <R>(text: string, params?: unknown[]): Promise<SqlResult<R>> => {
    const result = await db.query<R>(text, params);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  };

  let closed = false;
  return {
    query: async <R extends pg.QueryResultRow>(text: string, params?: unknown[]) => {
      const free = await acquire();
      try {
        return await run<R>(text, params);
      } finally {
        free();
      }
    },
    connect: async (): Promise<SqlClient> => {
      const free = await acquire();
      let released = false;
      return {
        query: <R extends pg.QueryResultRow>(text: string, params?: unknown[]) => run<R>(text, params),
        release: () => {
          if (released) return;
          released = true;
          // A holder that forgot to finish its transaction must not leak it to the next one.
          void db.exec('rollback').catch(() => undefined).finally(free);
        },
      };
    },
    // PGlite delivers NOTIFY to its own listeners after each query's transaction commits.
    listen: async (channel, onPayload) => {
      const free = await acquire();
      try {
        return await db.listen(channel, onPayload);
      } finally {
        free();
      }
    },
    exec: async (sql: string) => {
      const free = await acquire();
      try {
        await db.exec(sql);
      } finally {
        free();
      }
    },
    end: async () => {
      if (closed) return;
      closed = true;
      await tail;
      await db.close();
    },
  };
}
