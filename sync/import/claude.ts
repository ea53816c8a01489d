// Claude's data export (conversations.json): an array of conversations {uuid, name, created_at,
// chat_messages}, each message {uuid, sender 'human'|'assistant', text or content[] parts, created_at} and,
// in newer exports, `parent_message_uuid` (an edited question or a retried answer is a branch). Without
// parents the messages form one line in the order given.
import type { Role } from '../model';
import { breakCycles, isObject, storableText, text, timeOf, type ImportedMessage, type ReadConversation } from './conversation';

const ROLES: Record<string, Role> = { human: 'user', user: 'user', assistant: 'assistant' };
/** Claude's parent of a conversation's first message: no message. */
const ROOT = '00000000-0000-4000-8000-000000000000';

function messageText(m: Record<string, unknown>): string {
  const parts = Array.isArray(m.content)
    ? m.content.flatMap((part) => (isObject(part) && part.type === 'text' && typeof part.text === 'string' ? [part.text] : []))
    : [];
  const body = parts.length > 0 ? parts.join('\n\n') : text(m.text) ?? '';
  const files = [...(Array.isArray(m.attachments) ? m.attachments : []), ...(Array.isArray(m.files) ? m.files : [])]
    .flatMap((f) => (isObject(f) ? [text(f.file_name) ?? text(f.name)] : []))
    .filter((n): n is string => !!n);
  return [body.trim(), ...files.map((n) => `[Attached: ${n}]`)].filter(Boolean).join('\n\n');
}

export function readClaudeConversation(raw: unknown): ReadConversation {
  if (!isObject(raw)) return { ok: false, reason: 'it is not a conversation object' };
  if (!Array.isArray(raw.chat_messages)) return { ok: false, reason: 'it has no messages (no “chat_messages”)' };
  const id = text(raw.uuid) ?? text(raw.id);
  const created = timeOf(raw.created_at);
  if (!id && !created) return { ok: false, reason: 'it has neither an id nor a creation time' };
  const conversationTime = created ?? timeOf(raw.updated_at) ?? new Date(0).toISOString();
  const model = text(raw.model);
  let truncated = 0;
  const messages: ImportedMessage[] = [];
  const seen = new Set<string>();
  let previous: ImportedMessage | null = null;
  raw.chat_messages.forEach((m, i) => {
    if (!isObject(m)) return;
    const role = ROLES[text(m.sender) ?? ''];
    const body = messageText(m);
    if (!role || !body) return;
    const key = text(m.uuid) ?? `#${i}`;
    if (seen.has(key)) return;
    seen.add(key);
    const storable = storableText(body);
    if (storable.truncated) truncated += 1;
    const message: ImportedMessage = {
      key,
      parentKey: null,
      role,
      content: storable.content,
      createdAt: timeOf(m.created_at) ?? previous?.createdAt ?? conversationTime,
      ...(role === 'assistant' && model ? { model } : {}),
    };
    const parent = text(m.parent_message_uuid);
    message.parentKey = parent !== undefined && parent !== ROOT ? parent : parent === ROOT ? null : previous?.key ?? null;
    messages.push(message);
    previous = message;
  });
  if (messages.length === 0) return { ok: false, reason: 'it has no messages with text' };
  // A parent left out (no text) or missing from the file: hang from the message before it instead.
  messages.forEach((m, i) => {
    if (m.parentKey !== null && (!seen.has(m.parentKey) || m.parentKey === m.key)) m.parentKey = messages[i - 1]?.key ?? null;
  });
  breakCycles(messages);
  const newest = messages.reduce((a, b) => (b.createdAt >= a.createdAt ? b : a));
  return {
    ok: true,
    value: { source: 'claude', id: id ?? `${conversationTime}:${text(raw.name) ?? ''}`, title: (text(raw.name) ?? '').trim(), createdAt: conversationTime, currentKey: newest.key, messages, truncated },
  };
}
