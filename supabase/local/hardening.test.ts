// The stand-in under hostile input, over HTTP: every bad request gets the 4xx GoTrue or PostgREST would
// send (never a 500, never a stalled server), refresh-token reuse follows refresh_token_reuse_interval,
// the auth endpoints are rate limited like Supabase's, and a network-reachable host never signs with
// the public demo secret.
import { createClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { readAuthSettings } from './config';
import { createRateLimiter } from './rate-limit';
import { DEFAULT_JWT_SECRET, signApiKey } from './jwt';
import { describeSecret, startLocalSupabase, type LocalSupabase } from './server';

let local: LocalSupabase;


beforeAll(async () => {
  // No limits here: these tests send many requests; the limits have their own stand-in below.
  local = await startLocalSupabase({ port: 0, refreshTokenReuseInterval: 1, rateLimits: { signInSignUps: 0, tokenRefresh: 0 } });
});
afterAll(() => local?.close());

const post = (base: LocalSupabase, path: string, body: string, token?: string) =>
  fetch(`${base.url}${path}`, {
    method: 'POST',
    headers: { apikey: base.anonKey, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });

const email = (): string => `user-${randomUUID()}@example.test`;

async function signUp(base: LocalSupabase): Promise<{ address: string; session: { access_token: string; refresh_token: string } }> {
  const address = email();
  const res = await post(base, '/auth/v1/signup', JSON.stringify({ email: address, password: 'secret-pass-1' }));
  expect(res.status).toBe(200);
  return { address, session: (await res.json()) as { access_token: string; refresh_token: string } };
}

const refresh = (token: string) => post(local, '/auth/v1/token?grant_type=refresh_token', JSON.stringify({ refresh_token: token }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('e-mail check (no ReDoS)', () => {
  it('refuses an 80,000-character address at once, by its length, as GoTrue words it', async () => {
    const started = performance.now();
    const res = await post(local, '/auth/v1/signup', JSON.stringify({ email: `${'a'.repeat(40_000)}@${'b'.repeat(40_000)}`, password: 'secret-pass-1' }));
    const ms = performance.now() - started;
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'validation_failed', message: 'An email address is too long' });
    expect(ms).toBeLessThan(500);
  });

  it('refuses 256 characters and accepts 255, and checks the format in linear time', async () => {
    const at255 = `${'a'.repeat(255 - '@example.test'.length)}@example.test`;
    expect((await post(local, '/auth/v1/signup', JSON.stringify({ email: `a${at255}`, password: 'secret-pass-1' }))).status).toBe(400);
    expect((await post(local, '/auth/v1/signup', JSON.stringify({ email: at255, password: 'secret-pass-1' }))).status).toBe(200);
    // Just under the limit, shaped to make a backtracking pattern try every split: still instant.
    const started = performance.now();
    const res = await post(local, '/auth/v1/signup', JSON.stringify({ email: `${'a@'.repeat(120)}!`, password: 'secret-pass-1' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'validation_failed', message: 'Unable to validate email address: invalid format' });
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('bad input answers 4xx, never 500', () => {
  it('answers RPC paths with a NUL or broken percent-encoding with 404 PGRST202', async () => {
    for (const path of ['/rest/v1/rpc/%00', '/rest/v1/rpc/%E0%A4%A']) {
      const res = await post(local, path, '{}');
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'PGRST202' });
    }
  });

  it('answers a NUL in the e-mail or password of a sign-up with 400 validation_failed', async () => {
    const nulEmail = await post(local, '/auth/v1/signup', JSON.stringify({ email: 'a\u0000b@example.test', password: 'secret-pass-1' }));
    expect(nulEmail.status).toBe(400);
    expect(await nulEmail.json()).toEqual({ code: 'validation_failed', message: 'Unable to validate email address: invalid format' });
    const nulPassword = await post(local, '/auth/v1/signup', JSON.stringify({ email: email(), password: 'secret\u0000pass' }));
    expect(nulPassword.status).toBe(400);
    expect(await nulPassword.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('answers a NUL or an over-long address at sign-in as any wrong credentials: 400 invalid_credentials', async () => {
    const { address } = await signUp(local);
    const attempts = [
      { email: 'a\u0000b@example.test', password: 'secret-pass-1' },
      { email: address, password: 'secret\u0000pass' },
      { email: `${'a'.repeat(300)}@example.test`, password: 'secret-pass-1' },
    ];
    for (const attempt of attempts) {
      const res = await post(local, '/auth/v1/token?grant_type=password', JSON.stringify(attempt));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' });
    }
    const nulRefresh = await refresh('abcdefghijkl\u0000mnop');
    expect(nulRefresh.status).toBe(400);
    expect(await nulRefresh.json()).toEqual({ code: 'validation_failed', message: 'Refresh token is not valid' });
  });

  it('answers sign-up metadata nested 100,000 deep with 400 bad_json, as GoTrue\'s decoder does', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const body = `{"email":"${email()}","password":"secret-pass-1","data":{"x":${deep}}}`;
    const res = await post(local, '/auth/v1/signup', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'bad_json', message: "Could not parse request body as JSON: invalid character '[' exceeded max depth" });
    // The server is still fine afterwards.
    expect((await fetch(`${local.url}/health`)).status).toBe(200);
  });

  it('passes sync_push (one unnamed json parameter) a 10,000-deep value as sent: only that change is refused', async () => {
    const { session } = await signUp(local);
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const good = { seq: 2, table: 'prompts', id: randomUUID(), insert: { created_at: new Date().toISOString() }, values: { name: 'kept' }, clocks: { name: new Date().toISOString() } };
    const body = `{"client_id":"${randomUUID()}","protocol":2,"changes":[{"seq":1,"table":"prompts","id":"${randomUUID()}","values":{"settings":${deep}},"clocks":{"settings":"${new Date().toISOString()}"}},${JSON.stringify(good)}]}`;
    const res = await post(local, '/rest/v1/rpc/sync_push', body, session.access_token);
    expect(res.status).toBe(200);
    const results = ((await res.json()) as { results: Array<{ status: string; code?: string }> }).results;
    expect(results.map((r) => r.code ?? r.status)).toEqual(['json_too_deep', 'applied']);
  });

  it('answers a too-deep body for a function with named parameters with 400 PGRST102 (it would be bound value by value)', async () => {
    const { session } = await signUp(local);
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    const res = await post(local, '/rest/v1/rpc/sync_pull', `{"since":${deep},"max_rows":10}`, session.access_token);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'PGRST102', message: 'Empty or invalid json' });
    expect((await fetch(`${local.url}/health`)).status).toBe(200);
  });
});

describe('refresh-token reuse (refresh_token_reuse_interval)', () => {
  it('reads the interval, jwt expiry and rate limits from config.toml, with Supabase\'s defaults', () => {
    expect(readAuthSettings()).toEqual({ jwtExpiry: 3600, refreshTokenReuseInterval: 10, rateLimits: { signInSignUps: 30, tokenRefresh: 150 } });
    const dir = mkdtempSync(join(tmpdir(), 'standin-config-'));
    try {
      writeFileSync(join(dir, 'config.toml'), '[auth]\nrefresh_token_reuse_interval = 3\n[auth.rate_limit]\ntoken_refresh = 9000\n');
      expect(readAuthSettings(join(dir, 'config.toml'))).toEqual({ jwtExpiry: 3600, refreshTokenReuseInterval: 3, rateLimits: { signInSignUps: 30, tokenRefresh: 9000 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hands an older rotated token the active one within the interval, and ends the session after it', async () => {
    const { session } = await signUp(local);
    const a = session.refresh_token;
    const b = ((await (await refresh(a)).json()) as { refresh_token: string }).refresh_token;
    const c = ((await (await refresh(b)).json()) as { refresh_token: string; access_token: string });
    // Within the interval (1 s here), a token two rotations old gets the active token: concurrent tabs.
    const early = await refresh(a);
    expect(early.status).toBe(200);
    expect(((await early.json()) as { refresh_token: string }).refresh_token).toBe(c.refresh_token);

    await sleep(1_300);
    // The active token's parent still gets it back after the interval (a client that could not store
    // the answer of its last refresh), as GoTrue allows.
    const parent = await refresh(b);
    expect(parent.status).toBe(200);
    expect(((await parent.json()) as { refresh_token: string }).refresh_token).toBe(c.refresh_token);
    // Any older one after the interval is reuse: the whole session ends.
    const reuse = await refresh(a);
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toEqual({ code: 'refresh_token_already_used', message: 'Invalid Refresh Token: Already Used' });
    expect((await (await refresh(c.refresh_token)).json()) as object).toMatchObject({ code: 'refresh_token_not_found' });
    const user = await fetch(`${local.url}/auth/v1/user`, { headers: { apikey: local.anonKey, authorization: `Bearer ${c.access_token}` } });
    expect(user.status).toBe(403);
    expect(await user.json()).toMatchObject({ code: 'session_not_found' });
  });
});

describe('rate limits and timing', () => {
  let limited: LocalSupabase;
  beforeAll(async () => {
    // Supabase's burst of 30 at once, refilled slowly enough (3 per 5 minutes) that a busy host running
    // the 30 requests cannot refill one meanwhile; the refill rates of the defaults are checked below.
    limited = await startLocalSupabase({ port: 0, rateLimits: { signInSignUps: 3, tokenRefresh: 3 } });
  });
  afterAll(() => limited?.close());

  it('refills like GoTrue: config.toml\'s 30 sign-ups and 150 token calls per 5 minutes, 30 at once', () => {
    let now = 0;
    const signups = createRateLimiter(30, () => now);
    const token = createRateLimiter(150, () => now);
    for (let i = 0; i < 30; i++) expect([signups.take('a'), token.take('a')]).toEqual([null, null]);
    expect(signups.take('a')).toBe(10);
    expect(token.take('a')).toBe(2);
    expect(signups.take('another address')).toBeNull();
    now += 2_000;
    expect(token.take('a')).toBeNull();
    now += 8_000;
    expect(signups.take('a')).toBeNull();
    expect(createRateLimiter(0).take('a')).toBeNull();
  });

  it('limits /signup per address, then answers 429 over_request_rate_limit with Retry-After', async () => {
    // GoTrue limits before it reads the body, so refused bodies count too.
    for (let i = 0; i < 30; i++) expect((await post(limited, '/auth/v1/signup', '{')).status).toBe(400);
    const res = await post(limited, '/auth/v1/signup', JSON.stringify({ email: email(), password: 'secret-pass-1' }));
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ code: 'over_request_rate_limit', message: 'Request rate limit reached' });
    expect(res.headers.get('x-supabase-api-version')).toBe('2024-01-01');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('limits /token, sign-in and refresh together, and supabase-js reports it with its code', async () => {
    const sb = createClient(limited.url, limited.anonKey, { auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: ws as never } });
    for (let i = 0; i < 30; i++) {
      const res = i % 2
        ? await post(limited, '/auth/v1/token?grant_type=refresh_token', JSON.stringify({ refresh_token: 'abcdefghijklmnop' }))
        : await post(limited, '/auth/v1/token?grant_type=password', JSON.stringify({ email: email(), password: 'x' }));
      expect(res.status).toBe(400);
    }
    const res = await post(limited, '/auth/v1/token?grant_type=refresh_token', JSON.stringify({ refresh_token: 'abcdefghijklmnop' }));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const { error } = await sb.auth.signInWithPassword({ email: email(), password: 'secret-pass-1' });
    expect(error).toMatchObject({ status: 429, code: 'over_request_rate_limit' });
  });

  it('takes as long for an unknown address as for a wrong password', async () => {
    const { address } = await signUp(local);
    const time = async (body: object): Promise<number> => {
      const started = performance.now();
      const res = await post(local, '/auth/v1/token?grant_type=password', JSON.stringify(body));
      expect(res.status).toBe(400);
      return performance.now() - started;
    };
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 9; i++) {
      unknown.push(await time({ email: email(), password: 'not-the-password' }));
      wrong.push(await time({ email: address, password: 'not-the-password' }));
    }
    // Both check a bcrypt hash (~10+ ms); without that an unknown address answered in about a tenth.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.6);
    expect(median(wrong)).toBeGreaterThan(median(unknown) * 0.6);
  });
});

describe('a host reachable from the network', () => {
  it('never signs with the public demo secret: a random one per data directory, kept with it, and says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'standin-host-'));
    const demoAnonKey = await signApiKey(DEFAULT_JWT_SECRET, 'anon');
    try {
      const first = await startLocalSupabase({ port: 0, host: '0.0.0.0', dataDir });
      let anonKey: string;
      try {
        expect(first.jwtSecretSource).toBe('generated');
        expect(first.jwtSecret).not.toBe(DEFAULT_JWT_SECRET);
        expect(first.anonKey).not.toBe(demoAnonKey);
        expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first.jwtSecret);
        expect(describeSecret(first)).toContain(join(dataDir, 'jwt-secret'));
        anonKey = first.anonKey;
        // A key minted with the demo secret is refused.
        const url = first.url.replace('0.0.0.0', '127.0.0.1');
        const forged = await fetch(`${url}/auth/v1/signup`, { method: 'POST', headers: { apikey: demoAnonKey }, body: '{}' });
        expect(forged.status).toBe(401);
      } finally {
        await first.close();
      }
      const again = await startLocalSupabase({ port: 0, host: '0.0.0.0', dataDir });
      try {
        expect(again.anonKey).toBe(anonKey);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Loopback keeps the demo secret (the familiar local anon key), and says why.
    expect(existsSync(dataDir)).toBe(false);
    expect(local.jwtSecretSource).toBe('demo');
    expect(local.anonKey).toBe(demoAnonKey);
  });
});
