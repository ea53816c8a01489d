// Validation of everything read back from IndexedDB, the server or an import file. A record that does
// not fit is reported and skipped by the caller; it never reaches a component.
import * as c from './checks';
import { AppError, err, ok, type Message, type Prompt, type Result, type Run } from './model';

const settings = () =>
  c.withDefault(
    c.object(
      {
        provider: c.withDefault(c.string(), () => 'echo'),
        model_id: c.withDefault(c.string(), () => 'echo'),
        temperature: c.optional(c.number),
        max_tokens: c.optional(c.int()),
      },
      true,
    ),
    () => ({ provider: 'echo', model_id: 'echo' }),
  );
const clocks = () => c.withDefault(c.record(c.string()), () => ({}));
const nullableString = (fallback: string | null) => c.withDefault(c.nullable(c.string()), () => fallback);

const runSchema = c.object({
  id: c.string(1),
  prompt_id: c.string(1),
  user_id: nullableString(null),
  name: c.withDefault(c.string(), () => ''),
  description: (v: unknown, path: string) => nullableString('')(v, path) ?? '',
  variable_values: c.withDefault(c.record(c.string()), () => ({})),
  settings: settings(),
  status: c.withDefault(c.oneOf(['active', 'archived', 'deleted']), () => 'active' as const),
  message_count: c.withDefault(c.int(0), () => 0),
  visible_message_count: c.optional(c.int(0)),
  is_starred: c.withDefault(c.boolean, () => false),
  is_pinned: c.withDefault(c.boolean, () => false),
  created_at: c.isoDate,
  updated_at: c.isoDate,
  last_message_at: c.isoDate,
  current_leaf_id: nullableString(null),
  last_message_preview: c.withDefault(c.string(), () => ''),
  field_updated_at: clocks(),
  prompt_version_id: c.optional(c.nullable(c.string())),
  shared: c.optional(
    c.nullable(
      c.object({
        role: c.oneOf(['viewer', 'editor']),
        owner_email: c.withDefault(c.string(), () => ''),
        prompt_name: nullableString(null),
        people: c.withDefault(
          c.array(c.object({ user_id: c.string(1), email: c.withDefault(c.string(), () => ''), role: c.oneOf(['owner', 'viewer', 'editor']) })),
          () => [],
        ),
      }),
    ),
  ),
});

const messageSchema = c.object({
  id: c.string(1),
  runId: c.string(1),
  parentId: c.nullable(c.string()),
  role: c.oneOf(['system', 'user', 'assistant']),
  content: c.string(),
  taskId: c.optional(c.string()),
  metadata: c.optional(c.record(c.unknown)),
  status: c.withDefault(c.oneOf(['streaming', 'done', 'error', 'interrupted']), () => 'done' as const),
  createdAt: c.isoDate,
  authorId: c.optional(c.string(1)),
});

const promptSchema = c.object({
  id: c.string(1),
  user_id: nullableString(null),
  name: c.string(),
  description: c.withDefault(c.string(), () => ''),
  system_message: c.withDefault(c.string(), () => ''),
  user_template: c.withDefault(c.string(), () => ''),
  variables: c.withDefault(
    c.array(
      c.object({
        name: c.string(),
        default_value: c.withDefault(c.string(), () => ''),
        description: c.optional(c.string()),
        private: c.optional(c.boolean),
      }),
    ),
    () => [],
  ),
  settings: settings(),
  status: c.withDefault(c.oneOf(['active', 'deleted']), () => 'active' as const),
  created_at: c.isoDate,
  updated_at: c.isoDate,
  field_updated_at: clocks(),
  source_run_id: c.optional(c.nullable(c.string())),
});

function parseWith<T>(check: c.Check<unknown>, what: string, raw: unknown): Result<T> {
  try {
    return ok(check(raw, '') as T);
  } catch (error) {
    if (!(error instanceof c.CheckIssue)) throw error;
    const id = typeof raw === 'object' && raw !== null && 'id' in raw ? String((raw as { id: unknown }).id) : '?';
    return err(new AppError('corrupt_record', `Corrupt ${what} ${id} (${error.message})`, error));
  }
}

export const parseRunRecord = (raw: unknown): Result<Run> => parseWith<Run>(runSchema, 'run', raw);
const ROLES = new Set(['system', 'user', 'assistant']);
const STATUSES = new Set(['streaming', 'done', 'error', 'interrupted']);

/** Hot path (a 1,000-message run is read on every open): a few plain checks first, the full check only to explain a failure. */
function isWellFormedMessage(m: Record<string, unknown>): boolean {
  return (
    typeof m.id === 'string' && m.id.length > 0 && typeof m.runId === 'string' && m.runId.length > 0 &&
    (m.parentId === null || typeof m.parentId === 'string') && ROLES.has(m.role as string) &&
    typeof m.content === 'string' && STATUSES.has(m.status as string) && typeof m.createdAt === 'string' &&
    !Number.isNaN(Date.parse(m.createdAt)) && (m.taskId === undefined || typeof m.taskId === 'string') &&
    (m.metadata === undefined || (typeof m.metadata === 'object' && m.metadata !== null && !Array.isArray(m.metadata))) &&
    (m.authorId === undefined || (typeof m.authorId === 'string' && m.authorId.length > 0))
  );
}

export const parseMessageRecord = (raw: unknown): Result<Message> =>
  typeof raw === 'object' && raw !== null && isWellFormedMessage(raw as Record<string, unknown>)
    ? ok(raw as Message)
    : parseWith<Message>(messageSchema, 'message', raw);
export const parsePromptRecord = (raw: unknown): Result<Prompt> =>
  parseWith<Prompt>(promptSchema, 'prompt', raw);

/** Keep the valid records, report the others once (console) and count them. */
export function parseRecords<T>(rows: unknown[], parse: (raw: unknown) => Result<T>): { valid: T[]; corrupt: number } {
  const valid: T[] = [];
  let corrupt = 0;
  for (const row of rows) {
    const result = parse(row);
    if (result.ok) valid.push(result.value);
    else {
      corrupt += 1;
      console.warn(`[prompt-runs] skipped a record: ${result.error.message}`);
    }
  }
  return { valid, corrupt };
}
