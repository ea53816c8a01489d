// Parse what the server answers before the engine trusts it (STYLE.md: validate at every boundary).
// Rows inside a pull are checked one by one later (parse-records.ts), so one bad row cannot stall the cursor.
// Hand-written checks (sync/checks), not zod: the service worker pushes with these too (Background Sync
// with the app closed) and zod would triple its size.
import * as c from '../checks';
import type { PullResponse, PushResponse } from '../protocol';

/** A number, or a numeric string (a bigint column may arrive as text). */
const count: c.Check<number> = (v, path) => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return c.number(n, path);
};

const pushResult: c.Check<PushResponse['results'][number]> = (v, path) => {
  const { status } = c.object({ status: c.oneOf(['applied', 'duplicate', 'rejected']) })(v, path);
  if (status !== 'rejected') return c.object({ seq: count, status: c.oneOf(['applied', 'duplicate']) })(v, path);
  return c.object({ seq: count, status: c.oneOf(['rejected']), code: c.string(), message: c.string() })(v, path);
};

const pushResponse = c.object({
  protocol: c.number,
  applied_through: count,
  server_time: c.string(),
  results: c.array(pushResult),
});

const rows = c.withDefault(c.array(c.unknown), () => []);
const pullResponse = c.object({
  protocol: c.number,
  cursor: c.string(),
  has_more: c.boolean,
  server_time: c.string(),
  prompts: rows,
  runs: rows,
  messages: rows,
  // Protocol 3: absent from older servers' replies.
  tags: c.optional(c.array(c.unknown)),
  folders: c.optional(c.array(c.unknown)),
  run_tags: c.optional(c.array(c.unknown)),
  prompt_tags: c.optional(c.array(c.unknown)),
  run_folders: c.optional(c.array(c.unknown)),
  prompt_versions: c.optional(c.array(c.unknown)),
  run_versions: c.optional(c.array(c.unknown)),
  // Shared runs' memberships that ended: each checked where it is applied (one bad entry is that entry's error).
  removed_runs: c.optional(c.array(c.unknown)),
});

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

function parseWith<T>(check: c.Check<T>, data: unknown, what: string): ParseResult<T> {
  try {
    return { ok: true, value: check(data, '') };
  } catch (error) {
    return { ok: false, message: `Unexpected ${what} reply: ${error instanceof c.CheckIssue ? error.message : 'invalid'}` };
  }
}

export function parsePushResponse(data: unknown): ParseResult<PushResponse> {
  return parseWith(pushResponse, data, 'push') as ParseResult<PushResponse>;
}

/** Rows stay `unknown`-typed in spirit: apply-pull restores each one before use. */
export function parsePullResponse(data: unknown): ParseResult<PullResponse> {
  return parseWith(pullResponse, data, 'pull') as unknown as ParseResult<PullResponse>;
}
