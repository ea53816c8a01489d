// A message the runner adds to the conversation tree: a new id, stamped with the corrected clock.
import { newId, nowIso } from '@sync/clock';
import type { Message } from '@sync/model';

export function newMessage(runId: string, parentId: string | null, role: Message['role'], content: string, extra: Partial<Message> = {}): Message {
  return { id: newId(), runId, parentId, role, content, status: 'done', createdAt: nowIso(), ...extra };
}
