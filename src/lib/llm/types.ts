// Shapes shared by every LLM provider adapter: provider configs (device-only, keys included), chat
// messages, stream events and the one error type callers need to handle.

export type ProviderKind = 'echo' | 'openai-compatible' | 'anthropic';

/** A configured provider. Stored only on the device (Dexie `settings`), never synced. */
export interface ProviderConfig {
  id: string;
  kind: ProviderKind;
  name: string;
  baseUrl?: string;
  apiKey?: string;
  models: string[];
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * `usage` is what the provider reported: `tokens` counts the reply's (completion/output) tokens and
 * `inputTokens` the prompt's, when the provider says (OpenAI-compatible servers with `include_usage`,
 * Anthropic's message events). Missing counts are estimated by the caller and marked as estimates.
 */
export type StreamEvent = { type: 'text'; text: string } | { type: 'usage'; tokens: number; inputTokens?: number };

export interface ChatRequest {
  provider: ProviderConfig;
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  signal: AbortSignal;
}

export type LlmErrorReason =
  | 'auth'
  | 'network'
  | 'server'
  | 'bad_request'
  | 'rate_limited'
  | 'aborted'
  | 'stream_dropped';

/** The only error `streamChat` throws; `message` is written for the person using the app. */
export class LlmError extends Error {
  constructor(
    readonly reason: LlmErrorReason,
    message: string,
    readonly status?: number,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}

/** Built-in offline model: needs no key and no network. */
export const ECHO_PROVIDER_ID = 'echo';
export const ECHO_MODEL_ID = 'echo';
export const ECHO_PROVIDER: ProviderConfig = Object.freeze({
  id: ECHO_PROVIDER_ID,
  kind: 'echo',
  name: 'Echo (offline)',
  models: [ECHO_MODEL_ID],
}) as ProviderConfig;
