import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after-fetch';
import { classifyRpcFailure } from './supabase-transport';

describe('classifyRpcFailure (PostgREST replies → engine decisions)', () => {
  it('retries network faults, 5xx, 429 and a missing function; refreshes on 401; parks validation errors', () => {
    expect(classifyRpcFailure(0, { message: 'TypeError: fetch failed' }, false).kind).toBe('network');
    expect(classifyRpcFailure(0, { message: 'AbortError' }, true).kind).toBe('timeout');
    expect(classifyRpcFailure(503, { code: '57P01' }, false)).toMatchObject({ kind: 'server', status: 503 });
    expect(classifyRpcFailure(429, {}, false, 30_000)).toMatchObject({ kind: 'server', status: 429, retryAfterMs: 30_000 });
    expect(classifyRpcFailure(404, { code: 'PGRST202' }, false).kind).toBe('server');
    expect(classifyRpcFailure(401, { code: 'PGRST303', message: 'JWT expired' }, false).kind).toBe('unauthorized');
    expect(classifyRpcFailure(400, { code: '22023', message: 'changes must be a JSON array' }, false)).toEqual({
      kind: 'rejected', code: '22023', message: 'changes must be a JSON array',
    });
    expect(classifyRpcFailure(403, { code: '42501', message: 'permission denied' }, false).kind).toBe('rejected');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter(new Date(90_000).toUTCString(), 0)).toBe(90_000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});
