// The local Supabase stand-in: a throwaway (or kept) PostgreSQL cluster with our migrations, behind
// an HTTP server speaking the GoTrue and PostgREST subsets the app uses. For development and tests;
// production points the app at a real Supabase project.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAuth } from './auth';
import { openBackendDatabase, type BackendDatabase, type DatabaseEngine } from './backend-database';
import { answerPreflight, BodyTooLargeError, sendJson } from './http-util';
import { DEFAULT_JWT_SECRET, signApiKey, verifyToken } from './jwt';
import { handleRpc } from './rest';

export interface LocalSupabaseOptions {
  /** HTTP port; 0 = any free port. Default 54321. */
  port?: number;
  host?: string;
  jwtSecret?: string;
  /** Access-token lifetime in seconds (GoTrue's JWT_EXP). Default 3600. */
  jwtExpiry?: number;
  /** Keep the database here across restarts; omitted = throwaway. */
  dataDir?: string;
  /** 'postgresql' (system binaries), 'pglite' (WASM), or 'auto': binaries when installed. */
  engine?: DatabaseEngine | 'auto';
}

export interface LocalSupabase {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  /** Which database runs it, and how to reach it with psql (PostgreSQL engine only). */
  database: { engine: DatabaseEngine; psql: string | null };
  close(): Promise<void>;
}

/** Kong's key-auth in front of both APIs: a valid anon or service_role key in `apikey`. */
async function checkApiKey(req: IncomingMessage, url: URL, secret: string): Promise<{ message: string; hint: string } | null> {
  const header = req.headers['apikey'];
  const key = typeof header === 'string' ? header : url.searchParams.get('apikey');
  if (!key) return { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' };
  const verified = await verifyToken(secret, key, 30);
  const role = verified.ok ? verified.payload['role'] : null;
  if (role !== 'anon' && role !== 'service_role') {
    return { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' };
  }
  return null;
}

export async function startLocalSupabase(options: LocalSupabaseOptions = {}): Promise<LocalSupabase> {
  const jwtSecret = options.jwtSecret ?? DEFAULT_JWT_SECRET;
  const jwtExpiry = options.jwtExpiry ?? 3600;
  const host = options.host ?? '127.0.0.1';
  const [anonKey, serviceRoleKey] = await Promise.all([signApiKey(jwtSecret, 'anon'), signApiKey(jwtSecret, 'service_role')]);
  let issuer = '';
  // The port is taken before the database starts (a busy port fails fast); requests that arrive in
  // between wait for the database.
  let database: BackendDatabase | null = null;
  let markReady!: (db: BackendDatabase) => void;
  const ready = new Promise<BackendDatabase>((resolve) => (markReady = resolve));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    if (url.pathname === '/health') return sendJson(res, 200, { status: database ? 'ok' : 'starting' });
    const isAuth = url.pathname.startsWith('/auth/v1/');
    const isRpc = url.pathname.startsWith('/rest/v1/rpc/');
    if (!isAuth && !url.pathname.startsWith('/rest/v1')) {
      return sendJson(res, 404, { message: 'no Route matched with those values' });
    }
    const keyProblem = await checkApiKey(req, url, jwtSecret);
    if (keyProblem) return sendJson(res, 401, keyProblem);
    const db = database ?? (await ready);
    if (isAuth) return handleAuth({ db: db.admin, jwtSecret, jwtExpiry, issuer }, req, res, url);
    if (isRpc) return handleRpc({ db: db.api, jwtSecret, anonRole: 'anon' }, req, res, url);
    sendJson(res, 404, {
      code: 'PGRST125', details: null, hint: null,
      message: `The local stand-in serves only /rest/v1/rpc/<function>, not ${url.pathname}`,
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { message: 'Request Entity Too Large' });
      console.error('[local-supabase]', error);
      sendJson(res, 500, { code: 'unexpected_failure', message: 'Unexpected failure, please check server logs for more information' });
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 54321, host, resolve);
    });
  } catch (error) {
    const inUse = (error as { code?: string }).code === 'EADDRINUSE';
    throw inUse ? new Error(`Port ${options.port ?? 54321} on ${host} is in use: pick another with SUPABASE_PORT.`, { cause: error }) : error;
  }
  const stopServer = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  try {
    database = await openBackendDatabase({ engine: options.engine ?? 'auto', ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  } catch (error) {
    await stopServer();
    throw error;
  }
  markReady(database);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  issuer = `${url}/auth/v1`;

  let closed = false;
  const opened = database;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await stopServer();
    await opened.close();
  };
  return { url, anonKey, serviceRoleKey, jwtSecret, database: { engine: opened.engine, psql: opened.psql }, close };
}
