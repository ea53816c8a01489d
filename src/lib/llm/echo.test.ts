import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ECHO_DELAY_MS, ECHO_DELAY_STORAGE_KEY, resolveEchoDelayMs, setEchoDelayMs } from './echo';
import { streamChat } from './stream-chat';
import { ECHO_PROVIDER, LlmError, type ChatMessage, type StreamEvent } from './types';

const conversation: ChatMessage[] = [
  { role: 'system', content: 'You are helpful.' },
  { role: 'user', content: 'first question' },
  { role: 'assistant', content: 'Echo: first question' },
  { role: 'user', content: 'Tell me about  **markdown** & <b>tags</b>' },
];

async function run(messages: ChatMessage[], signal = new AbortController().signal, echoDelayMs = 0) {
  const events: StreamEvent[] = [];
  for await (const e of streamChat({ provider: ECHO_PROVIDER, model: 'echo', messages, signal }, { echoDelayMs })) events.push(e);
  return events;
}

afterEach(() => {
  setEchoDelayMs(null);
  vi.useRealTimers();
});

describe('Echo (offline)', () => {
  it("echoes the user's last message after a fixed preface, token by token", async () => {
    const events = await run(conversation);
    const texts = events.flatMap((e) => (e.type === 'text' ? [e.text] : []));
    expect(texts.join('')).toBe('Echo: Tell me about  **markdown** & <b>tags</b>');
    expect(texts.length).toBe(7);
    // Input: 3 + 2 + 3 + 6 word-sized tokens over the four messages.
    expect(events.at(-1)).toEqual({ type: 'usage', tokens: 7, inputTokens: 14 });
  });

  it('gives the same chunks every time (deterministic)', async () => {
    expect(await run(conversation)).toEqual(await run(conversation));
  });

  it('says there is nothing to echo when there is no user message', async () => {
    const events = await run([{ role: 'system', content: 'x' }]);
    expect(events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('')).toBe('Echo: (nothing to echo yet)');
  });

  it('stops with an aborted LlmError when the signal fires, emitting no further text', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const consume = (async () => {
      for await (const e of streamChat(
        { provider: ECHO_PROVIDER, model: 'echo', messages: [{ role: 'user', content: 'one two three four five six' }], signal: controller.signal },
        { echoDelayMs: 5 },
      )) {
        if (e.type === 'text') seen.push(e.text);
        if (seen.length === 2) controller.abort();
      }
    })();
    await expect(consume).rejects.toSatisfy((e) => e instanceof LlmError && e.reason === 'aborted');
    expect(seen).toEqual(['Echo: ', 'one ']);
  });

  it('streams at about 20 tokens a second by default, and faster when the rate is injected', async () => {
    vi.useFakeTimers();
    const long = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
    const seen: string[] = [];
    const consume = (async () => {
      for await (const e of streamChat({ provider: ECHO_PROVIDER, model: 'echo', messages: [{ role: 'user', content: long }], signal: new AbortController().signal })) {
        if (e.type === 'text') seen.push(e.text);
      }
    })();
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.length).toBe(1000 / DEFAULT_ECHO_DELAY_MS);

    setEchoDelayMs(10); // a module-level override applies to streams started after it
    const fast: string[] = [];
    const consumeFast = (async () => {
      for await (const e of streamChat({ provider: ECHO_PROVIDER, model: 'echo', messages: [{ role: 'user', content: long }], signal: new AbortController().signal })) {
        if (e.type === 'text') fast.push(e.text);
      }
    })();
    await vi.advanceTimersByTimeAsync(200);
    expect(fast.length).toBe(20);
    await vi.runAllTimersAsync();
    await Promise.all([consume, consumeFast]);
    expect(fast.join('')).toBe(`Echo: ${long}`);
  });

  it('reads the delay from localStorage for browser tests, ignoring junk', () => {
    const store = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null });
    try {
      expect(resolveEchoDelayMs()).toBe(DEFAULT_ECHO_DELAY_MS);
      store.set(ECHO_DELAY_STORAGE_KEY, '3');
      expect(resolveEchoDelayMs()).toBe(3);
      store.set(ECHO_DELAY_STORAGE_KEY, 'fast please');
      expect(resolveEchoDelayMs()).toBe(DEFAULT_ECHO_DELAY_MS);
      expect(resolveEchoDelayMs(7)).toBe(7);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
