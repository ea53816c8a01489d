// Owns the device's provider list and default model in the Dexie `settings` table (keys 'providers' and
// 'default-model'). Sync never reads `settings`, so API keys stay on this device and go only to their provider.
import * as c from '@sync/checks';
import type { PromptRunsDB } from '@sync/db';
import { AppError, err, ok, type Result } from '@sync/model';
import { isQuotaError } from '@sync/store/write';
import { validateProvider } from './validate-provider';
import { ECHO_MODEL_ID, ECHO_PROVIDER, ECHO_PROVIDER_ID, type ProviderConfig } from './types';

export const PROVIDERS_KEY = 'providers';
export const DEFAULT_MODEL_KEY = 'default-model';

export interface ModelRef {
  provider: string;
  model_id: string;
}

export const ECHO_MODEL_REF: ModelRef = { provider: ECHO_PROVIDER_ID, model_id: ECHO_MODEL_ID };

/** A stored provider: Echo is built in, never stored; the name is kept trimmed. */
const storedProvider = c.object({
  id: c.string(1),
  kind: c.oneOf(['openai-compatible', 'anthropic']),
  name: (v, path) => c.string(1)(c.string()(v, path).trim(), path),
  baseUrl: c.optional(c.string()),
  apiKey: c.optional(c.string()),
  models: c.array(c.string()),
});

const modelRef = c.object({ provider: c.string(1), model_id: c.string(1) });

/** The value if it passes the check, else null (the caller says what it skips). */
function parse<T>(check: c.Check<T>, value: unknown): T | null {
  try {
    return check(value, '');
  } catch (error) {
    if (error instanceof c.CheckIssue) return null;
    throw error;
  }
}

function storageError(error: unknown): AppError {
  if (isQuotaError(error)) return new AppError('quota_exceeded', 'The device is out of storage space: the provider was not saved.', error);
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('storage_failed', `Could not save settings on this device: ${message}`, error);
}

/** Raw stored entries; a non-array value is reported and treated as empty (never a crash). */
async function readRawList(db: PromptRunsDB): Promise<unknown[]> {
  const record = await db.settings.get(PROVIDERS_KEY);
  if (record === undefined) return [];
  if (Array.isArray(record.value)) return record.value;
  console.warn('prompt-runs: the saved provider list is unreadable and was ignored', record.value);
  return [];
}

/** Echo first, then every stored provider that passes validation; corrupt entries are skipped with a warning. */
export async function listProviders(db: PromptRunsDB): Promise<ProviderConfig[]> {
  const providers: ProviderConfig[] = [ECHO_PROVIDER];
  for (const raw of await readRawList(db)) {
    const parsed = parse(storedProvider, raw);
    if (parsed && parsed.id !== ECHO_PROVIDER_ID) providers.push(parsed);
    else console.warn('prompt-runs: skipped a corrupt provider record', raw);
  }
  return providers;
}

/** The provider with this id (Echo included), or null when it was deleted or never existed. */
export async function getProvider(db: PromptRunsDB, id: string): Promise<ProviderConfig | null> {
  return (await listProviders(db)).find((p) => p.id === id) ?? null;
}

/** Adds or replaces (by id) a provider. Echo is built in and cannot be saved over. */
export async function saveProvider(db: PromptRunsDB, input: ProviderConfig): Promise<Result<ProviderConfig>> {
  const checked = validateProvider(input);
  if (!checked.ok) return checked;
  const provider = checked.value;
  try {
    await db.transaction('rw', db.settings, async () => {
      const raw = await readRawList(db);
      // Unreadable entries are kept as they are: saving one provider must not erase another's data.
      const index = raw.findIndex((r) => (r as { id?: unknown } | null)?.id === provider.id);
      if (index >= 0) raw[index] = provider;
      else raw.push(provider);
      await db.settings.put({ key: PROVIDERS_KEY, value: raw });
    });
    return ok(provider);
  } catch (error) {
    return err(storageError(error));
  }
}

export async function deleteProvider(db: PromptRunsDB, id: string): Promise<Result<void>> {
  if (id === ECHO_PROVIDER_ID) return err(new AppError('invalid_input', 'Echo (offline) is built in and cannot be deleted.'));
  try {
    const found = await db.transaction('rw', db.settings, async () => {
      const raw = await readRawList(db);
      const kept = raw.filter((r) => (r as { id?: unknown } | null)?.id !== id);
      if (kept.length === raw.length) return false;
      await db.settings.put({ key: PROVIDERS_KEY, value: kept });
      return true;
    });
    return found ? ok(undefined) : err(new AppError('not_found', 'That provider no longer exists.'));
  } catch (error) {
    return err(storageError(error));
  }
}

/** The default model for new prompts; falls back to Echo when unset, corrupt, or its provider/model is gone. */
export async function getDefaultModel(db: PromptRunsDB): Promise<ModelRef> {
  const parsed = parse(modelRef, (await db.settings.get(DEFAULT_MODEL_KEY))?.value);
  if (!parsed) return ECHO_MODEL_REF;
  const providers = await listProviders(db);
  const exists = providers.some((p) => p.id === parsed.provider && p.models.includes(parsed.model_id));
  return exists ? parsed : ECHO_MODEL_REF;
}

export async function setDefaultModel(db: PromptRunsDB, ref: ModelRef): Promise<Result<ModelRef>> {
  const providers = await listProviders(db);
  if (!providers.some((p) => p.id === ref.provider && p.models.includes(ref.model_id))) {
    return err(new AppError('invalid_input', `There is no model "${ref.model_id}" in your providers.`));
  }
  try {
    const value = { provider: ref.provider, model_id: ref.model_id };
    await db.settings.put({ key: DEFAULT_MODEL_KEY, value });
    return ok(value);
  } catch (error) {
    return err(storageError(error));
  }
}
