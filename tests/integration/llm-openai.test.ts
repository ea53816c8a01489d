// Drives the real OpenAI SDK path of streamChat against the local OpenAI-compatible test server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamChat } from '@/lib/llm/stream-chat';
import { LlmError, type ProviderConfig, type StreamEvent } from '@/lib/llm/types';
import { startOpenAiTestServer, TEST_SERVER_REPLY, TEST_SERVER_USAGE, type OpenAiTestServer } from '../support/openai-test-server';

let server: OpenAiTestServer;
beforeAll(async () => {
  server = await startOpenAiTestServer();
});
afterAll(async () => {
  await server.close();
});

function provider(apiKey: string, baseUrl = server.url): ProviderConfig {
  return { id: 'p1', kind: 'openai-compatible', name: 'Test Server', baseUrl, apiKey, models: ['test-model'] };
}

async function collect(apiKey: string, opts: { model?: string; baseUrl?: string; signal?: AbortSignal } = {}) {
  const events: StreamEvent[] = [];
  let error: unknown;
  try {
    for await (const e of streamChat(
      {
        provider: provider(apiKey, opts.baseUrl),
        model: opts.model ?? 'test-model',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Say hello' },
        ],
        temperature: 0.2,
        maxTokens: 64,
        signal: opts.signal ?? new AbortController().signal,
      },
      { maxRetries: 0 },
    )) {
      events.push(e);
    }
  } catch (e) {
    error = e;
  }
  const text = events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
  return { events, text, error };
}

describe('streamChat with an OpenAI-compatible provider', () => {
  it('streams the reply in several chunks, then reports usage tokens', async () => {
    const { events, text, error } = await collect('sk-good');
    expect(error).toBeUndefined();
    expect(text).toBe(TEST_SERVER_REPLY);
    expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(3);
    expect(events.at(-1)).toEqual({ type: 'usage', tokens: TEST_SERVER_USAGE.completion_tokens, inputTokens: TEST_SERVER_USAGE.prompt_tokens });
  });

  it('sends the key, messages, temperature and token limit to the provider', async () => {
    await collect('sk-sent');
    const last = server.requests.at(-1)!;
    expect(last.authorization).toBe('Bearer sk-sent');
    expect(last.body).toMatchObject({
      model: 'test-model',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 64,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
    });
  });

  it('turns a 401 into an auth LlmError with a clear message', async () => {
    const { error, text } = await collect('sk-mode-401');
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).reason).toBe('auth');
    expect((error as LlmError).message).toBe('Test Server rejected the API key (401). Check the key in Settings.');
    expect(text).toBe('');
  });

  it('turns a 500 into a server LlmError', async () => {
    const { error } = await collect('sk-good', { model: 'mode-500' });
    expect((error as LlmError).reason).toBe('server');
    expect((error as LlmError).message).toBe('Test Server had a server error (500): The server had an error while processing your request. Try again later.');
  });

  it('reports a dropped stream as stream_dropped, not as a finished reply', async () => {
    const { error, text } = await collect('sk-mode-dropped');
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).reason).toBe('stream_dropped');
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toBe(TEST_SERVER_REPLY);
  });

  it('reports a stream that ends cleanly but without a finish as stream_dropped', async () => {
    const { error, text } = await collect('sk-mode-truncated');
    expect((error as LlmError).reason).toBe('stream_dropped');
    expect(text).toBe('Hello from ');
  });

  it('reports an unreachable host as a network error', async () => {
    const { error } = await collect('sk-good', { baseUrl: 'http://127.0.0.1:9/v1' });
    expect((error as LlmError).reason).toBe('network');
    expect((error as LlmError).message).toContain('Could not reach Test Server at http://127.0.0.1:9/v1');
  });

  it('stops with an aborted LlmError when the signal fires mid-stream', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    let error: unknown;
    try {
      for await (const e of streamChat(
        { provider: provider('sk-good'), model: 'test-model', messages: [{ role: 'user', content: 'hi' }], signal: controller.signal },
        { maxRetries: 0 },
      )) {
        if (e.type === 'text' && e.text) seen.push(e.text);
        if (seen.length === 2) controller.abort();
      }
    } catch (e) {
      error = e;
    }
    expect((error as LlmError).reason).toBe('aborted');
    expect(seen.join('')).not.toBe(TEST_SERVER_REPLY);
  });

  it('test server answers a browser preflight, allowing the Authorization header', async () => {
    const res = await fetch(`${server.url}/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:4173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4173');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
  });
});
