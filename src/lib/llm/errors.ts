// Turns what an SDK throws into an LlmError with a message a person can act on. Both vendor SDKs share
// the same error shape (status + message, connection and abort subclasses), so one mapper serves both.
import { LlmError } from './types';

export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error & { status?: number | undefined };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
}

function detailOf(error: Error): string {
  // SDK messages look like "401 Incorrect API key provided…"; keep the provider's words, drop the status.
  return error.message.replace(/^\d{3}\s+/, '').trim();
}

export function llmErrorFromStatus(status: number, providerName: string, detail: string): LlmError {
  // Sentences below add their own full stop.
  const trimmed = detail.trim().replace(/[.\s]+$/, '');
  const suffix = trimmed ? `: ${trimmed}` : '';
  if (status === 401 || status === 403) {
    // The provider's own text is left out: it can quote part of the key.
    return new LlmError('auth', `${providerName} rejected the API key (${status}). Check the key in Settings.`, status);
  }
  if (status === 429) {
    return new LlmError('rate_limited', `${providerName} is rate limiting requests (429). Wait a moment, then retry.`, status);
  }
  if (status >= 500) {
    return new LlmError('server', `${providerName} had a server error (${status})${suffix}. Try again later.`, status);
  }
  if (status === 404) {
    return new LlmError('bad_request', `${providerName} did not find the model or URL (404)${suffix}. Check the base URL and model name.`, status);
  }
  return new LlmError('bad_request', `${providerName} refused the request (${status})${suffix}.`, status);
}

/**
 * Maps an error thrown while a request or its stream was in flight. `streaming` says whether the
 * reply had started: a failure after that point means the stream dropped, not that the host is down.
 */
export function mapSdkError(
  error: unknown,
  classes: SdkErrorClasses,
  ctx: { providerName: string; baseUrl?: string; signal: AbortSignal; streaming: boolean },
): LlmError {
  if (error instanceof LlmError) return error;
  if (ctx.signal.aborted || error instanceof classes.APIUserAbortError) {
    return new LlmError('aborted', 'The reply was stopped.', undefined, error);
  }
  if (error instanceof classes.APIError && typeof error.status === 'number') {
    const mapped = llmErrorFromStatus(error.status, ctx.providerName, detailOf(error));
    return new LlmError(mapped.reason, mapped.message, mapped.status, error);
  }
  const dropped = () =>
    new LlmError('stream_dropped', `The connection to ${ctx.providerName} dropped before the reply finished. Retry to try again.`, undefined, error);
  const unreachable = () => {
    const where = ctx.baseUrl ? ` at ${ctx.baseUrl}` : '';
    return new LlmError('network', `Could not reach ${ctx.providerName}${where}. Check the URL and your connection.`, undefined, error);
  };
  if (error instanceof classes.APIConnectionError) return ctx.streaming ? dropped() : unreachable();
  if (error instanceof classes.APIError) {
    // An error event inside the stream (no HTTP status): the provider failed mid-reply.
    return new LlmError('server', `${ctx.providerName} reported an error during the reply: ${detailOf(error)}`, undefined, error);
  }
  if (ctx.streaming) return dropped();
  if (error instanceof TypeError) return unreachable();
  const text = error instanceof Error ? error.message : String(error);
  return new LlmError('bad_request', `${ctx.providerName} request failed: ${text}`, undefined, error);
}
