// Consumes a model stream into one assistant message: live text, a local checkpoint about every second
// (so a crash loses at most a second of text), and metadata (time to first token, total time, tokens).
import type { Message } from '@sync/model';
import { LlmError, type StreamEvent } from '@/lib/llm/types';

export interface StreamReplyOptions {
  events: AsyncIterable<StreamEvent>;
  /** The reply as it starts: status 'streaming', empty content. */
  message: Message;
  onText: (message: Message) => void;
  /** Awaited, so a slow write never lands after the final save. */
  checkpoint: (message: Message) => Promise<void>;
  checkpointEveryMs?: number;
  now?: () => number;
}

/** Resolves with the finished reply: 'done', 'interrupted' (stopped) or 'error' (metadata.error says why). */
export async function streamReply(options: StreamReplyOptions): Promise<Message> {
  const { events, onText, checkpoint, checkpointEveryMs = 1000, now = () => performance.now() } = options;
  const started = now();
  let lastCheckpoint = started;
  let firstTokenAt: number | null = null;
  let tokens: number | undefined;
  let content = options.message.content;
  const snapshot = (status: Message['status'], error?: string): Message => ({
    ...options.message,
    content,
    status,
    metadata: {
      ...options.message.metadata,
      ...(firstTokenAt !== null ? { timeToFirstToken: Math.round(firstTokenAt - started) } : {}),
      ...(status !== 'streaming' ? { totalTime: Math.round(now() - started) } : {}),
      ...(tokens !== undefined ? { tokens } : {}),
      ...(error ? { error } : {}),
    },
  });

  try {
    for await (const event of events) {
      if (event.type === 'usage') {
        tokens = event.tokens;
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
