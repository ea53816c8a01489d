// Checks a provider typed into the settings form before it is stored, with a message per field a
// person can fix. Pure: no storage, no network.
import { newId } from '@sync/clock';
import { AppError, err, ok, type Result } from '@sync/model';
import { ECHO_PROVIDER_ID, type ProviderConfig } from './types';

function invalid(message: string): Result<never> {
  return err(new AppError('invalid_input', message));
}

/** Splits "a, b,,c" into unique trimmed model names. */
export function parseModelList(text: string): string[] {
  return [...new Set(text.split(',').map((m) => m.trim()).filter(Boolean))];
}

function normaliseUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

/** Returns the provider as it will be stored (trimmed, id assigned) or an invalid_input error. */
export function validateProvider(input: ProviderConfig): Result<ProviderConfig> {
  if (input.id === ECHO_PROVIDER_ID || input.kind === 'echo') return invalid('Echo (offline) is built in and cannot be changed.');
  if (input.kind !== 'openai-compatible' && input.kind !== 'anthropic') return invalid('Choose a provider type.');
  const name = input.name.trim();
  if (!name) return invalid('Give the provider a name.');
  const rawUrl = input.baseUrl?.trim() ?? '';
  if (input.kind === 'openai-compatible' && !rawUrl) return invalid('Enter the base URL, e.g. https://api.openai.com/v1.');
  const baseUrl = rawUrl ? normaliseUrl(rawUrl) : undefined;
  if (baseUrl === null) return invalid(`"${rawUrl}" is not a valid http(s) URL.`);
  const apiKey = input.apiKey?.trim() || undefined;
  if (input.kind === 'anthropic' && !apiKey) return invalid('Anthropic needs an API key.');
  const models = [...new Set(input.models.map((m) => m.trim()).filter(Boolean))];
  if (models.length === 0) return invalid('List at least one model, separated by commas.');
  return ok({
    id: input.id || newId(),
    kind: input.kind,
    name,
    ...(baseUrl ? { baseUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
    models,
  });
}
