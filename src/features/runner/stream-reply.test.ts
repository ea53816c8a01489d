// The streaming loop: checkpoints about every second (injected clock), metadata, and how a stream ends.
import { describe, expect, it } from 'vitest';
import type { Message } from '@sync/model';
import { LlmError, type StreamEvent } from '@/lib/llm/types';
import { streamReply } from './stream-reply';

const start: Message = {
  id: 'a1', runId: 'r1', parentId: 'u1', role: 'assistant', content: '', status: 'streaming', createdAt: '2026-01-01T00:00:00.000Z',
  metadata: { model: 'echo:echo' },
};

/** A stream that advances the fake clock by `stepMs` before each token, then optionally fails. */
function tokens(clock: { t: number }, texts: string[], stepMs: number, end?: LlmError | { usage: number }): AsyncIterable<StreamEvent> {
  return (async function* () {
    for (const text of texts) {
      clock.t += stepMs;
      yield { type: 'text', text };
    }
    if (end instanceof LlmError) throw end;
    if (end) yield { type: 'usage', tokens: end.usage };
  })();
}

describe('streamReply', () => {
  it('checkpoints about once a second while streaming and finishes done with metadata', async () => {
    const clock = { t: 0 };
    const checkpoints: Message[] = [];
    const seen: string[] = [];
    const words = Array.from({ length: 50 }, (_, i) => `w${i} `);
    const final = await streamReply({
      events: tokens(clock, words, 100, { usage: 50 }),
      message: start,
      onText: (m) => seen.push(m.content),
      checkpoint: async (m) => void checkpoints.push(m),
      now: () => clock.t,
    });
    expect(final.status).toBe('done');
    expect(final.content).toBe(words.join(''));
    expect(final.metadata).toMatchObject({ model: 'echo:echo', timeToFirstToken: 100, totalTime: 5000, tokens: 50 });
    expect(seen).toHaveLength(50);
    // 5 s of streaming at one checkpoint per second.
    expect(checkpoints).toHaveLength(5);
    expect(checkpoints.every((m) => m.status === 'streaming')).toBe(true);
    expect(checkpoints[0]!.content).toBe(words.slice(0, 10).join(''));
  });

  it('a stop (aborted) keeps the partial text as interrupted', async () => {
    const clock = { t: 0 };
    const final = await streamReply({
      events: tokens(clock, ['Echo: ', 'half'], 10, new LlmError('aborted', 'The reply was stopped.')),
      message: start,
      onText: () => {},
      checkpoint: async () => {},
      now: () => clock.t,
    });
    expect(final).toMatchObject({ status: 'interrupted', content: 'Echo: half' });
    expect(final.metadata?.error).toBeUndefined();
  });

  it('a provider failure ends as error with its message, before or after the first token', async () => {
    const clock = { t: 0 };
    const auth = await streamReply({
      events: tokens(clock, [], 10, new LlmError('auth', 'OpenAI rejected the API key (401).')),
      message: start,
      onText: () => {},
      checkpoint: async () => {},
      now: () => clock.t,
    });
    expect(auth).toMatchObject({ status: 'error', content: '', metadata: { error: 'OpenAI rejected the API key (401).' } });
    expect(auth.metadata?.timeToFirstToken).toBeUndefined();
  });

  it('records the token counts the provider reported, unmarked', async () => {
    const clock = { t: 0 };
    const events = (async function* (): AsyncGenerator<StreamEvent> {
      yield { type: 'text', text: 'Hi there' };
      yield { type: 'usage', tokens: 3, inputTokens: 21 };
    })();
    const final = await streamReply({ events, message: start, onText: () => {}, checkpoint: async () => {}, now: () => clock.t, inputTokensEstimate: 40 });
    expect(final.metadata).toMatchObject({ tokens: 3, inputTokens: 21 });
    expect(final.metadata?.tokensEstimated).toBeUndefined();
  });

  it('estimates what the provider did not report, and marks it', async () => {
    const clock = { t: 0 };
    const outputOnly = await streamReply({
      events: tokens(clock, ['Hello ', 'world'], 10, { usage: 2 }),
      message: start,
      onText: () => {},
      checkpoint: async () => {},
      now: () => clock.t,
      inputTokensEstimate: 40,
    });
    expect(outputOnly.metadata).toMatchObject({ tokens: 2, inputTokens: 40, tokensEstimated: true });
    const none = await streamReply({
      events: tokens(clock, ['x'.repeat(20), 'y'.repeat(2)], 10),
      message: start,
      onText: () => {},
      checkpoint: async () => {},
      now: () => clock.t,
      inputTokensEstimate: 12,
    });
    // 22 characters at four a token.
    expect(none.metadata).toMatchObject({ tokens: 6, inputTokens: 12, tokensEstimated: true });
  });

  it('a request refused before any text records no tokens; a stopped reply records its partial text as an estimate', async () => {
    const clock = { t: 0 };
    const refused = await streamReply({
      events: tokens(clock, [], 10, new LlmError('auth', 'No key.')),
      message: start,
      onText: () => {},
      checkpoint: async () => {},
      now: () => clock.t,
      inputTokensEstimate: 12,
    });
    expect(refused.metadata?.tokens).toBeUndefined();
    expect(refused.metadata?.inputTokens).toBeUndefined();
    const stopped = await streamReply({
      events: tokens(clock, ['abcd', 'efgh'], 10, new LlmError('aborted', 'The reply was stopped.')),
      message: start,
      onText: () => {},
      checkpoint: async () => {},
      now: () => clock.t,
      inputTokensEstimate: 12,
    });
    expect(stopped.metadata).toMatchObject({ tokens: 2, inputTokens: 12, tokensEstimated: true });
  });
});
