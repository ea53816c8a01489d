// What the server refuses, checked on the device before a change is queued (CONTRACTS.md): JSON nested
// too deep, text too large, strings PostgreSQL cannot store (a NUL, or half of a surrogate pair). The
// checks walk values without recursion, so a value nested 100,000 deep is refused, not a stack overflow.
import { SYNC_LIMITS } from './protocol';

export type LimitCode = 'json_too_deep' | 'json_too_large' | 'invalid_text' | 'payload_too_large';

export interface LimitProblem {
  code: LimitCode;
  /** Where, in words a person can act on ("the run's settings"). */
  message: string;
}

/** UTF-8 length of a string, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** A NUL, or a high surrogate not followed by a low one, or a low one on its own: PostgreSQL stores neither. */
// eslint-disable-next-line no-control-regex -- the NUL is exactly what is looked for
const INVALID_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function hasInvalidText(text: string): boolean {
  INVALID_TEXT.lastIndex = 0;
  return INVALID_TEXT.test(text);
}

/** Depth of a JSON value (a scalar is 0, `{}` is 1), walked with a stack; stops once past `max`. */
export function jsonDepth(value: unknown, max: number = SYNC_LIMITS.jsonDepth): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > max) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, here]);
  }
  return deepest;
}

/** Whether any string (key or value) in a JSON value cannot be stored, walked with a stack. */
export function findInvalidString(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') {
      if (hasInvalidText(current)) return true;
    } else if (current !== null && typeof current === 'object') {
      if (Array.isArray(current)) stack.push(...current);
      else for (const [key, child] of Object.entries(current)) stack.push(key, child);
    }
  }
  return false;
}

/**
 * Check one value the app is about to save and sync. `what` names it for the person ("The model settings
 * of this prompt"); `plural` when it takes "are".
 */
export function checkSyncValue(value: unknown, what: string, plural = false): LimitProblem | null {
  const is = plural ? 'are' : 'is';
  if (jsonDepth(value) > SYNC_LIMITS.jsonDepth) {
    return { code: 'json_too_deep', message: `${what} ${is} nested more than ${SYNC_LIMITS.jsonDepth} levels deep, more than sync accepts.` };
  }
  if (findInvalidString(value)) {
    return { code: 'invalid_text', message: `${what} ${plural ? 'contain' : 'contains'} a character that cannot be saved (a NUL or a broken character). Remove it and try again.` };
  }
  const text = typeof value === 'string';
  if (utf8Length(text ? value : JSON.stringify(value) ?? '') > SYNC_LIMITS.bytesPerMessage) {
    return { code: text ? 'payload_too_large' : 'json_too_large', message: `${what} ${is} larger than ${SYNC_LIMITS.bytesPerMessage / 1024} KB, more than sync accepts.` };
  }
  return null;
}

/** What a person calls each field, for the messages above. */
const FIELD_WORDS: Record<string, [words: string, plural: boolean]> = {
  name: ['The name', false],
  description: ['The description', false],
  system_message: ['The system message', false],
  user_template: ['The template', false],
  variables: ['The variables', true],
  variable_values: ['The variable values', true],
  settings: ['The model settings', true],
};

/** A whole row's editable values, so that one change (its values and clocks) stays under the per-change limit. */
const ROW_BYTES = 512 * 1024;

/** Check the fields a mutation is about to write (of a run or a prompt); the first problem, or null. */
export function checkFields(values: Record<string, unknown>, what: 'run' | 'prompt'): LimitProblem | null {
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const [words, plural] = FIELD_WORDS[field] ?? ['A value', false];
    const problem = checkSyncValue(value, `${words} of this ${what}`, plural);
    if (problem) return problem;
  }
  if (utf8Length(JSON.stringify(values)) > ROW_BYTES) {
    return { code: 'payload_too_large', message: `This ${what} is larger than ${ROW_BYTES / 1024} KB in all, more than sync accepts.` };
  }
  return null;
}

/**
 * Check messages about to be saved. A model's reply cannot be typed again, so its unstorable characters
 * become U+FFFD (as a UTF-8 decoder would make them) instead of refusing it; text a person wrote is
 * refused with a reason, and stays where they typed it.
 */
export function prepareMessages<T extends { role: string; content: string; metadata?: unknown }>(messages: readonly T[]): { ok: true; messages: T[] } | { ok: false; problem: LimitProblem } {
  const out: T[] = [];
  for (const m of messages) {
    const message = m.role === 'assistant' && hasInvalidText(m.content) ? { ...m, content: m.content.replace(INVALID_TEXT, '\ufffd') } : m;
    const who = message.role === 'assistant' ? 'The reply' : 'The message';
    const problem = checkSyncValue(message.content, who) ?? (message.metadata === undefined ? null : checkSyncValue(message.metadata, `${who}'s details`));
    if (problem) return { ok: false, problem };
    out.push(message);
  }
  return { ok: true, messages: out };
}
