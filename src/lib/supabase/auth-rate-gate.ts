// Honours the auth server's rate limits (429 over_request_rate_limit, Retry-After) for the fetch that
// supabase-js's auth client uses. GoTrue limits /signup, and /token (sign-in and refresh share one
// limit): after a 429 the gate answers that endpoint itself until Retry-After has passed, so neither a
// person pressing "Sign in" again nor supabase-js's own retries reach the server early.
// A refused refresh is handed to supabase-js as a 503: it keeps the session and retries later, where a
// 4xx would sign the person out as soon as the access token has expired.
import { parseRetryAfter } from '@sync/engine/retry-after';

/** When the server sends no Retry-After (GoTrue itself sends none), wait this long. */
const DEFAULT_WAIT_MS = 10_000;

type Bucket = 'signup' | 'token';

export interface AuthRateGate {
  fetch: typeof fetch;
  /** Whole seconds until `bucket` may be asked again; 0 when it may now. */
  secondsLeft(bucket: Bucket): number;
}

function bucketOf(url: URL): Bucket | null {
  if (/\/auth\/v1\/signup\/?$/.test(url.pathname)) return 'signup';
  if (/\/auth\/v1\/token\/?$/.test(url.pathname)) return 'token';
  return null;
}

function refusal(status: 429 | 503, waitMs: number): Response {
  const seconds = String(Math.max(1, Math.ceil(waitMs / 1000)));
  return new Response(JSON.stringify({ code: 'over_request_rate_limit', message: 'Request rate limit reached' }), {
    status,
    headers: { 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01', 'retry-after': seconds },
  });
}

export function createAuthRateGate(inner: typeof fetch = globalThis.fetch.bind(globalThis), now: () => number = Date.now): AuthRateGate {
  const until: Record<Bucket, number> = { signup: 0, token: 0 };
  const gated: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const bucket = bucketOf(url);
    if (!bucket) return inner(input, init);
    const isRefresh = url.searchParams.get('grant_type') === 'refresh_token';
    const wait = until[bucket] - now();
    if (wait > 0) return refusal(isRefresh ? 503 : 429, wait);
    const response = await inner(input, init);
    if (response.status !== 429) return response;
    const waitMs = parseRetryAfter(response.headers.get('retry-after'), now()) ?? DEFAULT_WAIT_MS;
    until[bucket] = now() + waitMs;
    return isRefresh ? refusal(503, waitMs) : response;
  };
  return {
    fetch: gated,
    secondsLeft: (bucket) => Math.max(0, Math.ceil((until[bucket] - now()) / 1000)),
  };
}
