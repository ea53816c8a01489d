// Validation of everything read back from IndexedDB, the server or an import file. A record that does
// not fit is reported and skipped by the caller; it never reaches a component.
// zod/mini (the same zod, functional API): it tree-shakes, so this module, read on every start, stays small
// in the first route's bundle. The English locale gives the same issue wording as classic zod.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { AppError, err, ok, type Message, type Prompt, type Result, type Run } from './model';

z.config(en());

const isoDate = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'not a date'));
const nonEmpty = () => z.string().check(z.minLength(1));
const withDefault = <T extends z.ZodMiniType>(schema: T, value: z.output<T>) => z._default(schema, value as never);
const settings = z.catchall(
  z.object({
    provider: withDefault(z.string(), 'echo'),
    model_id: withDefault(z.string(), 'echo'),
    temperature: z.optional(z.number()),
    max_tokens: z.optional(z.int()),
  }),
  z.unknown(),
);
const defaultSettings = () => withDefault(settings, { provider: 'echo', model_id: 'echo' });
const clocks = withDefault(z.record(z.string(), z.string()), {});

const runSchema = z.object({
  id: nonEmpty(),
  prompt_id: nonEmpty(),
  user_id: withDefault(z.nullable(z.string()), null),
  name: withDefault(z.string(), ''),
  description: z.pipe(withDefault(z.nullable(z.string()), ''), z.transform((s) => s ?? '')),
  variable_values: withDefault(z.record(z.string(), z.string()), {}),
  settings: defaultSettings(),
  status: withDefault(z.enum(['active', 'archived', 'deleted']), 'active'),
  message_count: withDefault(z.int().check(z.nonnegative()), 0),
  is_starred: withDefault(z.boolean(), false),
  created_at: isoDate,
  updated_at: isoDate,
  last_message_at: isoDate,
  current_leaf_id: withDefault(z.nullable(z.string()), null),
  last_message_preview: withDefault(z.string(), ''),
  field_updated_at: clocks,
});

const messageSchema = z.object({
  id: nonEmpty(),
  runId: nonEmpty(),
  parentId: z.nullable(z.string()),
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
  taskId: z.optional(z.string()),
  metadata: z.optional(z.record(z.string(), z.unknown())),
  status: withDefault(z.enum(['streaming', 'done', 'error', 'interrupted']), 'done'),
  createdAt: isoDate,
});

const promptSchema = z.object({
  id: nonEmpty(),
  user_id: withDefault(z.nullable(z.string()), null),
  name: z.string(),
  description: withDefault(z.string(), ''),
  system_message: withDefault(z.string(), ''),
  user_template: withDefault(z.string(), ''),
  variables: withDefault(
    z.array(z.object({ name: z.string(), default_value: withDefault(z.string(), ''), description: z.optional(z.string()) })),
    [],
  ),
  settings: defaultSettings(),
  status: withDefault(z.enum(['active', 'deleted']), 'active'),
  created_at: isoDate,
  updated_at: isoDate,
  field_updated_at: clocks,
});

function parseWith<T>(schema: z.ZodMiniType<T>, what: string, raw: unknown): Result<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  const id = typeof raw === 'object' && raw !== null && 'id' in raw ? String((raw as { id: unknown }).id) : '?';
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
  return err(new AppError('corrupt_record', `Corrupt ${what} ${id} (${where})`, parsed.error));
}

export const restoreRun = (raw: unknown): Result<Run> => parseWith(runSchema as z.ZodMiniType<Run>, 'run', raw);
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
    : parseWith(messageSchema as z.ZodMiniType<Message>, 'message', raw);
export const restorePrompt = (raw: unknown): Result<Prompt> =>
  parseWith(promptSchema as z.ZodMiniType<Prompt>, 'prompt', raw);

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
