// GoTrue's per-address limits (tollbooth over golang.org/x/time/rate): a token bucket per client
// address that refills `perFiveMinutes / 300` tokens a second and holds at most 30 (GoTrue's burst).

const BURST = 30;
/** Buckets untouched this long are full again and can be forgotten (GoTrue: a one-hour TTL). */
const IDLE_MS = 60 * 60 * 1000;

export interface RateLimiter {
  /** Takes one request from `key`'s bucket: null when allowed, else the seconds until the next is. */
  take(key: string): number | null;
}

export function createRateLimiter(perFiveMinutes: number, now: () => number = Date.now): RateLimiter {
  if (perFiveMinutes <= 0) return { take: () => null };
  const perMs = perFiveMinutes / (5 * 60 * 1000);
  const burst = BURST;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = now();
  return {
    take(key) {
      const t = now();
      if (t - lastSweep > IDLE_MS) {
        for (const [k, b] of buckets) if (t - b.at > IDLE_MS) buckets.delete(k);
        lastSweep = t;
      }
      const bucket = buckets.get(key) ?? { tokens: burst, at: t };
      bucket.tokens = Math.min(burst, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return null;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    },
  };
}
