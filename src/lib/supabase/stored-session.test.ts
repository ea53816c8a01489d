// The service worker's refresh under GoTrue's rate limit: a 429 keeps the session, and no refresh is
// sent again before its Retry-After.
import { describe, expect, it } from 'vitest';
import { authStorageKey, writeShared } from '@/lib/supabase/shared-auth-store';
import { parseStoredSession, refreshStoredSession, RefreshUnavailableError } from './stored-session';

const CONFIG = { supabaseUrl: 'http://127.0.0.1:54398', supabaseAnonKey: 'anon-key' };
const NOW = Date.parse('2026-12-05T10:00:00Z');

describe('worker refresh and rate limits', () => {
  it('treats a 429 as "try later", keeps the session, and sends nothing before Retry-After', async () => {
    const stale = { access_token: 'at-1', refresh_token: 'rt-1', expires_at: Math.round(NOW / 1000) - 60, user: { id: 'u1' } };
    await writeShared(authStorageKey(CONFIG.supabaseUrl), JSON.stringify(stale));
    let calls = 0;
    let limited = true;
    const fetchFn: typeof fetch = async () => {
      calls += 1;
      return limited
        ? new Response(JSON.stringify({ code: 'over_request_rate_limit', message: 'Request rate limit reached' }), { status: 429, headers: { 'retry-after': '20' } })
        : new Response(JSON.stringify({ ...stale, access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600, expires_at: undefined }), { status: 200 });
    };
    let now = NOW;
    const deps = { config: CONFIG, fetch: fetchFn, locks: undefined, now: () => now };
    const session = parseStoredSession(JSON.stringify(stale))!;

    await expect(refreshStoredSession(deps, session)).rejects.toThrow(/try again in 20 s/);
    expect(calls).toBe(1);
    now += 15_000;
    await expect(refreshStoredSession(deps, session)).rejects.toBeInstanceOf(RefreshUnavailableError);
    expect(calls).toBe(1);
    now += 6_000;
    limited = false;
    expect((await refreshStoredSession(deps, session))?.refresh_token).toBe('rt-2');
    expect(calls).toBe(2);
  });
});
