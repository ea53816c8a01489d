// Prompt library on the device: templates with {{variables}} and model settings.
import type { PromptRunsDB } from '../db';
import { AppError, PROMPT_EDITABLE_FIELDS, type Prompt, type Result } from '../model';
import { parseRecords, parsePromptRecord } from '../parse-records';
import { clockFor, newId } from '../clock';
import { checkFields } from '../limits';
import { enqueue, enqueueMany, mutate } from './write';
import { copyTags } from './tags';
import { promptVersionsOf, recordPromptVersion, touchesPromptSnapshot } from './versions';

export type PromptInput = Partial<
  Pick<Prompt, 'name' | 'description' | 'system_message' | 'user_template' | 'variables' | 'settings'>
>;

export async function listPrompts(db: PromptRunsDB): Promise<Prompt[]> {
  const rows = await db.prompts.orderBy('updated_at').reverse().toArray();
  return parseRecords(rows, parsePromptRecord).valid.filter((p) => p.status !== 'deleted');
}

export async function getPrompt(db: PromptRunsDB, id: string): Promise<Prompt | null> {
  const raw = await db.prompts.get(id);
  if (!raw) return null;
  const restored = parsePromptRecord(raw);
  if (!restored.ok) console.warn(`[prompt-runs] ${restored.error.message}`);
  return restored.ok ? restored.value : null;
}

function validate(input: PromptInput): AppError | null {
  if (input.name !== undefined && input.name.trim() === '') return new AppError('invalid_input', 'A prompt needs a name.');
  // What the server would refuse is refused here, before anything is queued (sync/limits.ts).
  const problem = checkFields(input, 'prompt');
  return problem ? new AppError('invalid_input', problem.message) : null;
}

/** A new prompt's row (not yet written), or why its input is refused. */
export function newPrompt(
  db: PromptRunsDB,
  { source_run_id, ...input }: PromptInput & Pick<Prompt, 'source_run_id'>,
  id: string = newId(),
): Result<Prompt> {
  const invalid = validate(input);
  if (invalid) return { ok: false, error: invalid };
  const now = clockFor(db).nowIso();
  return {
    ok: true,
    value: {
      id,
      user_id: null,
      name: input.name?.trim() || 'Untitled prompt',
      description: input.description ?? '',
      system_message: input.system_message ?? '',
      user_template: input.user_template ?? '',
      variables: input.variables ?? [],
      settings: input.settings ?? { provider: 'echo', model_id: 'echo' },
      status: 'active',
      created_at: now,
      updated_at: now,
      field_updated_at: Object.fromEntries(PROMPT_EDITABLE_FIELDS.map((f) => [f, now])),
      ...(source_run_id ? { source_run_id } : {}),
    },
  };
}

export async function createPrompt(
  db: PromptRunsDB,
  input: PromptInput & Pick<Prompt, 'source_run_id'>,
  id: string = newId(),
): Promise<Result<Prompt>> {
  const made = newPrompt(db, input, id);
  if (!made.ok) return made;
  return mutate(db, ['prompts', 'promptVersions'], async () => {
    await addPrompts(db, [made.value]);
    return made.value;
  });
}

/**
 * Inside a transaction over prompts, promptVersions, outbox and meta: add new prompts, each with its first
 * version, and queue them, in the same few requests however many (a first start adds the examples at once).
 */
export async function addPrompts(db: PromptRunsDB, prompts: readonly Prompt[]): Promise<void> {
  await db.prompts.bulkAdd(prompts);
  const versions = await promptVersionsOf(db, prompts);
  await db.promptVersions.bulkAdd(versions);
  // Each prompt is queued before its version: the server takes a version only of a prompt it has.
  await enqueueMany(db, [
    ...prompts.map((p) => ({ table: 'prompts' as const, rowId: p.id, fields: [...PROMPT_EDITABLE_FIELDS], isNew: true })),
    ...versions.map((v) => ({ table: 'promptVersions' as const, rowId: v.id, isNew: true })),
  ]);
}

async function patchPrompt(db: PromptRunsDB, id: string, patch: Partial<Prompt>): Promise<Result<Prompt>> {
  return mutate(db, ['prompts', 'promptVersions'], async () => {
    const current = await getPrompt(db, id);
    if (!current) throw new AppError('not_found', 'That prompt no longer exists on this device.');
    const now = clockFor(db).nowIso();
    const fields = Object.keys(patch);
    const next: Prompt = {
      ...current,
      ...patch,
      updated_at: now,
      field_updated_at: { ...current.field_updated_at, ...Object.fromEntries(fields.map((f) => [f, now])) },
    };
    await db.prompts.put(next);
    await enqueue(db, { table: 'prompts', rowId: id, fields });
    if (touchesPromptSnapshot(fields)) await recordPromptVersion(db, next, current);
    return next;
  });
}

export async function updatePrompt(db: PromptRunsDB, id: string, patch: PromptInput): Promise<Result<Prompt>> {
  const invalid = validate(patch);
  if (invalid) return { ok: false, error: invalid };
  const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<Prompt>;
  if (clean.name) clean.name = clean.name.trim();
  return patchPrompt(db, id, clean);
}

/** A copy named "… (copy)", with the same tags, in one transaction. */
export async function duplicatePrompt(db: PromptRunsDB, id: string): Promise<Result<Prompt>> {
  const source = await getPrompt(db, id);
  if (!source) return { ok: false, error: new AppError('not_found', 'That prompt no longer exists on this device.') };
  return mutate(db, ['prompts', 'promptVersions', 'tags', 'promptTags'], async () => {
    const copy = await createPrompt(db, {
      name: `${source.name} (copy)`,
      description: source.description,
      system_message: source.system_message,
      user_template: source.user_template,
      variables: structuredClone(source.variables),
      settings: structuredClone(source.settings),
    });
    if (!copy.ok) throw copy.error;
    await copyTags(db, 'prompt', source.id, copy.value.id);
    return copy.value;
  });
}

/** Soft delete: the prompt's runs stay reachable from the runs library. */
export async function deletePrompt(db: PromptRunsDB, id: string): Promise<Result<void>> {
  const result = await patchPrompt(db, id, { status: 'deleted' });
  return result.ok ? { ok: true, value: undefined } : result;
}
