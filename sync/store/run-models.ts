// The models the runs were made with, for the runs page's model filter.
import type { PromptRunsDB } from '../db';
import type { ModelSettings } from '../model';

/** The models runs were made with (for the model filter), most used first (counting up to MODEL_COUNT_CAP runs each). */
export interface RunModel {
  /** 'provider:model_id', the filter's value (never shown). */
  key: string;
  /** One run's settings for this model, one with a saved `model_label` if any has it (to name it). */
  settings: ModelSettings;
}

/** Runs read per model to find one whose settings name it (model_label). */
const LABEL_SAMPLE = 50;
/**
 * Runs counted per model, at most: the order needs no more. Chromium counts by walking the index, one entry
 * at a time, on the one sequence that serves every request of the database: at 100,000 runs a full count
 * took 1.1 s, and every read asked for meanwhile (a search, opening a run) waited for it, after each save.
 */
export const MODEL_COUNT_CAP = 1_000;

/**
 * Read off an index (each model's runs counted there), not by reading every run, in one read transaction:
 * as a live query it re-runs after each write of runs, and each read transaction it opens waits for a
 * writer's (a first sync's pages) and holds the next one back; one per model and count held the sync back
 * as many times.
 */
export async function listRunModels(db: PromptRunsDB): Promise<RunModel[]> {
  const index = '[settings.provider+settings.model_id]';
  return db.transaction('r', db.runs, async () => {
    const models = (await db.runs.orderBy(index).uniqueKeys()) as unknown as Array<[string, string]>;
    const found = await Promise.all(models.map(async ([provider, modelId]) => {
      const runs = db.runs.where(index).equals([provider, modelId]);
      const [keys, sample] = await Promise.all([runs.limit(MODEL_COUNT_CAP).primaryKeys(), runs.limit(LABEL_SAMPLE).toArray()]);
      const count = keys.length;
      const settings = (sample.find((r) => typeof r.settings.model_label === 'string') ?? sample[0])?.settings ?? { provider, model_id: modelId };
      return { key: `${provider}:${modelId}`, count, settings };
    }));
    return found.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).map(({ key, settings }) => ({ key, settings }));
  });
}
