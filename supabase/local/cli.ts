// `npm run supabase:local`: the stand-in on its own. Env: SUPABASE_PORT (54321), JWT_SECRET,
// JWT_EXPIRY (seconds, 3600), SUPABASE_DATA_DIR (keep the database there; default throwaway).
import { startLocalSupabase } from './server';

const env = process.env;
const local = await startLocalSupabase({
  port: Number(env['SUPABASE_PORT'] ?? 54321),
  ...(env['JWT_SECRET'] ? { jwtSecret: env['JWT_SECRET'] } : {}),
  ...(env['JWT_EXPIRY'] ? { jwtExpiry: Number(env['JWT_EXPIRY']) } : {}),
  ...(env['SUPABASE_DATA_DIR'] ? { dataDir: env['SUPABASE_DATA_DIR'] } : {}),
});
console.log(`Local Supabase stand-in: ${local.url}`);
console.log(`  anon key:         ${local.anonKey}`);
console.log(`  service_role key: ${local.serviceRoleKey}`);
console.log(`  database:         psql -h ${local.database.socketDir} -p ${local.database.port} -U postgres`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void local.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
