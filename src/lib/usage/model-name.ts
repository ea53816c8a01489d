// The name a person reads for a model: "Echo (offline)", "gpt-4o-mini · OpenAI". Never a provider id
// (a uuid of this device) nor a 'provider:model' key; the one rule is src/lib/llm/model-label.ts.
import { modelLabel, nameModel } from '@/lib/llm/model-label';
import { ECHO_PROVIDER, ECHO_PROVIDER_ID, type ProviderConfig } from '@/lib/llm/types';

export const ECHO_MODEL_NAME = ECHO_PROVIDER.name;

export function modelDisplayName(provider: Pick<ProviderConfig, 'id' | 'name'> | null, modelId: string): string {
  if (provider) return nameModel(provider, modelId);
  return modelLabel({ provider: modelId === ECHO_PROVIDER_ID ? ECHO_PROVIDER_ID : '', model_id: modelId });
}
