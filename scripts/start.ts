// `npm start` (after its `vite build`): serves the built app (dist/) and the local Supabase stand-in
// together, so a newcomer can sign up and watch two browsers sync with no cloud account.
// The app finds its backend at runtime in /config.json ({supabaseUrl, supabaseAnonKey}), written here,
// so one build works against the stand-in or a real project.
//
// Env: PORT (4173) app port; SUPABASE_PORT (54321) backend port; HOST (127.0.0.1) bind address;
// DIST_DIR (dist/) what to serve; SUPABASE_DATA_DIR (.tmp/local-supabase) where the stand-in keeps
// its database, SUPABASE_EPHEMERAL=1 for a throwaway one; SUPABASE_URL + SUPABASE_ANON_KEY point the
// app at a real Supabase project instead (no stand-in is started); SUPABASE_REALTIME=0 leaves Realtime
// out of /config.json (a project with Realtime off); JWT_SECRET, JWT_EXPIRY and
// SUPABASE_DB_ENGINE (postgresql | pglite) as for the stand-in (supabase/local/cli.ts).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeSecret, startLocalSupabase, type LocalSupabase } from '../supabase/local/server';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dist = resolve(process.env['DIST_DIR'] ?? join(root, 'dist'));
const env = process.env;
const host = env['HOST'] ?? '127.0.0.1';
const appPort = Number(env['PORT'] ?? 4173);
const backendPort = Number(env['SUPABASE_PORT'] ?? 54321);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm', '.map': 'application/json',
};

if (!existsSync(join(dist, 'index.html'))) {
  console.error('No build found in dist/. Run `npm run build` first, then `npm start`.');
  process.exit(1);
}

let backend: LocalSupabase | null = null;
const external = env['SUPABASE_URL'] && env['SUPABASE_ANON_KEY'];
if (!external) {
  const dataDir = env['SUPABASE_EPHEMERAL'] === '1' ? undefined : (env['SUPABASE_DATA_DIR'] ?? join(root, '.tmp', 'local-supabase'));
  backend = await startLocalSupabase({
    port: backendPort,
    host,
    ...(dataDir ? { dataDir } : {}),
    ...(env['JWT_SECRET'] ? { jwtSecret: env['JWT_SECRET'] } : {}),
    ...(env['JWT_EXPIRY'] ? { jwtExpiry: Number(env['JWT_EXPIRY']) } : {}),
    ...(env['SUPABASE_DB_ENGINE'] === 'pglite' || env['SUPABASE_DB_ENGINE'] === 'postgresql' ? { engine: env['SUPABASE_DB_ENGINE'] } : {}),
  });
}

/** The backend URL as the browser sees it: same host name the page was loaded from. */
/** The app's runtime config; Realtime on (the stand-in serves it too) unless SUPABASE_REALTIME=0. */
function runtimeConfig(req: IncomingMessage): { supabaseUrl: string; supabaseAnonKey: string; realtime: boolean } {
  const realtime = env['SUPABASE_REALTIME'] !== '0';
  if (!backend) return { supabaseUrl: env['SUPABASE_URL']!, supabaseAnonKey: env['SUPABASE_ANON_KEY']!, realtime };
  const hostname = new URL(`http://${req.headers.host ?? `${host}:${appPort}`}`).hostname;
  const port = new URL(backend.url).port;
  return { supabaseUrl: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`, supabaseAnonKey: backend.anonKey, realtime };
}

function serveFile(res: ServerResponse, file: string, cache: string): void {
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': cache });
  res.end(readFileSync(file));
}

const app = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/config.json') {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(runtimeConfig(req)));
    return;
  }
  const path = normalize(join(dist, decodeURIComponent(url.pathname)));
  if (path.startsWith(dist) && existsSync(path) && statSync(path).isFile()) {
    // Hashed assets never change; everything else (index.html, sw.js, manifest) must revalidate.
    return serveFile(res, path, url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  }
  if (extname(url.pathname) === '') return serveFile(res, join(dist, 'index.html'), 'no-cache');
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('Not found');
});
await new Promise<void>((resolveListen, reject) => {
  app.once('error', reject);
  app.listen(appPort, host, resolveListen);
});

const { port: boundPort } = app.address() as AddressInfo;
console.log(`App:      http://${host}:${boundPort}`);
console.log(backend ? `Backend:  ${backend.url}  (local Supabase stand-in; anon key in /config.json)` : `Backend:  ${env['SUPABASE_URL']}`);
if (backend) console.log(`Database: ${backend.database.psql ?? 'PGlite (in-process; no PostgreSQL binaries found)'}`);
if (backend) console.log(`Secret:   ${describeSecret(backend)}`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  app.close();
  void (backend?.close() ?? Promise.resolve()).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
