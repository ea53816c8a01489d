// A fake GoTrue (refresh grant, rotating tokens) and PostgREST (rpc/sync_push, rpc/sync_pull) behind
// `fetch`, over the fake sync server; and Web Locks as Chromium grants them. For tests of the service
// worker's push and of who leads sync.
import { FakeSyncServer } from '@sync/engine/fake-server';
import type { PullRequest, PushRequest } from '@sync/protocol';

export const CONFIG = { supabaseUrl: 'http://127.0.0.1:54399', supabaseAnonKey: 'anon-key' };
export const NOW = Date.parse('2026-11-26T05:00:00Z');

/** GoTrue's refresh grant (rotating, one use per token) and PostgREST's rpc/sync_push, in memory. */
export function createFakeBackend(userId: string) {
  const server = new FakeSyncServer({ userId, now: () => NOW });
  const validAccess = new Set<string>();
  let activeRefresh = '';
  let n = 0;
  const state = {
    server,
    offline: false,
    refreshCalls: 0,
    pushCalls: 0,
    usedRefreshTokens: [] as string[],
    /** Refuse any whole request that carries this change id (as a 400 from a check constraint would). */
    refuseChangeId: null as string | null,
    /** Called while a push is being answered (tests hold it open to see who else pushes meanwhile). */
    duringPush: null as (() => Promise<void>) | null,
    issue(expiresAt: number) {
      n += 1;
      const session = { access_token: `at-${n}`, refresh_token: `rt-${n}`, expires_at: expiresAt, expires_in: 3600, token_type: 'bearer', user: { id: userId, email: 'ada@example.com' } };
      validAccess.add(session.access_token);
      activeRefresh = session.refresh_token;
      return session;
    },
    revokeAccessTokens: () => validAccess.clear(),
  };
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchFn: typeof fetch = async (input, init) => {
    if (state.offline) throw new TypeError('Failed to fetch');
    const url = String(input);
    const headers = new Headers(init?.headers);
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    if (url === `${CONFIG.supabaseUrl}/auth/v1/token?grant_type=refresh_token`) {
      state.refreshCalls += 1;
      const token = String(body.refresh_token);
      state.usedRefreshTokens.push(token);
      if (headers.get('apikey') !== CONFIG.supabaseAnonKey) return json(401, { message: 'No API key found in request' });
      if (token !== activeRefresh) return json(400, { code: 'refresh_token_already_used', message: 'Invalid Refresh Token: Already Used' });
      const { expires_at: _drop, ...fresh } = state.issue(Math.round(NOW / 1000) + 3600);
      return json(200, fresh); // no expires_at: the client derives it from expires_in, as supabase-js does
    }
    if (url === `${CONFIG.supabaseUrl}/rest/v1/rpc/sync_push`) {
      state.pushCalls += 1;
      const token = headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
      if (headers.get('apikey') !== CONFIG.supabaseAnonKey || headers.get('content-profile') !== 'public') return json(400, { code: 'PGRST106', message: 'bad headers' });
      if (!validAccess.has(token)) return json(401, { code: 'PGRST301', message: 'JWT expired' });
      const req = body as unknown as PushRequest;
      if (state.refuseChangeId && req.changes.some((c) => c.id === state.refuseChangeId)) return json(400, { code: '23514', message: 'violates check constraint' });
      await state.duringPush?.();
      return json(200, server.push(req));
    }
    if (url === `${CONFIG.supabaseUrl}/rest/v1/rpc/sync_pull`) {
      const token = headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
      if (!validAccess.has(token)) return json(401, { code: 'PGRST301', message: 'JWT expired' });
      return json(200, server.pull(body as unknown as PullRequest));
    }
    return json(404, { message: `no route ${url}` });
  };
  return { state, fetchFn };
}

/** Web Locks as Chromium grants them, with `held` standing for locks an open tab holds. */
export function createLocks(held = new Set<string>()) {
  const requested: string[] = [];
  const request = async (name: string, ...rest: unknown[]) => {
    const callback = rest.at(-1) as (lock: unknown) => Promise<unknown>;
    const options = (rest.length > 1 ? rest[0] : {}) as { ifAvailable?: boolean };
    requested.push(name);
    if (held.has(name)) {
      if (options.ifAvailable) return callback(null);
      throw new Error(`test would wait forever for ${name}`);
    }
    held.add(name);
    try {
      return await callback({ name });
    } finally {
      held.delete(name);
    }
  };
  return { held, requested, request: request as never };
}


/**
 * Web Locks with waiting: a request for a held lock waits its turn (or, with `ifAvailable`, gets null at
 * once); a waiting request is dropped when its signal aborts. Locks pass straight to the next in line.
 */
export function createWaitingLocks() {
  const held = new Set<string>();
  const queues = new Map<string, Array<() => void>>();
  const request = async (name: string, ...rest: unknown[]) => {
    const callback = rest.at(-1) as (lock: unknown) => Promise<unknown>;
    const options = (rest.length > 1 ? rest[0] : {}) as { ifAvailable?: boolean; signal?: AbortSignal };
    if (held.has(name)) {
      if (options.ifAvailable) return callback(null);
      await new Promise<void>((resolve, reject) => {
        const queue = queues.get(name) ?? [];
        queues.set(name, queue);
        queue.push(resolve);
        options.signal?.addEventListener('abort', () => {
          queue.splice(queue.indexOf(resolve), 1);
          reject(new DOMException('The request was aborted.', 'AbortError'));
        });
      });
    } else held.add(name);
    try {
      return await callback({ name });
    } finally {
      const next = queues.get(name)?.shift();
      if (next) next(); // handed over: still held
      else held.delete(name);
    }
  };
  return { held, request: request as never };
}
