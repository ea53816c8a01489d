// A run's messages are found through the messages' one index on their run, [runId+createdAt] (oldest
// first): since v14 there is no index on runId alone, which cost every message put a second index write.
import Dexie, { type Collection, type EntityTable, type InsertType } from 'dexie';
import type { Message } from './model';

/** The bounds of a run's messages in the [runId+createdAt] index. */
export const runRange = (runId: string): [[string, unknown], [string, unknown]] => [[runId, Dexie.minKey], [runId, Dexie.maxKey]];

/** Every message of a run, oldest first. */
export function messagesOfRun(messages: EntityTable<Message, 'id'>, runId: string): Collection<Message, string, InsertType<Message, 'id'>> {
  return messages.where('[runId+createdAt]').between(...runRange(runId));
}
