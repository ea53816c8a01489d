// The one sync transport (page and service worker): the requests supabase-js would send, every reply mapped as the engine expects.
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../protocol';
import { createFetchTransport } from './fetch-transport';

const okPush = {
  protocol: 1,
  applied_through: '4', // a bigint may arrive as text
  server_time: '2026-11-26T05:00:00Z',
  results: [{ seq: 3, status: 'applied' }, { seq: 4, status: 'rejected', code: '42501', message: 'not yours', hint: null }],
};

function transportAnswering(answer: (url: string, init: RequestInit) => Response | Promise<Response>, timeoutMs?: number) {
  const seen: Array<{ url: string; init: RequestInit }> = [];
  let token: string | null = 'token-1';
  const transport = createFetchTransport({
    supabaseUrl: 'http://127.0.0.1:54399/',
    anonKey: 'anon',
    accessToken: () => token,
    fetch: async (input, init = {}) => {
      seen.push({ url: String(input), init });
      return answer(String(input), init);
    },
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  return { transport, seen, setToken: (t: string | null) => (token = t) };
}

const push = { client_id: 'c1', changes: [] };

describe('fetch transport', () => {
  it('posts rpc/sync_push with the headers PostgREST needs and the current token, and parses the reply', async () => {
    const { transport, seen, setToken } = transportAnswering(() => Response.json(okPush));
    expect(await transport.push(push)).toEqual({
      kind: 'ok',
      value: { ...okPush, applied_through: 4, results: [{ seq: 3, status: 'applied' }, { seq: 4, status: 'rejected', code: '42501', message: 'not yours' }] },
    });
    setToken('token-2');
    await transport.push(push);
    expect(seen.map((s) => s.url)).toEqual(['http://127.0.0.1:54399/rest/v1/rpc/sync_push', 'http://127.0.0.1:54399/rest/v1/rpc/sync_push']);
    const headers = seen.map((s) => new Headers(s.init.headers));
    expect(headers.map((h) => h.get('authorization'))).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(headers[0]?.get('apikey')).toBe('anon');
    expect(headers[0]?.get('content-profile')).toBe('public');
    expect(JSON.parse(String(seen[0]?.init.body))).toEqual({ ...push, protocol: PROTOCOL_VERSION });
  });

  it('sends nothing without a user token: no call ever goes out with the anon key alone', async () => {
    const { transport, seen, setToken } = transportAnswering(() => Response.json(okPush));
    setToken(null);
    expect(await transport.push(push)).toMatchObject({ kind: 'unauthorized' });
    expect(await transport.pull({ since: null, max_rows: 10 })).toMatchObject({ kind: 'unauthorized' });
    expect(seen).toEqual([]);
  });

  it('names the protocol on pulls too, and reads a 426 as "this app is outdated" with the range the server speaks', async () => {
    const { transport, seen } = transportAnswering(() =>
      Response.json({ code: 'PT426', message: 'protocol_unsupported: this server speaks sync protocol 3 to 4, the app sent 2', details: '{"min":3,"max":4}' }, { status: 426 }));
    expect(await transport.pull({ since: 'c', max_rows: 5 })).toEqual({ kind: 'outdated', min: 3, max: 4, message: expect.stringContaining('protocol_unsupported') });
    expect(JSON.parse(String(seen[0]?.init.body))).toEqual({ since: 'c', max_rows: 5, protocol: PROTOCOL_VERSION });
  });

  it('maps 401, a 400 refusal, 503 with Retry-After, a bad 200, no connection and no answer', async () => {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => transportAnswering(() => Response.json(body, { status, headers })).transport.push(push);
    expect(await reply(401, { code: 'PGRST303', message: 'JWT expired' })).toMatchObject({ kind: 'unauthorized' });
    expect(await reply(400, { code: '22023', message: 'bad change' })).toEqual({ kind: 'rejected', code: '22023', message: 'bad change' });
    expect(await reply(413, { code: 'PT413', message: 'at most 500 changes per call' })).toEqual({ kind: 'rejected', code: 'payload_too_large', message: 'at most 500 changes per call' });
    expect(await reply(503, { message: 'down' }, { 'retry-after': '30' })).toMatchObject({ kind: 'server', status: 503, retryAfterMs: 30_000 });
    expect(await reply(200, { protocol: 1 })).toMatchObject({ kind: 'server', message: expect.stringMatching(/Unexpected push reply/) });
    const offline = transportAnswering(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await offline.transport.push(push)).toEqual({ kind: 'network', message: 'Failed to fetch' });
    const silent = transportAnswering((_url, init) => new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))), 20);
    expect(await silent.transport.push(push)).toMatchObject({ kind: 'timeout' });
  });
});
