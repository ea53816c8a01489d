// Anthropic Messages API through `@anthropic-ai/sdk`, loaded on first use. System messages go in the
// request's `system` field, as the API requires.
import { mapSdkError } from './errors';
import type { AdapterOptions } from './openai-provider';
import { LlmError, type ChatRequest, type StreamEvent } from './types';

// The API requires max_tokens; this is used when the prompt does not set one.
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

export async function* streamAnthropic(req: ChatRequest, opts: AdapterOptions = {}): AsyncGenerator<StreamEvent> {
  const { provider, signal } = req;
  // Without a key the SDK would go looking for other credential sources; say what is missing instead.
  if (!provider.apiKey) throw new LlmError('auth', `${provider.name} needs an API key. Add it in Settings.`);
  const sdk = await import('@anthropic-ai/sdk');
  const ctx = { providerName: provider.name, baseUrl: provider.baseUrl, signal, streaming: false };
  const client = new sdk.default({
    apiKey: provider.apiKey,
    ...(provider.baseUrl ? { baseURL: provider.baseUrl } : {}),
    dangerouslyAllowBrowser: true,
    maxRetries: opts.maxRetries ?? 2,
  });
  const system = req.messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n\n');
  const turns = req.messages
    .filter((m) => m.role !== 'system')
    .map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content }));

  let finished = false;
  let usage: number | undefined;
  let inputTokens: number | undefined;
  try {
    const stream = await client.messages.create(
      {
        model: req.model,
        max_tokens: req.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
        messages: turns,
        stream: true,
        ...(system ? { system } : {}),
        ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
      },
      { signal },
    );
    ctx.streaming = true;
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        yield { type: 'text', text: event.delta.text };
      } else if (event.type === 'message_start') {
        inputTokens = event.message.usage.input_tokens;
      } else if (event.type === 'message_delta') {
        usage = event.usage.output_tokens;
      } else if (event.type === 'message_stop') {
        finished = true;
      }
    }
  } catch (error) {
    throw mapSdkError(error, sdk, ctx);
  }
  if (signal.aborted) throw new LlmError('aborted', 'The reply was stopped.');
  if (!finished) {
    throw new LlmError('stream_dropped', `The connection to ${provider.name} dropped before the reply finished. Retry to try again.`);
  }
  if (usage !== undefined) yield { type: 'usage', tokens: usage, ...(inputTokens !== undefined ? { inputTokens } : {}) };
}
