import { describe, expect, it } from 'vitest';
import { llmErrorFromStatus, mapSdkError, type SdkErrorClasses } from './errors';
import { LlmError } from './types';

class APIError extends Error {
  constructor(readonly status: number | undefined, message: string) {
    super(message);
  }
}
class APIConnectionError extends APIError {}
class APIUserAbortError extends APIError {}
const classes = { APIError, APIConnectionError, APIUserAbortError } as unknown as SdkErrorClasses;
const ctx = (over: Partial<{ streaming: boolean; aborted: boolean }> = {}) => {
  const controller = new AbortController();
  if (over.aborted) controller.abort();
  return { providerName: 'Groq', baseUrl: 'https://api.groq.com/openai/v1', signal: controller.signal, streaming: over.streaming ?? false };
};

describe('provider error mapping', () => {
  it.each([
    [401, 'auth', 'Groq rejected the API key (401). Check the key in Settings.'],
    [403, 'auth', 'Groq rejected the API key (403). Check the key in Settings.'],
    [429, 'rate_limited', 'Groq is rate limiting requests (429). Wait a moment, then retry.'],
    [503, 'server', 'Groq had a server error (503): busy. Try again later.'],
    [404, 'bad_request', 'Groq did not find the model or URL (404): busy. Check the base URL and model name.'],
    [400, 'bad_request', 'Groq refused the request (400): busy.'],
  ])('maps HTTP %i to %s with a readable message', (status, reason, message) => {
    const error = llmErrorFromStatus(status, 'Groq', 'busy');
    expect(error).toMatchObject({ reason, message, status });
  });

  it('treats a fired signal as aborted whatever the SDK threw', () => {
    expect(mapSdkError(new TypeError('terminated'), classes, ctx({ aborted: true })).reason).toBe('aborted');
    expect(mapSdkError(new APIUserAbortError(undefined, 'aborted'), classes, ctx()).reason).toBe('aborted');
  });

  it('tells a host that cannot be reached from a stream that broke midway', () => {
    const unreachable = mapSdkError(new APIConnectionError(undefined, 'Connection error.'), classes, ctx());
    expect(unreachable).toMatchObject({ reason: 'network', message: 'Could not reach Groq at https://api.groq.com/openai/v1. Check the URL and your connection.' });
    expect(mapSdkError(new TypeError('terminated'), classes, ctx({ streaming: true })).reason).toBe('stream_dropped');
  });

  it('strips the status prefix the SDK puts on messages, and passes LlmErrors through', () => {
    expect(mapSdkError(new APIError(400, '400 model is required'), classes, ctx()).message).toBe('Groq refused the request (400): model is required.');
    const own = new LlmError('auth', 'x');
    expect(mapSdkError(own, classes, ctx())).toBe(own);
  });
});
