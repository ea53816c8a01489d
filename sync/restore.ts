// Validation of everything read back from IndexedDB, the server or an import file. A record that does
// not fit is reported and skipped by the caller; it never reaches a component.
import { z } from 'zod';
import { AppError, err, ok, type Message, type Prompt, type Result, type Run } from './model';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');
const settings = z
  .object({
    provider: z.string().default('echo'),
    model_id: z.string().default('echo'),
    temperature: z.number().optional(),
    max_tokens: z.number().int().optional(),
  })
  .catchall(z.unknown());
const clocks = z.record(z.string(), z.string()).default({});

const runSchema = z.object({
  id: z.string().min(1),
  prompt_id: z.string().min(1),
  user_id: z.string().nullable().default(null),
  name: z.string().default(''),
  description: z.string().nullable().default('').transform((s) => s ?? ''),
  variable_values: z.record(z.string(), z.string()).default({}),
  settings: settings.default({ provider: 'echo', model_id: 'echo' }),
  status: z.enum(['active', 'archived', 'deleted']).default('active'),
  message_count: z.number().int().nonnegative().default(0),
  is_starred: z.boolean().default(false),
  created_at: isoDate,
  updated_at: isoDate,
  last_message_at: isoDate,
  current_leaf_id: z.string().nullable().default(null),
  last_message_preview: z.string().default(''),
  field_updated_at: clocks,
});

const messageSchema = z.object({
  id: z.string().min(1),
  runId: z.string().min(1),
  parentId: z.string().nullable(),
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
  taskId: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  status: z.enum(['streaming', 'done', 'error', 'interrupted']).default('done'),
  createdAt: isoDate,
});

const promptSchema = z.object({
  id: z.string().min(1),
  user_id: z.string().nullable().default(null),
  name: z.string(),
  description: z.string().default(''),
  system_message: z.string().default(''),
  user_template: z.string().default(''),
  variables: z
    .array(z.object({ name: z.string(), default_value: z.string().default(''), description: z.string().optional() }))
    .default([]),
  settings: settings.default({ provider: 'echo', model_id: 'echo' }),
  status: z.enum(['active', 'deleted']).default('active'),
  created_at: isoDate,
  updated_at: isoDate,
  field_updated_at: clocks,
});

function parseWith<T>(schema: z.ZodType<T>, what: string, raw: unknown): Result<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  const id = typeof raw === 'object' && raw !== null && 'id' in raw ? String((raw as { id: unknown }).id) : '?';
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
  return err(new AppError('corrupt_record', `Corrupt ${what} ${id} (${where})`, parsed.error));
}

export const restoreRun = (raw: unknown): Result<Run> => parseWith(runSchema as z.ZodType<Run>, 'run', raw);
const ROLES = new Set(['system', 'user', 'assistant']);
const STATUSES = new Set(['streaming', 'done', 'error', 'interrupted']);

/** Hot path (a 1,000-message run is read on every open): plain checks first, zod only to explain a failure. */
function isWellFormedMessage(m: Record<string, unknown>): boolean {
  return (
    typeof m.id === 'string' && m.id.length > 0 && typeof m.runId === 'string' && m.runId.length > 0 &&
    (m.parentId === null || typeof m.parentId === 'string') && ROLES.has(m.role as string) &&
    typeof m.content === 'string' && STATUSES.has(m.status as string) && typeof m.createdAt === 'string' &&
    !Number.isNaN(Date.parse(m.createdAt)) && (m.taskId === undefined || typeof m.taskId === 'string') &&
    (m.metadata === undefined || (typeof m.metadata === 'object' && m.metadata !== null && !Array.isArray(m.metadata)))
  );
}

export const restoreMessage = (raw: unknown): Result<Message> =>
  typeof raw === 'object' && raw !== null && isWellFormedMessage(raw as Record<string, unknown>)
    ? ok(raw as Message)
    : parseWith(messageSchema as z.ZodType<Message>, 'message', raw);
export const restorePrompt = (raw: unknown): Result<Prompt> =>
  parseWith(promptSchema as z.ZodType<Prompt>, 'prompt', raw);

/** Keep the valid records, report the others once (console) and count them. */
export function restoreAll<T>(rows: unknown[], restore: (raw: unknown) => Result<T>): { valid: T[]; corrupt: number } {
  const valid: T[] = [];
  let corrupt = 0;
  for (const row of rows) {
    const result = restore(row);
    if (result.ok) valid.push(result.value);
    else {
      corrupt += 1;
      console.warn(`[prompt-runs] skipped a record: ${result.error.message}`);
    }
  }
  return { valid, corrupt };
}
