// The name a person reads for a model: "Echo (offline)", "gpt-4o-mini · OpenAI". Never a provider id
// (a uuid of this device) nor a 'provider:model' key. Replies keep the name they were written with, so
// another device without that provider still shows it.
import { ECHO_PROVIDER_ID, type ProviderConfig } from '@/lib/llm/types';

export const ECHO_MODEL_NAME = 'Echo (offline)';

export function modelDisplayName(provider: Pick<ProviderConfig, 'id' | 'name'> | null, modelId: string): string {
  if (provider?.id === ECHO_PROVIDER_ID || (!provider && modelId === ECHO_PROVIDER_ID)) return ECHO_MODEL_NAME;
  return provider ? `${modelId} · ${provider.name}` : modelId;
}
