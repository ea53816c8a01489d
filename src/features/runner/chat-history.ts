// Pure rules of what the model and the run receive: the first user message, and the chat history sent.
import type { Message } from '@sync/model';
import { renderTemplate } from '@sync/template';
import type { ChatMessage } from '@/lib/llm/types';

/**
 * The first user message of a run. The rendered user template comes first; text typed in the box is
 * appended after a blank line (so a template can be used as-is, or topped up with a question). With an
 * empty template the typed text is the whole message. `missing` lists variables that had no value.
 */
export function composeFirstMessage(
  template: string,
  values: Record<string, string>,
  typed: string,
): { text: string; missing: string[] } {
  const typedText = typed.trim();
  if (!template.trim()) return { text: typedText, missing: [] };
  const rendered = renderTemplate(template, values);
  const text = typedText ? `${rendered.text.trimEnd()}\n\n${typedText}` : rendered.text;
  return { text, missing: rendered.missing };
}

/**
 * The conversation as the model sees it: the path from the root to the message being answered.
 * Failed replies (status 'error') carry no model text and are left out; an interrupted reply keeps the
 * partial text the user saw.
 */
export function toChatMessages(path: readonly Message[]): ChatMessage[] {
  return path
    .filter((m) => !(m.role === 'assistant' && (m.status === 'error' || m.content === '')))
    .filter((m) => !(m.role === 'system' && m.content.trim() === ''))
    .map((m) => ({ role: m.role, content: m.content }));
}

/** What the model is asked when a cut-off reply is continued (never stored: the reply shows its text only). */
export const CONTINUE_INSTRUCTION =
  'Your previous reply was cut off. Continue it exactly where it stopped: do not repeat any of it, do not add a preamble.';

/** The conversation up to a cut-off reply, that reply's text, and the request to go on from it. */
export function continuationRequest(path: readonly ChatMessage[], partialText: string): ChatMessage[] {
  return [...path, { role: 'assistant', content: partialText }, { role: 'user', content: CONTINUE_INSTRUCTION }];
}
