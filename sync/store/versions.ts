// Edit history: every saved edit of a prompt (its text, variables, settings) and of a run's name or
// description is kept as a version with its time and device, written in the edit's own transaction.
// Versions are append-only; restoring one is an ordinary edit (so it syncs, and becomes a version too).
// A prompt or run edited before history was kept gets a baseline version first, its id derived from the
// item's, so two devices doing it make one.
import type { PromptRunsDB } from '../db';
import { AppError, type Prompt, type Result, type Run } from '../model';
import { clockFor, newId } from '../clock';
import { deviceInfo, type DeviceInfo } from '../device';
import { PROMPT_SNAPSHOT_FIELDS, type PromptSnapshot, type PromptVersion, type RunSnapshot, type RunVersion } from '../organize-model';
import { stableId } from '../import/stable-id';
import { enqueueMany } from './write';

/** Device of a baseline: the state before history was kept, written by no device in particular. */
const EARLIER: DeviceInfo = { device_id: '', device_name: '' };

export const promptSnapshot = (p: Prompt): PromptSnapshot => structuredClone(Object.fromEntries(PROMPT_SNAPSHOT_FIELDS.map((f) => [f, p[f]])) as PromptSnapshot);
const runSnapshot = (r: Pick<Run, 'name' | 'description'>): RunSnapshot => ({ name: r.name, description: r.description });

/** Whether an edit of these fields is a new version (a status change or a star is not). */
export const touchesPromptSnapshot = (fields: readonly string[]) => fields.some((f) => (PROMPT_SNAPSHOT_FIELDS as readonly string[]).includes(f));

async function latestPromptVersion(db: PromptRunsDB, promptId: string): Promise<PromptVersion | undefined> {
  return db.promptVersions.where('[prompt_id+created_at]').between([promptId, ''], [promptId, '\uffff']).last();
}

/** Inside a transaction over promptVersions, outbox, meta: keep `prompt` as a version (after a baseline of `before`). */
export async function recordPromptVersion(db: PromptRunsDB, prompt: Prompt, before?: Prompt): Promise<PromptVersion> {
  const rows: PromptVersion[] = [];
  if (before && !(await latestPromptVersion(db, prompt.id))) {
    rows.push({ id: stableId('baseline', prompt.id), prompt_id: prompt.id, created_at: before.updated_at, ...EARLIER, snapshot: promptSnapshot(before) });
  }
  const [version] = await promptVersionsOf(db, [prompt]);
  rows.push(version!);
  await db.promptVersions.bulkPut(rows);
  await enqueueMany(db, rows.map((v) => ({ table: 'promptVersions' as const, rowId: v.id, isNew: true })));
  return version!;
}

/** A version of each prompt as it is now, from this device (its name read once for all), not yet written. */
export async function promptVersionsOf(db: PromptRunsDB, prompts: readonly Prompt[]): Promise<PromptVersion[]> {
  const device = await deviceInfo(db);
  return prompts.map((prompt) => ({ id: newId(), prompt_id: prompt.id, created_at: clockFor(db).nowIso(), ...device, snapshot: promptSnapshot(prompt) }));
}

/** Inside a transaction: the prompt's latest version id, made (as a baseline) if it has none: a run records it at start. */
export async function currentPromptVersionId(db: PromptRunsDB, prompt: Prompt): Promise<string> {
  const latest = await latestPromptVersion(db, prompt.id);
  if (latest) return latest.id;
  const baseline: PromptVersion = { id: stableId('baseline', prompt.id), prompt_id: prompt.id, created_at: prompt.updated_at, ...EARLIER, snapshot: promptSnapshot(prompt) };
  await db.promptVersions.put(baseline);
  await enqueueMany(db, [{ table: 'promptVersions', rowId: baseline.id, isNew: true }]);
  return baseline.id;
}

/** Inside a transaction over runVersions, outbox, meta: keep the run's name and description as a version. */
export async function recordRunVersion(db: PromptRunsDB, run: Run, before: Run): Promise<void> {
  const rows: RunVersion[] = [];
  const first = await db.runVersions.where('[run_id+created_at]').between([run.id, ''], [run.id, '\uffff']).first();
  if (!first) rows.push({ id: stableId('baseline', run.id), run_id: run.id, created_at: before.updated_at, ...EARLIER, snapshot: runSnapshot(before) });
  rows.push({ id: newId(), run_id: run.id, created_at: clockFor(db).nowIso(), ...(await deviceInfo(db)), snapshot: runSnapshot(run) });
  await db.runVersions.bulkPut(rows);
  await enqueueMany(db, rows.map((v) => ({ table: 'runVersions' as const, rowId: v.id, isNew: true })));
}

const newestFirst = <T extends { created_at: string; id: string }>(a: T, b: T) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : -1);

export async function listPromptVersions(db: PromptRunsDB, promptId: string): Promise<PromptVersion[]> {
  return (await db.promptVersions.where('[prompt_id+created_at]').between([promptId, ''], [promptId, '\uffff']).toArray()).sort(newestFirst);
}

export async function listRunVersions(db: PromptRunsDB, runId: string): Promise<RunVersion[]> {
  return (await db.runVersions.where('[run_id+created_at]').between([runId, ''], [runId, '\uffff']).toArray()).sort(newestFirst);
}

export async function getPromptVersion(db: PromptRunsDB, id: string): Promise<Result<PromptVersion>> {
  const version = await db.promptVersions.get(id);
  return version ? { ok: true, value: version } : { ok: false, error: new AppError('not_found', 'That version is not on this device.') };
}

/** Whether the prompt's text, variables or model differ from a version (the runner's "changed since" note). */
export function promptDiffersFrom(prompt: Prompt, snapshot: PromptSnapshot): boolean {
  const now = promptSnapshot(prompt);
  return (['system_message', 'user_template', 'variables', 'settings'] as const).some((f) => JSON.stringify(now[f]) !== JSON.stringify(snapshot[f]));
}
