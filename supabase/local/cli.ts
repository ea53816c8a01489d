// `npm run supabase:local`: the stand-in on its own. Env: SUPABASE_PORT (54321), HOST (127.0.0.1), JWT_SECRET,
// JWT_EXPIRY (seconds, 3600), SUPABASE_DATA_DIR (keep the database there; default throwaway),
// SUPABASE_DB_ENGINE (postgresql | pglite; default: the system's PostgreSQL when installed, else PGlite).
import { describeSecret, startLocalSupabase } from './server';

const env = process.env;
const local = await startLocalSupabase({
  port: Number(env['SUPABASE_PORT'] ?? 54321),
  ...(env['HOST'] ? { host: env['HOST'] } : {}),
  ...(env['JWT_SECRET'] ? { jwtSecret: env['JWT_SECRET'] } : {}),
  ...(env['JWT_EXPIRY'] ? { jwtExpiry: Number(env['JWT_EXPIRY']) } : {}),
  ...(env['SUPABASE_DATA_DIR'] ? { dataDir: env['SUPABASE_DATA_DIR'] } : {}),
  ...(env['SUPABASE_DB_ENGINE'] === 'pglite' || env['SUPABASE_DB_ENGINE'] === 'postgresql' ? { engine: env['SUPABASE_DB_ENGINE'] } : {}),
});
console.log(`Local Supabase stand-in: ${local.url}`);
console.log(`  anon key:         ${local.anonKey}`);
console.log(`  service_role key: ${local.serviceRoleKey}`);
console.log(`  database:         ${local.database.psql ?? 'PGlite (in-process; no PostgreSQL binaries found)'}`);
console.log(`  JWT secret:       ${describeSecret(local)}`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void local.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
