// `npm run supabase:local` as a developer runs it, with env settings: a custom secret and a short
// JWT_EXPIRY. supabase-js then refreshes (with rotation) before each request, as it would against
// GoTrue when a token nears expiry, and the RPC goes through.
import { createClient } from '@supabase/supabase-js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';

let child: ChildProcess;
let output = '';

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'supabase/local/cli.ts'], {
    env: { ...process.env, SUPABASE_PORT: '0', JWT_EXPIRY: '60', JWT_SECRET: 'cli-test-secret-cli-test-secret-cli-test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 50_000;
  while (!/database:/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the stand-in did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});

describe('supabase:local CLI', () => {
  it('prints its URL and keys, and honours JWT_SECRET and JWT_EXPIRY', async () => {
    const url = /stand-in: (\S+)/.exec(output)?.[1];
    const anonKey = /anon key:\s+(\S+)/.exec(output)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const sb = createClient(url!, anonKey!, { auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: ws as never } });
    const { data, error } = await sb.auth.signUp({ email: `cli-${randomUUID()}@example.test`, password: 'secret-pass-1' });
    expect(error).toBeNull();
    expect(data.session?.expires_in).toBe(60);

    // 60 s is inside supabase-js's 90 s margin, so the next request refreshes first.
    const before = data.session!.refresh_token;
    const pull = await sb.rpc('sync_pull', { since: null, max_rows: 5 });
    expect(pull.error).toBeNull();
    const after = (await sb.auth.getSession()).data.session;
    expect(after?.refresh_token).not.toBe(before);
    expect(after?.user.id).toBe(data.user?.id);
  });

  it('stops its database on SIGTERM', async () => {
    const psql = /database:\s+psql -h (\S+)/.exec(output)?.[1];
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    if (psql) expect((await import('node:fs')).existsSync(psql)).toBe(false);
  });
});
