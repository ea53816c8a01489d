// Retry timing (DESIGN.md requirement 7): exponential backoff with full jitter, capped, never giving
// up; a server's Retry-After is a floor, never shortened by jitter.
import type { RandomSource } from './random';

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
}

/** Delay before retry number `attempt` (0-based): uniform in [0, min(cap, base·2^attempt)]. */
export function backoffDelay(attempt: number, random: RandomSource, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1_000;
  const cap = options.capMs ?? 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** The wait after a failure: the jittered backoff, but never less than what the server asked for. */
export function retryDelay(attempt: number, random: RandomSource, retryAfterMs?: number, options?: BackoffOptions): number {
  const jittered = backoffDelay(attempt, random, options);
  return retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered;
}
