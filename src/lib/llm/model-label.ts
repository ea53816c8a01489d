// What a person calls a model: "Echo (offline)", "llama3.2 · Ollama". Never a provider id (a uuid for an
// added provider) or a 'provider:model' key. A run keeps the name it was made with (`model_label` in its
// settings snapshot), so a device without that provider still names it.
import { ECHO_PROVIDER, ECHO_PROVIDER_ID, type ProviderConfig } from './types';

export interface ModelNaming {
  provider: string;
  model_id: string;
  /** The name saved with a run or prompt's settings when the model was picked. */
  model_label?: unknown;
}

/** A model of a provider this device knows. */
export function nameModel(provider: Pick<ProviderConfig, 'id' | 'name'>, modelId: string): string {
  return provider.id === ECHO_PROVIDER_ID ? ECHO_PROVIDER.name : `${modelId} · ${provider.name}`;
}

/** The best name for a model: this device's provider name, else the saved name, else the model id alone. */
export function modelLabel(settings: ModelNaming, providers?: readonly Pick<ProviderConfig, 'id' | 'name'>[] | null): string {
  if (settings.provider === ECHO_PROVIDER_ID) return ECHO_PROVIDER.name;
  const provider = providers?.find((p) => p.id === settings.provider);
  if (provider) return nameModel(provider, settings.model_id);
  if (typeof settings.model_label === 'string' && settings.model_label.trim()) return settings.model_label.trim();
  return settings.model_id.trim() || 'Unknown model';
}
