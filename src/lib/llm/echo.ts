// The built-in "Echo (offline)" model: deterministic, no network. It answers with a fixed preface and
// the user's last message, streamed in word-sized chunks at about 20 tokens a second.
import { LlmError, type ChatMessage, type StreamEvent } from './types';

export const ECHO_PREFACE = 'Echo: ';
export const ECHO_EMPTY_REPLY = 'Echo: (nothing to echo yet)';
export const DEFAULT_ECHO_DELAY_MS = 50;
/** Browser e2e tests set this key to speed Echo up (e.g. '5'); ignored unless a finite number ≥ 0. */
export const ECHO_DELAY_STORAGE_KEY = 'prompt-runs:echo-delay-ms';

let delayOverrideMs: number | null = null;

/** Test hook: a fixed per-token delay for every Echo stream; `null` restores the default. */
export function setEchoDelayMs(ms: number | null): void {
  delayOverrideMs = ms;
}

function readStoredDelay(): number | null {
  try {
    const raw = globalThis.localStorage?.getItem(ECHO_DELAY_STORAGE_KEY);
    if (raw == null || raw.trim() === '') return null;
    const ms = Number(raw);
    return Number.isFinite(ms) && ms >= 0 ? ms : null;
  } catch {
    return null; // storage can throw in private modes; the default rate is fine then
  }
}

export function resolveEchoDelayMs(explicit?: number): number {
  return explicit ?? delayOverrideMs ?? readStoredDelay() ?? DEFAULT_ECHO_DELAY_MS;
}

/** The full reply Echo gives to a conversation (what the stream adds up to). */
export function echoReply(messages: ChatMessage[]): string {
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  return lastUser && lastUser.content.length > 0 ? ECHO_PREFACE + lastUser.content : ECHO_EMPTY_REPLY;
}

/** Word-ish tokens: each word with the whitespace after it, so joining them gives the text back. */
export function splitEchoTokens(text: string): string[] {
  return text.match(/\s+|\S+\s*/g) ?? [];
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function abortedError(): LlmError {
  return new LlmError('aborted', 'The reply was stopped.');
}

export async function* streamEcho(
  messages: ChatMessage[],
  signal: AbortSignal,
  delayMs?: number,
): AsyncGenerator<StreamEvent> {
  const tokens = splitEchoTokens(echoReply(messages));
  const delay = resolveEchoDelayMs(delayMs);
  for (const token of tokens) {
    await sleep(delay, signal);
    yield { type: 'text', text: token };
  }
  if (signal.aborted) throw abortedError();
  // Echo's tokens are its word-sized chunks; it reports both sides the way a provider would.
  const inputTokens = messages.reduce((sum, m) => sum + splitEchoTokens(m.content).length, 0);
  yield { type: 'usage', tokens: tokens.length, inputTokens };
}
