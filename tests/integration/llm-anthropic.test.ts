// Drives the Anthropic SDK path of streamChat against a minimal local Messages API that streams SSE
// events the way api.anthropic.com does. Mode by API key: ok, 401, 529, dropped, error-event.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamChat } from '@/lib/llm/stream-chat';
import { LlmError, type ProviderConfig, type StreamEvent } from '@/lib/llm/types';

const REPLY = ['Hello', ' from', ' Claude', ' stand-in.'];
let server: Server;
let baseUrl = '';
const seen: Array<{ key: string | undefined; body: Record<string, unknown> }> = [];

const sse = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const part of req) raw += String(part);
    // This SDK sends the key as a bearer token; older ones used x-api-key. Accept either.
    const key = (req.headers['x-api-key'] as string | undefined) ?? req.headers.authorization?.replace(/^Bearer /, '');
    seen.push({ key, body: JSON.parse(raw) as Record<string, unknown> });
    const fail = (status: number, type: string, message: string) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type, message } }));
    if (key === 'mode-401') return fail(401, 'authentication_error', 'invalid x-api-key');
    if (key === 'mode-529') return fail(529, 'overloaded_error', 'Overloaded');
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(sse('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'claude-test', stop_reason: null, stop_sequence: null, usage: { input_tokens: 9, output_tokens: 1 } } }));
    res.write(sse('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }));
    for (const [i, text] of REPLY.entries()) {
      res.write(sse('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }));
      // Let the chunks reach the client before the socket dies, as a real mid-reply drop would.
      if (i === 1 && key === 'mode-dropped') return void setTimeout(() => res.socket?.destroy(), 30);
      if (i === 1 && key === 'mode-error-event') return void res.end(sse('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }));
    }
    res.write(sse('content_block_stop', { index: 0 }));
    res.write(sse('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: REPLY.length } }));
    res.end(sse('message_stop', {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

async function collect(apiKey: string) {
  const provider: ProviderConfig = { id: 'a1', kind: 'anthropic', name: 'Anthropic', baseUrl, apiKey, models: ['claude-test'] };
  const events: StreamEvent[] = [];
  let error: unknown;
  try {
    const messages = [
      { role: 'system' as const, content: 'Answer in English.' },
      { role: 'user' as const, content: 'Hi' },
    ];
    for await (const e of streamChat({ provider, model: 'claude-test', messages, signal: new AbortController().signal }, { maxRetries: 0 })) events.push(e);
  } catch (e) {
    error = e;
  }
  return { events, text: events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join(''), error };
}

describe('streamChat with Anthropic', () => {
  it('streams the reply and output tokens, sending the system message as `system`', async () => {
    const { events, text, error } = await collect('sk-ant-good');
    expect(error).toBeUndefined();
    expect(text).toBe(REPLY.join(''));
    expect(events.at(-1)).toEqual({ type: 'usage', tokens: REPLY.length, inputTokens: 9 });
    expect(seen.at(-1)).toMatchObject({
      key: 'sk-ant-good',
      body: { model: 'claude-test', system: 'Answer in English.', stream: true, max_tokens: 4096, messages: [{ role: 'user', content: 'Hi' }] },
    });
  });

  it('maps 401 to auth and 529 (overloaded) to server', async () => {
    expect(((await collect('mode-401')).error as LlmError).reason).toBe('auth');
    expect(((await collect('mode-529')).error as LlmError).reason).toBe('server');
  });

  it('reports a dropped stream as stream_dropped, keeping the partial text', async () => {
    const { error, text } = await collect('mode-dropped');
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).reason).toBe('stream_dropped');
    expect(text).toBe('Hello from');
  });

  it('reports an error event inside the stream as a server error', async () => {
    const { error } = await collect('mode-error-event');
    expect((error as LlmError).reason).toBe('server');
    expect((error as LlmError).message).toContain('Overloaded');
  });
});
