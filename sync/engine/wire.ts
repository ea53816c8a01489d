// Parse what the server answers before the engine trusts it (STYLE.md: validate at every boundary).
// Rows inside a pull are checked one by one later (restore.ts), so one bad row cannot stall the cursor.
import { z } from 'zod';
import type { PullResponse, PushResponse } from '../protocol';

const pushResponseSchema = z.object({
  protocol: z.number(),
  applied_through: z.coerce.number(),
  server_time: z.string(),
  results: z.array(
    z.union([
      z.object({ seq: z.coerce.number(), status: z.enum(['applied', 'duplicate']) }),
      z.object({ seq: z.coerce.number(), status: z.literal('rejected'), code: z.string(), message: z.string() }),
    ]),
  ),
});

const pullResponseSchema = z.object({
  protocol: z.number(),
  cursor: z.string(),
  has_more: z.boolean(),
  server_time: z.string(),
  prompts: z.array(z.unknown()).default([]),
  runs: z.array(z.unknown()).default([]),
  messages: z.array(z.unknown()).default([]),
});

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

export function parsePushResponse(data: unknown): ParseResult<PushResponse> {
  const parsed = pushResponseSchema.safeParse(data);
  return parsed.success
    ? { ok: true, value: parsed.data as PushResponse }
    : { ok: false, message: `Unexpected push reply: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
}

/** Rows stay `unknown`-typed in spirit: apply-pull restores each one before use. */
export function parsePullResponse(data: unknown): ParseResult<PullResponse> {
  const parsed = pullResponseSchema.safeParse(data);
  return parsed.success
    ? { ok: true, value: parsed.data as unknown as PullResponse }
    : { ok: false, message: `Unexpected pull reply: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
}
