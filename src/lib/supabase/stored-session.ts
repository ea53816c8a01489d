// The signed-in session as sync sees it, in the page and in the service worker alike: read from the store
// the page's supabase-js writes (shared-auth-store.ts), refreshed through GoTrue with plain fetch, and
// written back so supabase-js picks up the rotated refresh token. Sync does not ask supabase-js to refresh:
// after a failed refresh it answers every refresh for 60 s with that failure, which kept devices from
// syncing for most of a minute after the network healed.
import { authLockName, authStorageKey, readShared, writeShared } from '@/lib/supabase/shared-auth-store';
import type { RuntimeConfig } from '@/lib/supabase/runtime-config';
import { parseRetryAfter } from '@sync/engine/retry-after';

/** What supabase-js stores (SUPABASE-SUBSET.md §3); only these fields matter here, the rest is kept as is. */
export interface StoredSession {
  access_token: string;
  refresh_token: string;
  expires_at: number;
  user: { id: string };
  [field: string]: unknown;
}

/** Refresh this long before expiry, as supabase-js does (EXPIRY_MARGIN_MS), so a push never races the clock. */
const EXPIRY_MARGIN_MS = 90_000;
const REFRESH_TIMEOUT_MS = 10_000;

export function parseStoredSession(raw: string | null): StoredSession | null {
  if (raw === null) return null;
  try {
    const s = JSON.parse(raw) as Partial<StoredSession> | null;
    const ok = !!s && typeof s.access_token === 'string' && typeof s.refresh_token === 'string' && typeof s.expires_at === 'number'
      && typeof s.user === 'object' && s.user !== null && typeof s.user.id === 'string';
    return ok ? (s as StoredSession) : null;
  } catch {
    return null;
  }
}

export function readStoredSession(config: RuntimeConfig): Promise<StoredSession | null> {
  return readShared(authStorageKey(config.supabaseUrl)).then(parseStoredSession);
}

export function expiresSoon(session: StoredSession, nowMs: number): boolean {
  return session.expires_at * 1000 - nowMs < EXPIRY_MARGIN_MS;
}

export interface LockManagerLike {
  request<T>(name: string, callback: (lock: unknown) => Promise<T>): Promise<T>;
  request<T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

export interface RefreshDeps {
  config: RuntimeConfig;
  fetch: typeof fetch;
  locks: LockManagerLike | undefined;
  now(): number;
}

/** The refresh could not be tried or answered: the browser should retry the sync later. */
export class RefreshUnavailableError extends Error {}

/** When GoTrue's rate limit (429) comes without Retry-After (GoTrue itself sends none), wait this long. */
const RATE_LIMIT_WAIT_MS = 10_000;
/** Per auth server: no refresh is sent before this time (its last 429's Retry-After). */
const refreshBlockedUntil = new Map<string, number>();

/**
 * Exchange `stale`'s refresh token for a new session. The stored session is read again first: if a tab
 * already rotated it, that one is used and `stale`'s token is never sent. The Web Lock `lock:sb-<ref>-auth-token`
 * (the name supabase-js uses when given a lock; 2.109 takes none by default) keeps two worker runs apart;
 * a tab refreshing at the very same moment is covered by GoTrue's reuse interval and the commit guard in
 * `exchange`. Null when the session is gone (signed out, or GoTrue refused the token: the page signs out
 * properly at its next open).
 */
export async function refreshStoredSession(deps: RefreshDeps, stale: StoredSession): Promise<StoredSession | null> {
  const attempt = async (): Promise<StoredSession | null> => {
    const current = await readStoredSession(deps.config);
    if (!current) return null;
    if (current.refresh_token !== stale.refresh_token && !expiresSoon(current, deps.now())) return current;
    return exchange(deps, current);
  };
  return deps.locks ? deps.locks.request(authLockName(deps.config.supabaseUrl), attempt) : attempt();
}

async function exchange(deps: RefreshDeps, session: StoredSession): Promise<StoredSession | null> {
  const blockedFor = (refreshBlockedUntil.get(deps.config.supabaseUrl) ?? 0) - deps.now();
  if (blockedFor > 0) {
    throw new RefreshUnavailableError(`The auth server limits refreshes: not asking again for ${Math.ceil(blockedFor / 1000)} s.`);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REFRESH_TIMEOUT_MS);
  let response: Response;
  try {
    response = await deps.fetch(`${deps.config.supabaseUrl.replace(/\/+$/, '')}/auth/v1/token?grant_type=refresh_token`, {
      method: 'POST',
      headers: {
        apikey: deps.config.supabaseAnonKey,
        authorization: `Bearer ${deps.config.supabaseAnonKey}`,
        'content-type': 'application/json;charset=UTF-8',
        'x-supabase-api-version': '2024-01-01',
      },
      body: JSON.stringify({ refresh_token: session.refresh_token }),
      signal: controller.signal,
    });
  } catch (error) {
    throw new RefreshUnavailableError(`Could not reach the auth server: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 429) {
    const wait = parseRetryAfter(response.headers.get('retry-after'), deps.now()) ?? RATE_LIMIT_WAIT_MS;
    refreshBlockedUntil.set(deps.config.supabaseUrl, deps.now() + wait);
    throw new RefreshUnavailableError(`The auth server limits refreshes: try again in ${Math.ceil(wait / 1000)} s.`);
  }
  // 5xx say nothing about the token (supabase-js retries those too).
  if (response.status >= 500 || response.status === 408) {
    throw new RefreshUnavailableError(`The auth server answered ${response.status}.`);
  }
  if (!response.ok) return null;
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  const expiresIn = typeof body?.expires_in === 'number' ? body.expires_in : null;
  const next = parseStoredSession(body && expiresIn !== null
    ? JSON.stringify({ ...body, expires_at: typeof body.expires_at === 'number' ? body.expires_at : Math.round(deps.now() / 1000) + expiresIn })
    : null);
  if (!next) throw new RefreshUnavailableError('The auth server sent a session this app cannot read.');
  // Commit guard, as supabase-js has: if a tab stored another session while we asked (its own refresh, a
  // sign-out or a sign-in), that one wins and ours is dropped.
  const key = authStorageKey(deps.config.supabaseUrl);
  const now = parseStoredSession(await readShared(key));
  if (!now) return null;
  if (now.refresh_token !== session.refresh_token) {
    if (!expiresSoon(now, deps.now())) return now;
    throw new RefreshUnavailableError('The session changed while it was being refreshed; the next try uses the new one.');
  }
  await writeShared(key, JSON.stringify(next));
  return next;
}

/**
 * A token closer than this to its expiry is not sent: the engine renews the session first. A quarter of
 * the token's lifetime at most, so short-lived tokens (a project's JWT expiry of seconds) still get used.
 */
function sendMargin(session: StoredSession): number {
  const lifetime = typeof session.expires_in === 'number' && session.expires_in > 0 ? session.expires_in * 1000 : 3_600_000;
  return Math.min(20_000, lifetime / 4);
}

/** What the sync engine needs of the session: the token to send, and a way to renew it. */
export interface SyncSessionSource {
  /** The user's access token, or null when there is no session or it is (nearly) expired. */
  accessToken(): Promise<string | null>;
  /** Renew the session: `unreachable` when the auth server could not be asked (retried like a network fault). */
  refresh(): Promise<'refreshed' | 'signed-out' | 'unreachable'>;
}

export function createSyncSessionSource(deps: RefreshDeps): SyncSessionSource {
  return {
    async accessToken() {
      const session = await readStoredSession(deps.config);
      return session && session.expires_at * 1000 - deps.now() > sendMargin(session) ? session.access_token : null;
    },
    async refresh() {
      const session = await readStoredSession(deps.config);
      if (!session) return 'signed-out';
      try {
        return (await refreshStoredSession(deps, session)) ? 'refreshed' : 'signed-out';
      } catch (error) {
        if (error instanceof RefreshUnavailableError) return 'unreachable';
        throw error;
      }
    },
  };
}
