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

/** The prompt's settings with the model picked for this run; later prompt edits never reach the run. */
export function settingsSnapshot(settings: ModelSettings, model: string): ModelSettings {
  const picked = fromModelValue(model);
  return structuredClone({ ...settings, ...(picked.provider && picked.model_id ? picked : {}) });
}
