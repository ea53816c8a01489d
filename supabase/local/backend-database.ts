// The stand-in's database: a PostgreSQL cluster from the system's binaries when they are installed,
// else PGlite (WASM), with bootstrap + migrations + seed applied either way.
import { join } from 'node:path';
import { findPgBin, startCluster, stopOnExit } from './cluster';
import pg from 'pg';
import { applySchema, applySchemaTo, createPool, type SqlPool } from './database';

export type DatabaseEngine = 'postgresql' | 'pglite';

export interface BackendDatabase {
  engine: DatabaseEngine;
  /** Pool of the auth service (owner rights). */
  admin: SqlPool;
  /** Pool of the API, connecting as `authenticator` (PGlite: the same single session). */
  api: SqlPool;
  /** A psql command line for the PostgreSQL engine; null for PGlite. */
  psql: string | null;
  /** LISTEN on a channel (a connection of its own); resolves to a function that stops it. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export async function openBackendDatabase(options: { engine: DatabaseEngine | 'auto'; dataDir?: string }): Promise<BackendDatabase> {
  const engine: DatabaseEngine = options.engine === 'auto' ? (findPgBin() ? 'postgresql' : 'pglite') : options.engine;
  if (engine === 'pglite') {
    const { openPglite } = await import('./pglite-pool');
    const db = await openPglite(options.dataDir ? join(options.dataDir, 'pglite') : undefined);
    try {
      await applySchemaTo(db);
    } catch (error) {
      await db.end();
      throw error;
    }
    return { engine, admin: db, api: db, psql: null, listen: (channel, onPayload) => db.listen(channel, onPayload), close: () => db.end() };
  }
  const cluster = await startCluster(options.dataDir ? { dataDir: options.dataDir } : {});
  stopOnExit(cluster);
  try {
    await applySchema(cluster);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  const admin = createPool(cluster, 'postgres', 5);
  const api = createPool(cluster, 'authenticator', 10);
  return {
    engine,
    admin,
    api,
    psql: `psql -h ${cluster.socketDir} -p ${cluster.port} -U postgres`,
    async listen(channel, onPayload) {
      const client = new pg.Client({ host: cluster.socketDir, port: cluster.port, user: 'postgres', database: 'postgres' });
      // Dropped when the cluster stops; nothing else ends it.
      client.on('error', () => undefined);
      client.on('notification', (n) => {
        if (n.channel === channel) onPayload(n.payload ?? '');
      });
      await client.connect();
      await client.query(`listen "${channel.replace(/"/g, '""')}"`);
      return () => client.end();
    },
    close: async () => {
      await Promise.allSettled([admin.end(), api.end()]);
      await cluster.stop();
    },
  };
}
