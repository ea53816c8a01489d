// First sign-in on a device: the prompts and runs made while signed out move into the user's own
// database and are queued for upload; the signed-out database is emptied, so the next person at this
// device does not see them (DESIGN.md requirement 12).
import type { PromptRunsDB } from '../db';
import { PROMPT_EDITABLE_FIELDS, RUN_EDITABLE_FIELDS } from '../model';
import { enqueue } from '../store/write';

export interface AdoptCounts {
  prompts: number;
  runs: number;
  messages: number;
}

/** Move everything from `from` (the signed-out database) into `to`; rows `to` already has are kept as they are. */
export async function adoptLocalData(from: PromptRunsDB, to: PromptRunsDB, userId: string): Promise<AdoptCounts> {
  const [prompts, runs, messages] = await Promise.all([from.prompts.toArray(), from.runs.toArray(), from.messages.toArray()]);
  const counts: AdoptCounts = { prompts: 0, runs: 0, messages: 0 };
  if (prompts.length + runs.length + messages.length === 0) return counts;
  await to.transaction('rw', [to.prompts, to.runs, to.messages, to.outbox, to.meta], async () => {
    for (const prompt of prompts) {
      if (await to.prompts.get(prompt.id)) continue;
      await to.prompts.add({ ...prompt, user_id: userId });
      await enqueue(to, { table: 'prompts', rowId: prompt.id, fields: [...PROMPT_EDITABLE_FIELDS], isNew: true });
      counts.prompts += 1;
    }
    for (const run of runs) {
      if (await to.runs.get(run.id)) continue;
      await to.runs.add({ ...run, user_id: userId });
      await enqueue(to, { table: 'runs', rowId: run.id, fields: [...RUN_EDITABLE_FIELDS], isNew: true });
      counts.runs += 1;
    }
    for (const message of messages) {
      if (await to.messages.get(message.id)) continue;
      await to.messages.add(message);
      if (message.status !== 'streaming') await enqueue(to, { table: 'messages', rowId: message.id, runId: message.runId, isNew: true });
      counts.messages += 1;
    }
  });
  // Only after the copy committed: a crash before this line just adopts again (existing ids are skipped).
  await from.transaction('rw', [from.prompts, from.runs, from.messages, from.outbox], async () => {
    await Promise.all([from.prompts.clear(), from.runs.clear(), from.messages.clear(), from.outbox.clear()]);
  });
  return counts;
}
