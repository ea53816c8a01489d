import { describe, expect, it } from 'vitest';
import { backoffDelay, retryDelay } from './backoff';
import { seededRandom } from './random';

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
