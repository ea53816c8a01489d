// What a new run snapshots from its prompt: variable values (defaults first) and model settings.
import type { ModelSettings, Prompt } from '@sync/model';
import { extractVariables } from '@sync/template';
import { fromModelValue } from '@/lib/llm/model-value';

/** Every variable the prompt uses, prefilled with its default ('' when it has none). */
export function initialVariableValues(prompt: Prompt): Record<string, string> {
  const names = variableNames(prompt);
  const defaults = new Map(prompt.variables.map((v) => [v.name, v.default_value]));
  return Object.fromEntries(names.map((name) => [name, defaults.get(name) ?? '']));
}

/** Defined variables first, then any used in the text without a definition. */
export function variableNames(prompt: Prompt): string[] {
  return [
    ...new Set([
      ...prompt.variables.map((v) => v.name),
      ...extractVariables(prompt.system_message),
      ...extractVariables(prompt.user_template),
    ]),
  ];
}

/**
 * The prompt's settings with the model picked for this run; later prompt edits never reach the run.
 * `label` is the model's name as people read it, kept so a device without the provider still shows it;
 * without one, the prompt's saved name is kept only if the run uses the prompt's own model.
 */
export function settingsSnapshot(settings: ModelSettings, model: string, label?: string): ModelSettings {
  const picked = fromModelValue(model);
  const chosen = picked.provider && picked.model_id ? picked : { provider: settings.provider, model_id: settings.model_id };
  const same = chosen.provider === settings.provider && chosen.model_id === settings.model_id;
  const { model_label: promptLabel, ...rest } = settings;
  const name = label ?? (same && typeof promptLabel === 'string' ? promptLabel : undefined);
  return structuredClone({ ...rest, ...chosen, ...(name ? { model_label: name } : {}) });
}
