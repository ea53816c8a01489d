// The initial sync's view of the server (supabase/migrations/*_initial_sync_snapshot.sql): a snapshot
// of the runs, newest first, a page at a time, and the messages of the runs the device names. Every
// outcome is a value, from the engine's own caller (fetch-transport.ts).
import * as c from '../checks';
import { createRpcCaller, type FetchTransportOptions } from '../engine/fetch-transport';
import type { TransportResult } from '../engine/transport';

export interface SnapshotRunsRequest {
  /** null starts a snapshot; then the previous page's `next`. */
  after: string | null;
  max_rows: number;
}

export interface SnapshotRunsPage {
  protocol: number;
  /** Every prompt (first page only). Rows stay unchecked here: they are validated one by one on apply. */
  prompts: unknown[];
  /** Runs, newest first. */
  runs: unknown[];
  /** Last page only: runs written since the snapshot began (they may have moved ahead of the pages). */
  changed: unknown[];
  has_more: boolean;
  next: string | null;
  /** sync_pull's cursor for the snapshot: the pull continues from it once the snapshot is held. */
  since: string;
  server_time: string;
}

export interface SnapshotMessagesRequest {
  run_ids: string[];
  after: string | null;
  max_rows: number;
}

export interface SnapshotMessagesPage {
  protocol: number;
  messages: unknown[];
  /** Continues the same run ids; null when every message of them was sent. */
  next: string | null;
  server_time: string;
}

export interface SnapshotTransport {
  runs(req: SnapshotRunsRequest): Promise<TransportResult<SnapshotRunsPage>>;
  messages(req: SnapshotMessagesRequest): Promise<TransportResult<SnapshotMessagesPage>>;
}

const rows = c.withDefault(c.array(c.unknown), () => []);
const cursor = c.withDefault(c.nullable(c.string()), () => null);
const runsPage = c.object({ protocol: c.number, prompts: rows, runs: rows, changed: rows, has_more: c.boolean, next: cursor, since: c.string(1), server_time: c.string() });
const messagesPage = c.object({ protocol: c.number, messages: rows, next: cursor, server_time: c.string() });

function parse<T>(check: c.Check<unknown>, data: unknown, what: string): { ok: true; value: T } | { ok: false; message: string } {
  try {
    return { ok: true, value: check(data, '') as T };
  } catch (error) {
    return { ok: false, message: `Unexpected ${what} reply: ${error instanceof c.CheckIssue ? error.message : 'invalid'}` };
  }
}

/** Over plain fetch with the user's token, through the engine's own caller (fetch-transport.ts): no token, no call. */
export function createFetchSnapshotTransport(options: FetchTransportOptions): SnapshotTransport {
  const rpc = createRpcCaller({ timeoutMs: 60_000, ...options });
  const call = <T>(fn: string, args: object, check: c.Check<unknown>): Promise<TransportResult<T>> => rpc<T>(fn, args, (data) => parse<T>(check, data, fn));
  return {
    runs: (req) => call<SnapshotRunsPage>('sync_snapshot_runs', { after: req.after, max_rows: req.max_rows }, runsPage),
    messages: (req) => call<SnapshotMessagesPage>('sync_snapshot_messages', { run_ids: req.run_ids, after: req.after, max_rows: req.max_rows }, messagesPage),
  };
}
