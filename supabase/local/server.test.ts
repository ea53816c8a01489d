// The stand-in over HTTP with the real @supabase/supabase-js client in Node: the same calls the app
// makes, answered with the paths, status codes and error bodies of GoTrue and PostgREST.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import type { PullResponse, PushResponse } from '../../sync/protocol';
import { signAccessToken } from './jwt';
import { startLocalSupabase, type LocalSupabase } from './server';

let local: LocalSupabase;

beforeAll(async () => {
  // No reuse interval, so a reused refresh token is refused at once (hardening.test.ts covers the interval).
  local = await startLocalSupabase({ port: 0, jwtSecret: 'a-test-secret-that-is-at-least-32-characters', jwtExpiry: 900, refreshTokenReuseInterval: 0 });
});
afterAll(() => local?.close());

function client(options: { accessToken?: () => Promise<string> } = {}): SupabaseClient {
  return createClient(local.url, local.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: ws as never },
    ...(options.accessToken ? { accessToken: options.accessToken } : {}),
  });
}

const email = (): string => `user-${randomUUID()}@example.test`;

async function signedUp(): Promise<{ sb: SupabaseClient; userId: string; address: string }> {
  const sb = client();
  const address = email();
  const { data, error } = await sb.auth.signUp({ email: address, password: 'secret-pass-1' });
  expect(error).toBeNull();
  return { sb, userId: data.user!.id, address };
}

const raw = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${local.url}${path}`, {
    ...init,
    headers: {
      apikey: local.anonKey,
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  });

describe('accounts (GoTrue subset)', () => {
  it('signs up with autoconfirm and returns a session with the configured expiry', async () => {
    const sb = client();
    const address = email();
    const { data, error } = await sb.auth.signUp({ email: address.toUpperCase(), password: 'secret-pass-1' });
    expect(error).toBeNull();
    expect(data.session?.expires_in).toBe(900);
    expect(data.user?.email).toBe(address);
    const { data: who } = await sb.auth.getUser();
    expect(who.user?.id).toBe(data.user?.id);
  });

  it('refuses a second sign-up, a weak password and a wrong password with GoTrue codes', async () => {
    const { address } = await signedUp();
    const sb = client();
    const again = await sb.auth.signUp({ email: address, password: 'secret-pass-1' });
    expect(again.error).toMatchObject({ status: 422, code: 'user_already_exists' });
    const weak = await sb.auth.signUp({ email: email(), password: '123' });
    expect(weak.error).toMatchObject({ status: 422, code: 'weak_password', name: 'AuthWeakPasswordError' });
    const wrong = await sb.auth.signInWithPassword({ email: address, password: 'not-it' });
    expect(wrong.error).toMatchObject({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' });
  });

  it('signs in with email and password', async () => {
    const { address, userId } = await signedUp();
    const sb = client();
    const { data, error } = await sb.auth.signInWithPassword({ email: address, password: 'secret-pass-1' });
    expect(error).toBeNull();
    expect(data.user?.id).toBe(userId);
  });

  it('rotates the refresh token, hands the active token to a late tab and revokes the session on reuse', async () => {
    const { sb } = await signedUp();
    const first = (await sb.auth.getSession()).data.session!;
    const { data, error } = await sb.auth.refreshSession();
    expect(error).toBeNull();
    const second = data.session!;
    expect(second.refresh_token).not.toBe(first.refresh_token);

    const refresh = (token: string) =>
      raw('/auth/v1/token?grant_type=refresh_token', { method: 'POST', body: JSON.stringify({ refresh_token: token }) });
    // A second tab still holding the parent gets the current child instead of an error.
    const lateTab = await refresh(first.refresh_token);
    expect(((await lateTab.json()) as { refresh_token: string }).refresh_token).toBe(second.refresh_token);

    const third = (await (await refresh(second.refresh_token)).json()) as { refresh_token: string; access_token: string };
    const reuse = await refresh(first.refresh_token);
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toEqual({ code: 'refresh_token_already_used', message: 'Invalid Refresh Token: Already Used' });
    expect(reuse.headers.get('x-supabase-api-version')).toBe('2024-01-01');
    // The whole session is gone: its newest refresh token and /user with its access token both fail.
    expect((await (await refresh(third.refresh_token)).json()) as object).toMatchObject({ code: 'refresh_token_not_found' });
    const user = await raw('/auth/v1/user', { token: third.access_token });
    expect(user.status).toBe(403);
  });

  it('logs out: /user answers 403 session_not_found, while RPC keeps working until the token expires', async () => {
    const { sb } = await signedUp();
    const token = (await sb.auth.getSession()).data.session!.access_token;
    expect((await sb.auth.signOut()).error).toBeNull();
    const user = await raw('/auth/v1/user', { token });
    expect(user.status).toBe(403);
    expect(await user.json()).toEqual({ code: 'session_not_found', message: 'Session from session_id claim in JWT does not exist' });
    const rpc = await raw('/rest/v1/rpc/sync_pull', { method: 'POST', token, body: JSON.stringify({ since: null, max_rows: 1 }) });
    expect(rpc.status).toBe(200);
  });

  it('answers /user without a token with 401 no_authorization', async () => {
    const res = await raw('/auth/v1/user');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'no_authorization' });
  });
});

describe('RPC (PostgREST subset)', () => {
  it('pushes and pulls through supabase-js rpc', async () => {
    const { sb, userId } = await signedUp();
    const promptId = randomUUID();
    const clock = new Date().toISOString();
    const push = await sb.rpc('sync_push', {
      client_id: randomUUID(),
      changes: [{ seq: 1, table: 'prompts', id: promptId, insert: { created_at: clock }, values: { name: 'Over HTTP' }, clocks: { name: clock } }],
    });
    expect(push.error).toBeNull();
    expect((push.data as PushResponse).results).toEqual([{ seq: 1, status: 'applied' }]);
    const pull = await sb.rpc('sync_pull', { since: null, max_rows: 100 });
    expect(pull.error).toBeNull();
    expect((pull.data as PullResponse).prompts).toMatchObject([{ id: promptId, name: 'Over HTTP', user_id: userId }]);
  });

  it('refuses anonymous calls with 401 and 42501', async () => {
    const { error, status } = await client().rpc('sync_pull', { since: null, max_rows: 10 });
    expect(status).toBe(401);
    expect(error).toMatchObject({ code: '42501', message: 'permission denied for function sync_pull' });
  });

  it('answers an expired JWT with 401 PGRST303 "JWT expired"', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await signAccessToken(local.jwtSecret, { sub: randomUUID(), role: 'authenticated', aud: 'authenticated', iat: now - 3600, exp: now - 120 });
    const { error, status } = await client({ accessToken: async () => expired }).rpc('sync_pull', { since: null, max_rows: 10 });
    expect(status).toBe(401);
    expect(error).toEqual({ code: 'PGRST303', details: null, hint: null, message: 'JWT expired' });
  });

  it('answers a token signed with another secret with 401 PGRST301', async () => {
    const forged = await signAccessToken('another-secret-another-secret-another-secret', { sub: randomUUID(), role: 'service_role' });
    const res = await raw('/rest/v1/rpc/sync_pull', { method: 'POST', token: forged, body: '{}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'PGRST301' });
  });

  it('answers unknown functions, wrong argument names and bad JSON like PostgREST', async () => {
    const { sb } = await signedUp();
    const missing = await sb.rpc('no_such_function', {});
    expect(missing.status).toBe(404);
    expect(missing.error?.code).toBe('PGRST202');
    const misspelt = await sb.rpc('sync_pull', { since: null, maxRows: 5 });
    expect(misspelt.error).toMatchObject({ code: 'PGRST202', message: 'Could not find the function public.sync_pull(maxRows, since) in the schema cache' });
    const bad = await raw('/rest/v1/rpc/sync_pull', { method: 'POST', body: '{not json' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'PGRST102', message: 'Empty or invalid json' });
  });

  it('turns a malformed batch into 400 with the SQL error', async () => {
    const { sb } = await signedUp();
    const { error, status } = await sb.rpc('sync_push', { client_id: randomUUID(), changes: { not: 'an array' } });
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: '22023', message: 'changes must be a JSON array of changes' });
  });
});

describe('start-up', () => {
  it('refuses a port already in use with a clear message and leaves no database behind', async () => {
    const port = Number(new URL(local.url).port);
    await expect(startLocalSupabase({ port })).rejects.toThrow(`Port ${port} on 127.0.0.1 is in use`);
  });
});

describe('gateway behaviour', () => {
  it('refuses requests without an API key or with an invalid one', async () => {
    const none = await fetch(`${local.url}/rest/v1/rpc/sync_pull`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ message: 'No API key found in request' });
    const wrong = await raw('/auth/v1/token?grant_type=password', { method: 'POST', headers: { apikey: 'not-a-key' }, body: '{}' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ message: 'Invalid API key' });
  });

  it('answers CORS preflights and exposes the headers supabase-js reads', async () => {
    const pre = await fetch(`${local.url}/auth/v1/token?grant_type=password`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:4173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'apikey,authorization,content-type,x-client-info,x-supabase-api-version' },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-supabase-api-version');
    const failed = await raw('/auth/v1/user');
    expect(failed.headers.get('access-control-expose-headers')).toContain('X-Supabase-Api-Version');
  });
});
