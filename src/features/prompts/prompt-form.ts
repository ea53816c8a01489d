// The prompt editor's form state and the one rule that turns it into a PromptInput (validation included),
// kept pure so it is tested without rendering.
import { fromModelValue } from '@/lib/llm/model-value';
import type { ModelSettings, Prompt, VariableDefinition } from '@sync/model';
import type { PromptInput } from '@sync/store/prompts';
import { extractVariables, malformedPlaceholders } from '@sync/template';

export interface PromptFormState {
  name: string;
  description: string;
  system_message: string;
  user_template: string;
  /** Default values by variable name; kept for names the user removes and types again. */
  defaults: Record<string, string>;
  /** Variables whose values are never shown through a share link. */
  privateNames: string[];
  /** 'provider:model' as ModelSelect speaks it. */
  model: string;
  temperature: string;
  max_tokens: string;
  /** Settings keys this form does not edit, carried through unchanged. */
  extraSettings: Record<string, unknown>;
}

export const DEFAULT_MODEL = 'echo:echo';

export function toFormState(prompt: Prompt | null, defaultModel = DEFAULT_MODEL): PromptFormState {
  if (!prompt) {
    return { name: '', description: '', system_message: '', user_template: '', defaults: {}, privateNames: [], model: defaultModel, temperature: '', max_tokens: '', extraSettings: {} };
  }
  const { provider, model_id, temperature, max_tokens, model_label: _label, ...extraSettings } = prompt.settings;
  return {
    name: prompt.name,
    description: prompt.description,
    system_message: prompt.system_message,
    user_template: prompt.user_template,
    defaults: Object.fromEntries(prompt.variables.map((v) => [v.name, v.default_value])),
    privateNames: prompt.variables.filter((v) => v.private).map((v) => v.name),
    model: `${provider}:${model_id}`,
    temperature: temperature === undefined ? '' : String(temperature),
    max_tokens: max_tokens === undefined ? '' : String(max_tokens),
    extraSettings,
  };
}

/** Variables used by the prompt: those of the system message, then the user template's, in order. */
export function detectVariables(state: Pick<PromptFormState, 'system_message' | 'user_template'>): string[] {
  return [...new Set([...extractVariables(state.system_message), ...extractVariables(state.user_template)])];
}

export type FormErrors = Partial<Record<'name' | 'system_message' | 'user_template' | 'temperature' | 'max_tokens' | 'model', string>>;

/** Said before saving: double braces that are not a variable would reach the model as written. */
function placeholderError(text: string): string | undefined {
  const bad = malformedPlaceholders(text);
  if (bad.length === 0) return undefined;
  return `Not a variable: ${bad.map((b) => `“${b}”`).join(', ')}. Put a name between the braces (spaces are fine; no braces or line breaks inside), or remove the braces.`;
}

/** `modelName` is the picked model as people read it, saved so devices without its provider can name it. */
export function toPromptInput(
  state: PromptFormState,
  previous: VariableDefinition[] = [],
  modelName?: string,
): { ok: true; input: PromptInput } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  if (!state.name.trim()) errors.name = 'Give the prompt a name.';
  const systemError = placeholderError(state.system_message);
  if (systemError) errors.system_message = systemError;
  const templateError = placeholderError(state.user_template);
  if (templateError) errors.user_template = templateError;
  const temperature = state.temperature.trim() === '' ? undefined : Number(state.temperature);
  if (temperature !== undefined && !(Number.isFinite(temperature) && temperature >= 0 && temperature <= 2)) {
    errors.temperature = 'Temperature is a number from 0 to 2.';
  }
  const maxTokens = state.max_tokens.trim() === '' ? undefined : Number(state.max_tokens);
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && maxTokens > 0)) {
    errors.max_tokens = 'Max tokens is a whole number above 0.';
  }
  const { provider, model_id } = fromModelValue(state.model);
  if (!provider || !model_id) errors.model = 'Pick a model.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const descriptions = new Map(previous.map((v) => [v.name, v.description]));
  const variables: VariableDefinition[] = detectVariables(state).map((name) => {
    const description = descriptions.get(name);
    return {
      name,
      default_value: state.defaults[name] ?? '',
      ...(description ? { description } : {}),
      ...(state.privateNames.includes(name) ? { private: true } : {}),
    };
  });
  const settings: ModelSettings = {
    ...state.extraSettings,
    provider,
    model_id,
    ...(temperature !== undefined ? { temperature } : {}),
    ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
    ...(modelName ? { model_label: modelName } : {}),
  };
  return {
    ok: true,
    input: {
      name: state.name.trim(),
      description: state.description.trim(),
      system_message: state.system_message,
      user_template: state.user_template,
      variables,
      settings,
    },
  };
}
