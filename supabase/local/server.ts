// The local Supabase stand-in: a throwaway (or kept) PostgreSQL cluster with our migrations, behind
// an HTTP server speaking the GoTrue and PostgREST subsets the app uses. For development and tests;
// production points the app at a real Supabase project.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { handleAuth } from './auth';
import { makeDummyHash } from './auth-store';
import { openBackendDatabase, type BackendDatabase, type DatabaseEngine } from './backend-database';
import { readAuthSettings, type AuthSettings } from './config';
import { answerPreflight, BodyTooLargeError, sendJson } from './http-util';
import { DEFAULT_JWT_SECRET, signApiKey, verifyToken } from './jwt';
import { createRateLimiter } from './rate-limit';
import { createRealtime, type Realtime } from './realtime';
import { handleRpc } from './rest';

export interface LocalSupabaseOptions {
  /** HTTP port; 0 = any free port. Default 54321. */
  port?: number;
  host?: string;
  jwtSecret?: string;
  /** Access-token lifetime in seconds (GoTrue's JWT_EXP). Default: config.toml's auth.jwt_expiry. */
  jwtExpiry?: number;
  /** Default: config.toml's auth.refresh_token_reuse_interval (seconds). */
  refreshTokenReuseInterval?: number;
  /** Requests per 5 minutes per client address (0 = none); default: config.toml's [auth.rate_limit]. */
  rateLimits?: Partial<AuthSettings['rateLimits']>;
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
  /**
   * Where the secret came from: given by the caller, the public demo secret (loopback only), or
   * generated for a host reachable from the network and kept in the data directory (`secretFile`).
   */
  jwtSecretSource: 'given' | 'demo' | 'generated';
  secretFile: string | null;
  /** Which database runs it, and how to reach it with psql (PostgreSQL engine only). */
  database: { engine: DatabaseEngine; psql: string | null };
  /** Drops every Realtime websocket without a goodbye (a restart or a broken link); for tests. */
  dropRealtimeConnections(): number;
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

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\./.test(host);

/**
 * The demo secret is public (every Supabase CLI install has it): anyone who can reach the server could
 * mint tokens for any user. On a host reachable from the network, use a random secret instead, kept in
 * the data directory so sessions and keys survive restarts (a throwaway database gets a throwaway one).
 */
function chooseSecret(options: LocalSupabaseOptions, host: string): Pick<LocalSupabase, 'jwtSecret' | 'jwtSecretSource' | 'secretFile'> {
  if (options.jwtSecret) return { jwtSecret: options.jwtSecret, jwtSecretSource: 'given', secretFile: null };
  if (isLoopback(host)) return { jwtSecret: DEFAULT_JWT_SECRET, jwtSecretSource: 'demo', secretFile: null };
  if (!options.dataDir) return { jwtSecret: randomBytes(32).toString('base64url'), jwtSecretSource: 'generated', secretFile: null };
  const secretFile = join(options.dataDir, 'jwt-secret');
  if (existsSync(secretFile)) {
    const kept = readFileSync(secretFile, 'utf8').trim();
    if (kept.length >= 32) return { jwtSecret: kept, jwtSecretSource: 'generated', secretFile };
  }
  const jwtSecret = randomBytes(32).toString('base64url');
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(secretFile, jwtSecret + '\n', { mode: 0o600 });
  return { jwtSecret, jwtSecretSource: 'generated', secretFile };
}

/** One line for start-up output: which secret signs the keys and tokens, and why. */
export function describeSecret(local: Pick<LocalSupabase, 'jwtSecretSource' | 'secretFile'>): string {
  if (local.jwtSecretSource === 'given') return 'from JWT_SECRET';
  if (local.jwtSecretSource === 'demo') return "the Supabase CLI's public demo secret (fine on 127.0.0.1 only)";
  return local.secretFile
    ? `random, generated for this network-reachable host and kept in ${local.secretFile} (the public demo secret would let anyone on the network mint tokens)`
    : 'random for this run, generated for this network-reachable host (the public demo secret would let anyone on the network mint tokens)';
}

export async function startLocalSupabase(options: LocalSupabaseOptions = {}): Promise<LocalSupabase> {
  const host = options.host ?? '127.0.0.1';
  const secret = chooseSecret(options, host);
  const { jwtSecret } = secret;
  const settings = readAuthSettings();
  const jwtExpiry = options.jwtExpiry ?? settings.jwtExpiry;
  const refreshTokenReuseInterval = options.refreshTokenReuseInterval ?? settings.refreshTokenReuseInterval;
  const rateLimits = { ...settings.rateLimits, ...options.rateLimits };
  const limits = { signups: createRateLimiter(rateLimits.signInSignUps), token: createRateLimiter(rateLimits.tokenRefresh) };
  let dummyHash = '';
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
    if (isAuth) return handleAuth({ db: db.admin, jwtSecret, jwtExpiry, issuer, refreshTokenReuseInterval, limits, dummyHash }, req, res, url);
    if (isRpc) return handleRpc({ db: db.api, jwtSecret, anonRole: 'anon' }, req, res, url);
    sendJson(res, 404, {
      code: 'PGRST125', details: null, hint: null,
      message: `The local stand-in serves only /rest/v1/rpc/<function>, not ${url.pathname}`,
    });
  };

  let realtime: Realtime | null = null;
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { message: 'Request Entity Too Large' });
      console.error('[local-supabase]', error);
      sendJson(res, 500, { code: 'unexpected_failure', message: 'Unexpected failure, please check server logs for more information' });
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
    if (path !== '/realtime/v1/websocket') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    void ready.then(() => {
      if (realtime) realtime.handleUpgrade(req, socket, head);
      else socket.destroy();
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
  let starting: BackendDatabase | null = null;
  try {
    starting = await openBackendDatabase({ engine: options.engine ?? 'auto', ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
    dummyHash = await makeDummyHash(starting.admin);
    database = starting;
  } catch (error) {
    await starting?.close().catch(() => undefined);
    await stopServer();
    throw error;
  }
  const opened = database;
  realtime = createRealtime({ jwtSecret, db: opened.api, listen: (channel, onPayload) => opened.listen(channel, onPayload) });
  markReady(database);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  issuer = `${url}/auth/v1`;

  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await realtime?.close();
    await stopServer();
    await opened.close();
  };
  return {
    url, anonKey, serviceRoleKey, ...secret, database: { engine: opened.engine, psql: opened.psql },
    dropRealtimeConnections: () => realtime?.dropConnections() ?? 0,
    close,
  };
}
