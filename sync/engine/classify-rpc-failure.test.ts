import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after';
import { classifyRpcFailure } from './fetch-transport';

describe('classifyRpcFailure (PostgREST replies → engine decisions)', () => {
  it('retries network faults, 5xx, 429 and a missing function; refreshes on 401; parks validation errors', () => {
    expect(classifyRpcFailure(503, { code: '57P01' })).toMatchObject({ kind: 'server', status: 503 });
    expect(classifyRpcFailure(429, {}, 30_000)).toMatchObject({ kind: 'server', status: 429, retryAfterMs: 30_000 });
    expect(classifyRpcFailure(404, { code: 'PGRST202' }).kind).toBe('server');
    expect(classifyRpcFailure(401, { code: 'PGRST303', message: 'JWT expired' }).kind).toBe('unauthorized');
    expect(classifyRpcFailure(400, { code: '22023', message: 'changes must be a JSON array' })).toEqual({
      kind: 'rejected', code: '22023', message: 'changes must be a JSON array',
    });
    expect(classifyRpcFailure(403, { code: '42501', message: 'permission denied' }).kind).toBe('rejected');
    expect(classifyRpcFailure(426, { code: 'PT426', message: 'protocol_unsupported: …', details: '{"min":3,"max":3}' })).toMatchObject({ kind: 'outdated', min: 3, max: 3 });
    expect(classifyRpcFailure(413, { code: 'PT413', message: 'too big' })).toEqual({ kind: 'rejected', code: 'payload_too_large', message: 'too big' });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter(new Date(90_000).toUTCString(), 0)).toBe(90_000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});
