// postgrest-js does not expose response headers, so the client is built with this fetch wrapper,
// which remembers the latest Retry-After for the transport (the engine sends one request at a time).
export interface RetryAfterFetch {
  fetch: typeof fetch;
  lastRetryAfterMs: () => number | undefined;
}

/** Parse a Retry-After header (seconds or an HTTP date) into milliseconds from `nowMs`. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export function createRetryAfterFetch(inner: typeof fetch = globalThis.fetch.bind(globalThis)): RetryAfterFetch {
  let last: number | undefined;
  const wrapped: typeof fetch = async (input, init) => {
    const response = await inner(input, init);
    last = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    return response;
  };
  return { fetch: wrapped, lastRetryAfterMs: () => last };
}
