// The sync transport, for the page and the service worker alike: `rpc/sync_push` and `rpc/sync_pull` over
// plain fetch, as supabase-js would send them (SUPABASE-SUBSET.md §9), every reply mapped to a
// TransportResult. supabase-js stays for sign-in; the engine's calls carry the user's token or none go out.
import { PROTOCOL_VERSION, type PullRequest, type PullResponse, type PushRequest, type PushResponse } from '../protocol';
import { parseRetryAfter } from './retry-after';
import type { SyncTransport, TransportFailure, TransportResult } from './transport';
import { parsePullResponse, parsePushResponse, type ParseResult } from './parse-sync-response';

export interface FetchTransportOptions {
  supabaseUrl: string;
  anonKey: string;
  /**
   * The signed-in user's access token at the time of each request (it may be refreshed in between), or
   * null when there is none: then nothing is sent (the anon key would only be refused) and the call
   * reports `unauthorized`, so the engine refreshes first.
   */
  accessToken(): string | null | Promise<string | null>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The protocol version sent (tests play an old app with it). */
  protocol?: number;
  /** Device time for an HTTP-date Retry-After. */
  now?(): number;
}

interface RpcError {
  code?: string;
  message?: string;
  details?: string;
}

/** The range a 426 names in its details (`{"min":1,"max":2}`); zeros when unreadable. */
function protocolRange(details: string | undefined): { min: number; max: number } {
  try {
    const range = JSON.parse(details ?? '') as { min?: unknown; max?: unknown };
    return { min: typeof range.min === 'number' ? range.min : 0, max: typeof range.max === 'number' ? range.max : 0 };
  } catch {
    return { min: 0, max: 0 };
  }
}

/** Map a failed PostgREST reply to what the engine should do with it. */
export function classifyRpcFailure(status: number, error: RpcError, retryAfterMs?: number): TransportFailure {
  const message = error.message ?? `HTTP ${status}`;
  if (status === 401 || (error.code ?? '').startsWith('PGRST30')) return { kind: 'unauthorized', message };
  if (status === 426) return { kind: 'outdated', ...protocolRange(error.details), message };
  if (status === 413) return { kind: 'rejected', code: 'payload_too_large', message };
  if (status === 408 || status === 429 || status >= 500 || status === 404 || status === 300) {
    // 404/300: the function is missing or ambiguous (server not migrated yet), not a fault of the data.
    return { kind: 'server', status, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  return { kind: 'rejected', code: error.code ?? String(status), message };
}

async function readError(response: Response): Promise<RpcError> {
  try {
    const body = (await response.json()) as Record<string, unknown>;
    const text = (key: string) => (typeof body[key] === 'string' ? { [key]: body[key] as string } : {});
    return { ...text('code'), ...text('message'), ...text('details') };
  } catch {
    return {}; // not JSON (a proxy's error page): the status alone decides
  }
}

/**
 * One signed-in RPC call over fetch, mapped to a TransportResult: the engine's calls and the initial
 * sync's (sync/snapshot) all go through this. No token, no call.
 */
export function createRpcCaller(options: FetchTransportOptions) {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const protocol = options.protocol ?? PROTOCOL_VERSION;
  const now = options.now ?? Date.now;
  const base = options.supabaseUrl.replace(/\/+$/, '');

  return async function call<T>(fn: string, args: object, parse: (data: unknown) => ParseResult<T>): Promise<TransportResult<T>> {
    let token: string | null;
    try {
      token = await options.accessToken();
    } catch (error) {
      return { kind: 'unauthorized', message: `No session to sync with: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!token) return { kind: 'unauthorized', message: 'Not signed in (or the session could not be renewed yet).' };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await doFetch(`${base}/rest/v1/rpc/${fn}`, {
        method: 'POST',
        headers: {
          apikey: options.anonKey,
          authorization: `Bearer ${token}`,
          'content-profile': 'public',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ ...args, protocol }),
        signal: controller.signal,
      });
      if (!response.ok) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
        return classifyRpcFailure(response.status, await readError(response), retryAfterMs);
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
  };
}

export function createFetchTransport(options: FetchTransportOptions): SyncTransport {
  const call = createRpcCaller(options);
  return {
    push: (req: PushRequest) => call<PushResponse>('sync_push', { client_id: req.client_id, changes: req.changes }, parsePushResponse),
    pull: (req: PullRequest) => call<PullResponse>('sync_pull', { since: req.since, max_rows: req.max_rows }, parsePullResponse),
  };
}
