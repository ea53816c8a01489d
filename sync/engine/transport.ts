// The engine's only view of the server: push a batch, pull since a cursor. Every outcome is a value,
// so the engine decides retry, refresh, split or dead letter without catching exceptions.
import type { PullRequest, PullResponse, PushRequest, PushResponse } from '../protocol';

export type TransportFailure =
  /** The request may or may not have reached the server (no connection, connection reset). */
  | { kind: 'network'; message: string }
  /** No answer in time; the server may still have committed. */
  | { kind: 'timeout'; message: string }
  /** 5xx, 429, 408 or an unexpected reply: try again later (after `retryAfterMs` when given). */
  | { kind: 'server'; status: number; retryAfterMs?: number; message: string }
  /** No user session, or it expired: refresh, then retry (a sync call never goes out without a user's token). */
  | { kind: 'unauthorized'; message: string }
  /** The server refused the request itself (validation, a whole call over the limits: 413): as is, it fails again. */
  | { kind: 'rejected'; code: string; message: string }
  /** The server no longer speaks this app's protocol (426): stop syncing until the app is reloaded. */
  | { kind: 'outdated'; min: number; max: number; message: string };

export type TransportResult<T> = { kind: 'ok'; value: T } | TransportFailure;

/** Port implemented by the fetch transport and by the fake server used in tests. */
export interface SyncTransport {
  push(req: PushRequest): Promise<TransportResult<PushResponse>>;
  pull(req: PullRequest): Promise<TransportResult<PullResponse>>;
}
