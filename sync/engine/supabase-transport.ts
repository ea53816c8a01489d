// The transport over supabase-js: `rpc('sync_push' | 'sync_pull')` with a timeout, every reply mapped
// to a TransportResult. PostgREST errors arrive as {code, message} bodies (SUPABASE-SUBSET.md §9).
import type { SupabaseClient } from '@supabase/supabase-js';
import { PROTOCOL_VERSION, type PullRequest, type PullResponse, type PushRequest, type PushResponse } from '../protocol';
import { classifyRpcFailure } from './fetch-transport';
import type { SyncTransport, TransportResult } from './transport';
import { parsePullResponse, parsePushResponse, type ParseResult } from './parse-sync-response';

export interface SupabaseTransportOptions {
  timeoutMs?: number;
  /** Retry-After of the latest response, in ms (postgrest-js hides headers; see retry-after-fetch.ts). */
  lastRetryAfterMs?: () => number | undefined;
}

export function createSupabaseTransport(client: SupabaseClient, options: SupabaseTransportOptions = {}): SyncTransport {
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call<T>(fn: string, args: object, parse: (data: unknown) => ParseResult<T>): Promise<TransportResult<T>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const { data, error, status } = await client.rpc(fn, args).abortSignal(controller.signal);
      if (controller.signal.aborted) return { kind: 'timeout', message: 'The server did not answer in time.' };
      if (error && status === 0) return { kind: 'network', message: error.message };
      if (error) return classifyRpcFailure(status, { ...error, details: error.details ?? undefined }, options.lastRetryAfterMs?.());
      const parsed = parse(data);
      return parsed.ok ? { kind: 'ok', value: parsed.value } : { kind: 'server', status, message: parsed.message };
    } catch (thrown) {
      // supabase-js rethrows aborts; anything else thrown here is a transport fault, not a data fault.
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      return controller.signal.aborted ? { kind: 'timeout', message: 'The server did not answer in time.' } : { kind: 'network', message };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    push: (req: PushRequest) => call<PushResponse>('sync_push', { client_id: req.client_id, changes: req.changes, protocol: PROTOCOL_VERSION }, parsePushResponse),
    pull: (req: PullRequest) => call<PullResponse>('sync_pull', { since: req.since, max_rows: req.max_rows, protocol: PROTOCOL_VERSION }, parsePullResponse),
  };
}
