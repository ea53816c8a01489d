// HTTP plumbing shared by the GoTrue and PostgREST subsets: body reading with a size cap, JSON replies
// and the CORS headers a browser app on another origin needs (SUPABASE-SUBSET.md §10).
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Deepest nesting of arrays and objects the stand-in accepts in a body. JSON.parse copes with any depth
 * but JSON.stringify (signing a token, binding a jsonb argument, answering) overflows the stack at a few
 * thousand levels; real clients send a handful.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * The first bracket that nests deeper than `limit`, found in one linear pass that skips strings; null
 * when the text stays within it. Runs before JSON.parse, so no deep value is ever built.
 */
export function tooDeep(text: string, limit = MAX_JSON_DEPTH): { char: string } | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return { char: text[i]! };
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return null;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: 'invalid' | 'too_deep'; char?: string };

/** Parses JSON of any depth (JSON.parse does not recurse); never stringify what it returns. */
export function parseJsonAnyDepth(text: string): ParsedJson {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
}

/** Parses a JSON body; '' counts as {} (what PostgREST does for an empty RPC body). */
export function parseJson(text: string): ParsedJson {
  if (text.trim() === '') return { ok: true, value: {} };
  const deep = tooDeep(text);
  if (deep) return { ok: false, reason: 'too_deep', char: deep.char };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
}

/**
 * Percent-decodes a URL path segment without throwing: invalid escapes stay as they are and invalid
 * UTF-8 becomes U+FFFD, as the HTTP servers in front of GoTrue and PostgREST decode paths.
 */
export function decodePathSegment(segment: string): string {
  return segment.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

const EXPOSED = 'X-Supabase-Api-Version, Content-Range, Content-Type, Proxy-Status, Retry-After, WWW-Authenticate, x-sb-error-code';

export function corsHeaders(): Record<string, string> {
  return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED };
}

/** Preflight: echo the requested headers, as PostgREST and Kong's cors plugin do. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers['access-control-request-headers'];
  res.writeHead(200, {
    ...corsHeaders(),
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers':
      typeof requested === 'string' && requested
        ? requested
        : 'apikey, authorization, content-type, content-profile, accept-profile, prefer, x-client-info, x-supabase-api-version, x-retry-count',
    'Access-Control-Max-Age': '86400',
  });
  res.end();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...corsHeaders(), 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...corsHeaders(), ...headers });
  res.end();
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim() ?? null;
}
