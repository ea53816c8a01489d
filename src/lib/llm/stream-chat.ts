// One entry point for every model: picks the adapter by provider kind. SDK adapters are imported
// lazily so neither vendor SDK lands in the first route's bundle.
import { streamEcho } from './echo';
import { LlmError, type ChatRequest, type StreamEvent } from './types';

export interface StreamChatOptions {
  /** Echo only: per-token delay (default: setEchoDelayMs, then localStorage, then ~20 tokens/s). */
  echoDelayMs?: number;
  /** SDK retries before the stream starts; tests pass 0. */
  maxRetries?: number;
}

/**
 * Streams a reply as text chunks, then (when the provider reports it) one usage event.
 * Throws only LlmError: reason 'aborted' after `signal` fires, 'stream_dropped' when a stream ends
 * before the provider said it was finished — a partial reply is never a silent success.
 */
export async function* streamChat(req: ChatRequest, options: StreamChatOptions = {}): AsyncGenerator<StreamEvent> {
  const { provider } = req;
  switch (provider.kind) {
    case 'echo':
      yield* streamEcho(req.messages, req.signal, options.echoDelayMs);
      return;
    case 'openai-compatible': {
      const { streamOpenAiCompatible } = await import('./openai-provider');
      yield* streamOpenAiCompatible(req, options);
      return;
    }
    case 'anthropic': {
      const { streamAnthropic } = await import('./anthropic-provider');
      yield* streamAnthropic(req, options);
      return;
    }
    default:
      throw new LlmError('bad_request', `Unknown provider type for "${String((provider as { name?: unknown }).name)}".`);
  }
}
