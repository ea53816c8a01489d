// Consumes a model stream into one assistant message: live text, a local checkpoint about every second
// (so a crash loses at most a second of text), and metadata (time to first token, total time, input and
// output tokens: as the provider reported them, else estimated and marked `tokensEstimated`).
import type { Message } from '@sync/model';
import { LlmError, type StreamEvent } from '@/lib/llm/types';
import { estimateTokens } from '@/lib/usage/estimate-tokens';

export interface StreamReplyOptions {
  events: AsyncIterable<StreamEvent>;
  /** The reply as it starts: status 'streaming', empty content. */
  message: Message;
  onText: (message: Message) => void;
  /** Awaited, so a slow write never lands after the final save. */
  checkpoint: (message: Message) => Promise<void>;
  checkpointEveryMs?: number;
  now?: () => number;
  /** The request's input tokens as estimated from its text, used when the provider reports none. */
  inputTokensEstimate?: number;
}

/** Resolves with the finished reply: 'done', 'interrupted' (stopped) or 'error' (metadata.error says why). */
export async function streamReply(options: StreamReplyOptions): Promise<Message> {
  const { events, onText, checkpoint, checkpointEveryMs = 1000, now = () => performance.now() } = options;
  const started = now();
  let lastCheckpoint = started;
  let firstTokenAt: number | null = null;
  let usage: { tokens: number; inputTokens?: number } | undefined;
  let content = options.message.content;
  /** Token counts of a finished reply; none for a request that failed before any text or usage came. */
  const tokenCounts = (status: Message['status']) => {
    if (status === 'streaming' || (!usage && content === '' && status === 'error')) return {};
    const output = usage?.tokens ?? estimateTokens(content);
    const input = usage?.inputTokens ?? options.inputTokensEstimate;
    const estimated = usage?.tokens === undefined || usage.inputTokens === undefined;
    return { tokens: output, ...(input !== undefined ? { inputTokens: input } : {}), ...(estimated ? { tokensEstimated: true } : {}) };
  };
  const snapshot = (status: Message['status'], error?: string): Message => ({
    ...options.message,
    content,
    status,
    metadata: {
      ...options.message.metadata,
      ...(firstTokenAt !== null ? { timeToFirstToken: Math.round(firstTokenAt - started) } : {}),
      ...(status !== 'streaming' ? { totalTime: Math.round(now() - started) } : {}),
      ...tokenCounts(status),
      ...(error ? { error } : {}),
    },
  });

  try {
    for await (const event of events) {
      if (event.type === 'usage') {
        usage = { tokens: event.tokens, ...(event.inputTokens !== undefined ? { inputTokens: event.inputTokens } : {}) };
        continue;
      }
      if (firstTokenAt === null) firstTokenAt = now();
      content += event.text;
      const current = snapshot('streaming');
      onText(current);
      if (now() - lastCheckpoint >= checkpointEveryMs) {
        lastCheckpoint = now();
        await checkpoint(current);
      }
    }
    return snapshot('done');
  } catch (error) {
    if (error instanceof LlmError && error.reason === 'aborted') return snapshot('interrupted');
    const message = error instanceof Error ? error.message : String(error);
    return snapshot('error', message || 'The model failed to reply.');
  }
}
