// The engine's only view of the server: push a batch, pull since a cursor. Every outcome is a value,
// so the engine decides retry, refresh or dead letter without catching exceptions.
import type { PullRequest, PullResponse, PushRequest, PushResponse } from '../protocol';

export type TransportFailure =
  /** The request may or may not have reached the server (no connection, connection reset). */
  | { kind: 'network'; message: string }
  /** No answer in time; the server may still have committed. */
  | { kind: 'timeout'; message: string }
  /** 5xx, 429, 408 or an unexpected reply: try again later (after `retryAfterMs` when given). */
  | { kind: 'server'; status: number; retryAfterMs?: number; message: string }
  /** The session is missing or expired: refresh, then retry. */
  | { kind: 'unauthorized'; message: string }
  /** The server refused the request itself (validation, permissions): retrying as is will fail again. */
  | { kind: 'rejected'; code: string; message: string };

export type TransportResult<T> = { kind: 'ok'; value: T } | TransportFailure;

/** Port implemented by the Supabase transport and by the fake server used in tests. */
export interface SyncTransport {
  push(req: PushRequest): Promise<TransportResult<PushResponse>>;
  pull(req: PullRequest): Promise<TransportResult<PullResponse>>;
}
