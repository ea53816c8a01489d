// Chat exports shaped like the real ones (ChatGPT's mapping tree, Claude's chat_messages), for tests and
// the import bench. Deterministic: conversation i always has the same ids, times and text.

const BASE = Date.UTC(2025, 0, 1) / 1000;

interface GptNode {
  id: string;
  message: unknown;
  parent: string | null;
  children: string[];
}

function gptMessage(id: string, role: string, text: string, time: number | null, extra: Record<string, unknown> = {}) {
  return { id, author: { role }, content: { content_type: 'text', parts: [text] }, create_time: time, metadata: extra };
}

/**
 * One ChatGPT conversation: a hidden system message, `turns` question/answer pairs, and (when `branch`) a
 * regenerated second answer to the first question, the branch it shows.
 */
export function chatGptConversation(i: number, options: { turns?: number; branch?: boolean; words?: number } = {}) {
  const turns = options.turns ?? 2;
  const words = options.words ?? 12;
  const t0 = BASE + i * 3600;
  const filler = (n: number) => Array.from({ length: words }, (_, w) => `word${(n * 7 + w) % 97}`).join(' ');
  const mapping: Record<string, GptNode> = {};
  const add = (id: string, message: unknown, parent: string | null) => {
    mapping[id] = { id, message, parent, children: [] };
    if (parent) mapping[parent]!.children.push(id);
  };
  add(`root-${i}`, null, null);
  add(`sys-${i}`, gptMessage(`sys-${i}`, 'system', '', null, { is_visually_hidden_from_conversation: true }), `root-${i}`);
  let parent = `sys-${i}`;
  let current = parent;
  for (let t = 0; t < turns; t += 1) {
    const q = `q${t}-${i}`;
    const a = `a${t}-${i}`;
    add(q, gptMessage(q, 'user', `Question ${t} of conversation ${i}: ${filler(t)}`, t0 + t * 60), parent);
    add(a, gptMessage(a, 'assistant', `Answer ${t} of conversation ${i}: ${filler(t + 1)}`, t0 + t * 60 + 5, { model_slug: t === 0 ? 'gpt-4o' : 'gpt-4o-mini' }), q);
    current = a;
    if (t === 0 && options.branch) {
      const b = `a0b-${i}`;
      add(b, gptMessage(b, 'assistant', `Regenerated answer 0 of conversation ${i}`, t0 + 30, { model_slug: 'gpt-4o' }), q);
    }
    parent = a;
  }
  return {
    title: `Conversation ${i}`,
    create_time: t0,
    update_time: t0 + turns * 60,
    mapping,
    current_node: current,
    conversation_id: `gpt-conv-${i}`,
    default_model_slug: 'gpt-4o',
  };
}

/** One Claude conversation; with `branched`, messages carry parent ids and the first answer was retried. */
export function claudeConversation(i: number, options: { turns?: number; branched?: boolean } = {}) {
  const turns = options.turns ?? 2;
  const t0 = Date.UTC(2025, 1, 1) + i * 3_600_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const messages: Array<Record<string, unknown>> = [];
  let parent = '00000000-0000-4000-8000-000000000000';
  for (let t = 0; t < turns; t += 1) {
    const h = `h${t}-${i}`;
    const a = `c${t}-${i}`;
    messages.push({ uuid: h, sender: 'human', text: `Claude question ${t} of ${i}`, content: [{ type: 'text', text: `Claude question ${t} of ${i}` }], created_at: iso(t0 + t * 60_000), ...(options.branched ? { parent_message_uuid: parent } : {}) });
    messages.push({ uuid: a, sender: 'assistant', text: `Claude answer ${t} of ${i}`, content: [{ type: 'text', text: `Claude answer ${t} of ${i}` }], created_at: iso(t0 + t * 60_000 + 4000), ...(options.branched ? { parent_message_uuid: h } : {}) });
    if (t === 0 && options.branched) {
      messages.push({ uuid: `c0b-${i}`, sender: 'assistant', text: `Claude retried answer 0 of ${i}`, created_at: iso(t0 + 2000), parent_message_uuid: h });
    }
    parent = a;
  }
  return { uuid: `claude-conv-${i}`, name: `Claude chat ${i}`, created_at: iso(t0), updated_at: iso(t0 + turns * 60_000), chat_messages: messages };
}

export const chatGptExport = (count: number, options?: Parameters<typeof chatGptConversation>[1]) =>
  JSON.stringify(Array.from({ length: count }, (_, i) => chatGptConversation(i, options)));
