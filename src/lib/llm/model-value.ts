// The 'provider:model' string a model picker speaks. Split at the first colon only: provider ids never
// contain one, model ids often do (e.g. Ollama's 'llama3.2:3b').
import type { ModelRef } from './providers-store';

export function toModelValue(ref: ModelRef): string {
  return `${ref.provider}:${ref.model_id}`;
}

export function fromModelValue(value: string): ModelRef {
  const at = value.indexOf(':');
  return at < 0 ? { provider: value, model_id: '' } : { provider: value.slice(0, at), model_id: value.slice(at + 1) };
}
