// Starting points for the "Add provider" form. A preset only fills the form; the saved provider is
// a plain ProviderConfig the person can edit.
import type { ProviderKind } from './types';

export interface ProviderPreset {
  id: string;
  label: string;
  kind: Exclude<ProviderKind, 'echo'>;
  baseUrl: string;
  /** Suggested models; the person can change them. */
  models: string[];
  needsKey: boolean;
  /** Setup advice shown under the base URL. */
  hint?: string;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  { id: 'openai', label: 'OpenAI', kind: 'openai-compatible', baseUrl: 'https://api.openai.com/v1', models: ['gpt-4o-mini', 'gpt-4o'], needsKey: true },
  { id: 'openrouter', label: 'OpenRouter', kind: 'openai-compatible', baseUrl: 'https://openrouter.ai/api/v1', models: ['openai/gpt-4o-mini'], needsKey: true },
  { id: 'ollama', label: 'Ollama', kind: 'openai-compatible', baseUrl: 'http://localhost:11434/v1', models: ['llama3.2'], needsKey: false,
    hint: 'The browser calls Ollama directly: start it with OLLAMA_ORIGINS set to this site\'s address.' },
  { id: 'lmstudio', label: 'LM Studio', kind: 'openai-compatible', baseUrl: 'http://localhost:1234/v1', models: [], needsKey: false,
    hint: 'Turn on CORS in LM Studio\'s server settings so the browser may call it.' },
  { id: 'anthropic', label: 'Anthropic', kind: 'anthropic', baseUrl: 'https://api.anthropic.com', models: ['claude-sonnet-4-5', 'claude-haiku-4-5'], needsKey: true },
  { id: 'custom', label: 'Other OpenAI-compatible', kind: 'openai-compatible', baseUrl: '', models: [], needsKey: false },
];

export function findPreset(id: string): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((p) => p.id === id);
}
