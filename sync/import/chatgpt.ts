// ChatGPT's data export (conversations.json): an array of conversations, each a `mapping` of nodes
// {id, message, parent, children} forming a tree (an edited question or a regenerated answer is a
// branch), `current_node` the leaf it was showing, times in seconds since 1970, the model per reply in
// `message.metadata.model_slug`. Nodes without a visible message (the root, hidden system context, tool
// calls, reasoning) are left out and their children hang from the nearest message kept.
import type { Role } from '../model';
import { breakCycles, isObject, storableText, text, timeOf, type ImportedMessage, type ReadConversation } from './conversation';

const ROLES: Record<string, Role> = { user: 'user', assistant: 'assistant', system: 'system' };
/** Content that is the model's scratch work or a tool's plumbing, not part of the conversation. */
const HIDDEN_CONTENT = new Set(['thoughts', 'reasoning_recap', 'user_editable_context', 'model_editable_context', 'tether_browsing_display', 'system_error']);

/** A message's text: string parts joined; pictures and files named in brackets. */
function contentText(content: unknown): string {
  if (!isObject(content)) return '';
  if (Array.isArray(content.parts)) {
    return content.parts
      .map((part) => {
        if (typeof part === 'string') return part;
        if (isObject(part)) {
          if (typeof part.text === 'string') return part.text;
          const kind = text(part.content_type) ?? '';
          return kind.includes('image') ? '[image]' : kind.includes('audio') ? '[audio]' : '[attachment]';
        }
        return '';
      })
      .filter((s) => s !== '')
      .join('\n\n');
  }
  return text(content.text) ?? text(content.result) ?? '';
}

interface Node {
  parent: string | null;
  message: ImportedMessage | null;
}

export function readChatGptConversation(raw: unknown): ReadConversation {
  if (!isObject(raw)) return { ok: false, reason: 'it is not a conversation object' };
  const mapping = raw.mapping;
  if (!isObject(mapping)) return { ok: false, reason: 'it has no messages (no “mapping”)' };
  const id = text(raw.conversation_id) ?? text(raw.id);
  const created = timeOf(raw.create_time);
  if (!id && !created) return { ok: false, reason: 'it has neither an id nor a creation time' };
  const conversationTime = created ?? timeOf(raw.update_time) ?? new Date(0).toISOString();
  const defaultModel = text(raw.default_model_slug);
  let truncated = 0;

  const nodes = new Map<string, Node>();
  for (const [key, value] of Object.entries(mapping)) {
    if (!isObject(value)) continue;
    const parent = text(value.parent) ?? null;
    const message = isObject(value.message) ? value.message : null;
    let kept: ImportedMessage | null = null;
    if (message) {
      const author = isObject(message.author) ? text(message.author.role) : undefined;
      const role = author ? ROLES[author] : undefined;
      const metadata = isObject(message.metadata) ? message.metadata : {};
      const contentType = isObject(message.content) ? text(message.content.content_type) : undefined;
      const hidden = metadata.is_visually_hidden_from_conversation === true || (contentType !== undefined && HIDDEN_CONTENT.has(contentType));
      const body = role && !hidden ? contentText(message.content).trim() : '';
      if (role && body) {
        const storable = storableText(body);
        if (storable.truncated) truncated += 1;
        const model = role === 'assistant' ? text(metadata.model_slug) ?? defaultModel : undefined;
        kept = {
          key,
          parentKey: null,
          role,
          content: storable.content,
          createdAt: timeOf(message.create_time) ?? '',
          ...(model ? { model } : {}),
        };
      }
    }
    nodes.set(key, { parent, message: kept });
  }

  /** The nearest ancestor with a kept message (a malformed mapping may loop: walks are bounded). */
  const keptAncestor = (start: string | null): ImportedMessage | null => {
    let at = start;
    for (let steps = 0; at !== null && steps <= nodes.size; steps += 1) {
      const node = nodes.get(at);
      if (!node) return null;
      if (node.message) return node.message;
      at = node.parent;
    }
    return null;
  };
  const messages: ImportedMessage[] = [];
  for (const node of nodes.values()) {
    if (!node.message) continue;
    const parent = keptAncestor(node.parent);
    // A parent that loops back to the message itself is no parent.
    node.message.parentKey = parent && parent !== node.message ? parent.key : null;
    messages.push(node.message);
  }
  if (messages.length === 0) return { ok: false, reason: 'it has no messages with text' };
  breakCycles(messages);
  // Messages without a time of their own take their parent's (or the conversation's); parents first.
  const byKey = new Map(messages.map((m) => [m.key, m]));
  const timeFor = (m: ImportedMessage, depth = 0): string => {
    if (m.createdAt) return m.createdAt;
    const parent = m.parentKey && depth < messages.length ? byKey.get(m.parentKey) : undefined;
    m.createdAt = parent ? timeFor(parent, depth + 1) : conversationTime;
    return m.createdAt;
  };
  for (const m of messages) timeFor(m);
  const current = keptAncestor(text(raw.current_node) ?? null);
  return {
    ok: true,
    value: {
      source: 'chatgpt',
      id: id ?? `${conversationTime}:${text(raw.title) ?? ''}`,
      title: (text(raw.title) ?? '').trim(),
      createdAt: conversationTime,
      currentKey: current?.key ?? null,
      messages,
      truncated,
    },
  };
}
