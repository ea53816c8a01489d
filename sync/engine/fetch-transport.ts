// The sync transport over plain fetch, for the service worker (supabase-js stays out of its bundle): the
// same `rpc/sync_push` and `rpc/sync_pull` requests supabase-js sends (SUPABASE-SUBSET.md §9), every reply
// mapped exactly as supabase-transport.ts maps supabase-js's, so the engine's pieces behave the same.
import type { PullRequest, PullResponse, PushRequest, PushResponse } from '../protocol';
import { parseRetryAfter } from './retry-after-fetch';
import { classifyRpcFailure } from './supabase-transport';
import type { SyncTransport, TransportResult } from './transport';
import { parsePullResponse, parsePushResponse, type ParseResult } from './parse-sync-response';

export interface FetchTransportOptions {
  supabaseUrl: string;
  anonKey: string;
  /** The signed-in user's access token at the time of each request (it may be refreshed in between). */
  accessToken(): string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

async function readError(response: Response): Promise<{ code?: string; message?: string }> {
  try {
    const body = (await response.json()) as { code?: unknown; message?: unknown };
    return {
      ...(typeof body.code === 'string' ? { code: body.code } : {}),
      ...(typeof body.message === 'string' ? { message: body.message } : {}),
    };
  } catch {
    return {}; // not JSON (a proxy's error page): the status alone decides
  }
}

export function createFetchTransport(options: FetchTransportOptions): SyncTransport {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const base = options.supabaseUrl.replace(/\/+$/, '');

  async function call<T>(fn: string, args: object, parse: (data: unknown) => ParseResult<T>): Promise<TransportResult<T>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await doFetch(`${base}/rest/v1/rpc/${fn}`, {
        method: 'POST',
        headers: {
          apikey: options.anonKey,
          authorization: `Bearer ${options.accessToken()}`,
          'content-profile': 'public',
          'content-type': 'application/json',
        },
        body: JSON.stringify(args),
        signal: controller.signal,
      });
      if (!response.ok) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
        return classifyRpcFailure(response.status, await readError(response), false, retryAfterMs);
      }
      // A 2xx that is not the expected JSON is the server's fault, not the connection's: retried later.
      const parsed = parse(await response.json().catch(() => undefined));
      return parsed.ok ? { kind: 'ok', value: parsed.value } : { kind: 'server', status: response.status, message: parsed.message };
    } catch (thrown) {
      if (controller.signal.aborted) return { kind: 'timeout', message: 'The server did not answer in time.' };
      return { kind: 'network', message: thrown instanceof Error ? thrown.message : String(thrown) };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    push: (req: PushRequest) => call<PushResponse>('sync_push', { client_id: req.client_id, changes: req.changes }, parsePushResponse),
    pull: (req: PullRequest) => call<PullResponse>('sync_pull', { since: req.since, max_rows: req.max_rows }, parsePullResponse),
  };
}
