// A ChatGPT data export (conversations.json) shaped like a real one, for the import bench: each conversation a
// `mapping` tree with its hidden root and system nodes, 1–12 question/answer turns of 20–200 words, every
// sixth with a regenerated answer and every tenth with an edited question (branches), the per-message
// fields ChatGPT writes (status, weight, recipient, metadata with model slug and ids), written to disk one
// conversation at a time. Deterministic: the same count gives the same file.
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { seededRandom } from '../../../sync/engine/random';

const VOCAB = ('the a to of and in is for that with on it this as be you can are or your by from at an not have will which ' +
  'travel lisbon train budget hotel itinerary recipe bread sourdough flour water oven python function error index query ' +
  'database table migration review summary draft letter paragraph chapter character plot meeting agenda notes plan ' +
  'workout running knee stretch garden tomato soil budget savings invoice tax spreadsheet formula chart react component ' +
  'state effect render browser cache worker stream parse memory heap thread task frame').split(' ');

interface Node {
  id: string;
  message: Record<string, unknown> | null;
  parent: string | null;
  children: string[];
}

export function realisticConversation(i: number, rnd: () => number) {
  const words = (n: number) => Array.from({ length: n }, () => VOCAB[Math.floor(rnd() * VOCAB.length)]).join(' ');
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const created = 1_700_000_000 + i * 2_900 + rnd();
  const model = rnd() < 0.6 ? 'gpt-4o' : rnd() < 0.5 ? 'gpt-4o-mini' : 'o1';
  const mapping: Record<string, Node> = {};
  const add = (id: string, message: Node['message'], parent: string | null) => {
    mapping[id] = { id, message, parent, children: [] };
    if (parent) mapping[parent]!.children.push(id);
  };
  const message = (id: string, role: string, text: string, time: number | null, metadata: Record<string, unknown>) => ({
    id, author: { role, name: null, metadata: {} }, create_time: time, update_time: null,
    content: { content_type: 'text', parts: [text] }, status: 'finished_successfully', end_turn: role === 'assistant' ? true : null,
    weight: 1, metadata: { request_id: `${hex(16)}-LHR`, timestamp_: 'absolute', message_type: null, ...metadata }, recipient: 'all', channel: null,
  });
  const root = uuid();
  add(root, null, null);
  const system = uuid();
  add(system, message(system, 'system', '', null, { is_visually_hidden_from_conversation: true }), root);
  const turns = 1 + Math.floor(rnd() * 12);
  let parent = system;
  let at = created;
  for (let t = 0; t < turns; t += 1) {
    const q = uuid();
    add(q, message(q, 'user', words(20 + Math.floor(rnd() * 60)), at, { selected_github_repos: [], serialization_metadata: { custom_symbol_offsets: [] } }), parent);
    if (t === 0 && i % 10 === 3) {
      // An edited question: the first version, answered, stays as a branch.
      const oldQ = uuid();
      const oldA = uuid();
      add(oldQ, message(oldQ, 'user', words(25), at - 40, {}), parent);
      add(oldA, message(oldA, 'assistant', words(60 + Math.floor(rnd() * 100)), at - 30, { model_slug: model, default_model_slug: model, parent_id: oldQ, finish_details: { type: 'stop', stop_tokens: [200002] }, is_complete: true }), oldQ);
    }
    const a = uuid();
    at += 5 + rnd() * 20;
    add(a, message(a, 'assistant', words(40 + Math.floor(rnd() * 160)), at, { model_slug: model, default_model_slug: model, parent_id: q, finish_details: { type: 'stop', stop_tokens: [200002] }, is_complete: true, citations: [], content_references: [] }), q);
    if (t === 0 && i % 6 === 1) {
      // A regenerated answer: the other version of the first reply.
      const b = uuid();
      add(b, message(b, 'assistant', words(40 + Math.floor(rnd() * 100)), at + 15, { model_slug: model, default_model_slug: model, parent_id: q, is_complete: true }), q);
    }
    parent = a;
    at += 60 + rnd() * 600;
  }
  return {
    title: words(2 + Math.floor(rnd() * 4)).replace(/^./, (c) => c.toUpperCase()),
    create_time: created, update_time: at, mapping, moderation_results: [], current_node: parent, plugin_ids: null,
    conversation_id: uuid(), conversation_template_id: null, gizmo_id: null, gizmo_type: null, is_archived: false,
    is_starred: null, safe_urls: [], blocked_urls: [], default_model_slug: model, conversation_origin: null,
    voice: null, async_status: null, disabled_tool_ids: [], id: `conv-${i}`,
  };
}

/** Writes `count` conversations to `path` as one JSON array; returns the file's size in bytes and its message count. */
export function writeChatGptExport(path: string, count: number): { bytes: number; messages: number } {
  const rnd = seededRandom(7);
  const fd = openSync(path, 'w');
  let messages = 0;
  try {
    writeSync(fd, '[');
    for (let i = 0; i < count; i += 1) {
      const conversation = realisticConversation(i, rnd);
      messages += Object.values(conversation.mapping).filter((n) => n.message && (n.message.author as { role: string }).role !== 'system').length;
      writeSync(fd, (i ? ',' : '') + JSON.stringify(conversation));
    }
    writeSync(fd, ']');
  } finally {
    closeSync(fd);
  }
  return { bytes: statSync(path).size, messages };
}
