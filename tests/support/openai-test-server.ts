// A tiny OpenAI-compatible chat completions server for tests (vitest and browser e2e). The mode comes
// from the API key or the model name ('mode-401' etc.): 'ok' (default), '401', '500', 'dropped' (a few
// chunks, then the socket is destroyed), 'truncated' (a few chunks, then a clean end with no finish),
// 'no-usage' (a full reply without the usage chunk, as servers that ignore `include_usage` do).
// Timing, also from the key or model name: 'first-<ms>' waits before the first byte, 'every-<ms>' between
// chunks (default 5). CORS is open so a page served from another origin can call it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export type TestServerMode = 'ok' | '401' | '500' | 'dropped' | 'truncated' | 'no-usage';

export const TEST_SERVER_REPLY = 'Hello from the test server. Streaming works.';
/** Chunks of TEST_SERVER_REPLY as the server sends them. */
export const TEST_SERVER_CHUNKS = TEST_SERVER_REPLY.match(/\S+\s*/g) ?? [];
export const TEST_SERVER_USAGE = { prompt_tokens: 7, completion_tokens: TEST_SERVER_CHUNKS.length };

export interface OpenAiTestServer {
  /** Base URL to configure as the provider's base URL (ends in /v1). */
  url: string;
  /** Requests received so far, for assertions (body parsed as JSON). */
  requests: Array<{ authorization: string | undefined; body: Record<string, unknown>; firstByteAt?: number }>;
  close(): Promise<void>;
}

function modeOf(auth: string | undefined, model: unknown): TestServerMode {
  const probe = `${auth ?? ''} ${typeof model === 'string' ? model : ''}`;
  for (const mode of ['401', '500', 'dropped', 'truncated', 'no-usage'] as const) if (probe.includes(`mode-${mode}`)) return mode;
  return 'ok';
}

function delayOf(auth: string | undefined, model: unknown, name: 'first' | 'every', fallback: number): number {
  const probe = `${auth ?? ''} ${typeof model === 'string' ? model : ''}`;
  const found = new RegExp(`${name}-(\\d+)`).exec(probe);
  return found ? Number(found[1]) : fallback;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  // Echo the requested headers: a '*' wildcard does not cover Authorization.
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '*');
  res.setHeader('Access-Control-Max-Age', '600');
}

function chunk(id: string, model: string, delta: object, finish: string | null, usage?: object): string {
  const body = { id, object: 'chat.completion.chunk', created: 0, model, choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) };
  return `data: ${JSON.stringify(body)}\n\n`;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = '';
  for await (const part of req) raw += String(part);
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Listens on 127.0.0.1; port 0 (default) picks a free one. */
export async function startOpenAiTestServer(options: { port?: number } = {}): Promise<OpenAiTestServer> {
  const requests: OpenAiTestServer['requests'] = [];
  const server = createServer(async (req, res) => {
    cors(req, res);
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.method !== 'POST' || !req.url?.endsWith('/v1/chat/completions')) {
      return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Not found', type: 'invalid_request_error' } }));
    }
    const body = await readJson(req);
    const authorization = req.headers.authorization;
    const request: OpenAiTestServer['requests'][number] = { authorization, body };
    requests.push(request);
    const mode = modeOf(authorization, body.model);
    if (mode === '401') {
      const error = { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' };
      return void res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
    }
    if (mode === '500') {
      const error = { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null };
      return void res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
    }
    const model = typeof body.model === 'string' ? body.model : 'test-model';
    const first = delayOf(authorization, body.model, 'first', 0);
    const every = delayOf(authorization, body.model, 'every', 5);
    if (first > 0) await sleep(first);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    request.firstByteAt = Date.now();
    res.write(chunk('chatcmpl-test', model, { role: 'assistant', content: TEST_SERVER_CHUNKS[0] }, null));
    const count = mode === 'ok' || mode === 'no-usage' ? TEST_SERVER_CHUNKS.length : 2;
    for (const text of TEST_SERVER_CHUNKS.slice(1, count)) {
      await sleep(every);
      res.write(chunk('chatcmpl-test', model, { content: text }, null));
    }
    await sleep(every);
    if (mode === 'dropped') return void res.socket?.destroy();
    // A proxy that closes the response politely mid-reply: no finish_reason, no [DONE].
    if (mode === 'truncated') return void res.end();
    res.write(chunk('chatcmpl-test', model, {}, 'stop'));
    if (mode === 'no-usage') return void res.end('data: [DONE]\n\n');
    res.write(chunk('chatcmpl-test', model, {}, null, { ...TEST_SERVER_USAGE, total_tokens: TEST_SERVER_USAGE.prompt_tokens + TEST_SERVER_USAGE.completion_tokens }));
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

// `npx tsx tests/support/openai-test-server.ts [port]` runs it standalone (e.g. as a Playwright webServer).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startOpenAiTestServer({ port: Number(process.argv[2] ?? 0) });
  console.log(`OpenAI test server listening at ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
