// The models the runs were made with, for the runs page's model filter.
import type { PromptRunsDB } from '../db';
import type { ModelSettings } from '../model';

/** The models runs were made with (for the model filter), most used first. */
export interface RunModel {
  /** 'provider:model_id', the filter's value (never shown). */
  key: string;
  /** One run's settings for this model, one with a saved `model_label` if any has it (to name it). */
  settings: ModelSettings;
}

/** Runs read per model to find one whose settings name it (model_label). */
const LABEL_SAMPLE = 50;

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
      const [count, sample] = await Promise.all([runs.count(), runs.limit(LABEL_SAMPLE).toArray()]);
      const settings = (sample.find((r) => typeof r.settings.model_label === 'string') ?? sample[0])?.settings ?? { provider, model_id: modelId };
      return { key: `${provider}:${modelId}`, count, settings };
    }));
    return found.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).map(({ key, settings }) => ({ key, settings }));
  });
}
