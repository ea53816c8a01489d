// The name a person reads for Echo in usage lines. Every other model's name comes from
// src/lib/llm/model-label.ts (never a provider id nor a 'provider:model' key).
import { ECHO_PROVIDER } from '@/lib/llm/types';

export const ECHO_MODEL_NAME = ECHO_PROVIDER.name;
