// OpenAI-compatible chat completions (OpenAI, OpenRouter, Ollama, LM Studio, …) through the `openai`
// SDK, loaded on first use so it stays out of the first route's bundle.
import { mapSdkError } from './errors';
import { LlmError, type ChatRequest, type StreamEvent } from './types';

export interface AdapterOptions {
  /** SDK retries before a stream starts (connection errors, 429, 5xx). */
  maxRetries?: number;
}

// Servers that do not check keys (Ollama, LM Studio) still need a non-empty one for the SDK.
const PLACEHOLDER_KEY = 'not-needed';

function usesOpenAiHost(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

export async function* streamOpenAiCompatible(req: ChatRequest, opts: AdapterOptions = {}): AsyncGenerator<StreamEvent> {
  const { provider, signal } = req;
  if (!provider.baseUrl) {
    throw new LlmError('bad_request', `${provider.name} has no base URL. Add one in Settings.`);
  }
  const sdk = await import('openai');
  const ctx = { providerName: provider.name, baseUrl: provider.baseUrl, signal, streaming: false };
  const client = new sdk.default({
    apiKey: provider.apiKey || PLACEHOLDER_KEY,
    baseURL: provider.baseUrl,
    dangerouslyAllowBrowser: true,
    maxRetries: opts.maxRetries ?? 2,
  });
  // api.openai.com rejects max_tokens for newer models; compatible servers mostly know only max_tokens.
  const limit =
    req.maxTokens === undefined ? {} : usesOpenAiHost(provider.baseUrl) ? { max_completion_tokens: req.maxTokens } : { max_tokens: req.maxTokens };

  let finished = false;
  let usage: { tokens: number; inputTokens?: number } | undefined;
  try {
    const stream = await client.chat.completions.create(
      {
        model: req.model,
        messages: req.messages,
        stream: true,
        stream_options: { include_usage: true },
        ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
        ...limit,
      },
      { signal },
    );
    ctx.streaming = true;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      const text = choice?.delta?.content;
      if (text) yield { type: 'text', text };
      if (choice?.finish_reason) finished = true;
      if (chunk.usage) {
        const input = chunk.usage.prompt_tokens;
        usage = { tokens: chunk.usage.completion_tokens, ...(typeof input === 'number' ? { inputTokens: input } : {}) };
      }
    }
  } catch (error) {
    throw mapSdkError(error, sdk, ctx);
  }
  // The SDK ends quietly on abort and on a stream that closes without [DONE]; neither is a reply.
  if (signal.aborted) throw new LlmError('aborted', 'The reply was stopped.');
  if (!finished) {
    throw new LlmError('stream_dropped', `The connection to ${provider.name} dropped before the reply finished. Retry to try again.`);
  }
  if (usage !== undefined) yield { type: 'usage', ...usage };
}
