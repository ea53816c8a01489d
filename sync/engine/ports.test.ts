import { afterEach, describe, expect, it } from 'vitest';
import { getClockOffset, nowIso } from '../clock';
import { createPrompt } from '../store/prompts';
import { backoffDelay, retryDelay } from './backoff';
import { webLocksLeader } from './leader';
import { seededRandom } from './random';
import { parseRetryAfter } from './retry-after-fetch';
import { classifyRpcFailure } from './supabase-transport';
import { createTestWorld, type TestWorld } from './test-world';

let world: TestWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

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

describe('backoff', () => {
  it('stays within [0, min(60 s, 1 s·2^n)] and never waits less than Retry-After', () => {
    const random = seededRandom(5);
    for (let n = 0; n < 40; n += 1) {
      const d = backoffDelay(n, random);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(Math.min(60_000, 1_000 * 2 ** n));
    }
    expect(retryDelay(0, () => 0.99, 45_000)).toBe(45_000);
    expect(backoffDelay(3, () => 1)).toBe(8_000);
  });
});

describe('leader election (Web Locks)', () => {
  /** A lock manager with the semantics of navigator.locks for one exclusive name. */
  function fakeLocks() {
    let held = false;
    const queue: Array<() => void> = [];
    return {
      request(_name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>) {
        return new Promise<void>((resolve, reject) => {
          const grant = () => {
            held = true;
            void callback().then(() => {
              held = false;
              resolve();
              queue.shift()?.();
            });
          };
          options.signal?.addEventListener('abort', () => {
            const i = queue.indexOf(grant);
            if (i >= 0) {
              queue.splice(i, 1);
              reject(new DOMException('aborted', 'AbortError'));
            }
          });
          if (held) queue.push(grant);
          else grant();
        });
      },
    };
  }

  it('lets one tab lead and hands over when it closes', async () => {
    const locks = fakeLocks();
    const led: string[] = [];
    const resignA = webLocksLeader('sync', locks).campaign(() => led.push('a'));
    webLocksLeader('sync', locks).campaign(() => led.push('b'));
    await Promise.resolve();
    expect(led).toEqual(['a']);
    resignA();
    await new Promise((r) => setTimeout(r, 0));
    expect(led).toEqual(['a', 'b']);
  });
});

describe('clock skew', () => {
  it('learns the server offset and stamps later edits with corrected time', async () => {
    const fast = 5 * 60_000; // the device clock is five minutes slow
    let serverNow = () => 0;
    world = createTestWorld(31, { now: () => serverNow() });
    const w = world;
    serverNow = () => w.now() + fast;
    const a = world.addDevice('a');
    await a.engine.syncNow();
    expect(getClockOffset()).toBe(fast);
    const prompt = await createPrompt(a.db, { name: 'stamped' });
    expect(prompt.ok && Date.parse(prompt.value.field_updated_at.name!)).toBe(world.now() + fast);
    expect(nowIso()).toBe(new Date(world.now() + fast).toISOString());
  });
});
