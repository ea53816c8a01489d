// Reads off the runs' indexes that need more than one range: since v15 (db.ts) runs keep only the
// indexes a query reads, so a question one of the dropped ones answered directly is answered here.
import type { PromptRunsDB } from '../db';

/**
 * The prompts that have runs, skipping from one prompt's keys to the next on the prompt index: a request
 * per prompt, not a read of every run. A key [prompt, status, date] sorts before [prompt, []] (an array
 * after any string), so the next prompt's first key is the first one above that.
 */
export async function promptsWithRuns(db: PromptRunsDB): Promise<string[]> {
  const index = db.runs.where('[prompt_id+status+last_message_at]');
  const ids: string[] = [];
  let next = (await db.runs.orderBy('[prompt_id+status+last_message_at]').limit(1).keys())[0] as unknown[] | undefined;
  while (next) {
    const promptId = next[0] as string;
    ids.push(promptId);
    next = (await index.above([promptId, []]).limit(1).keys())[0] as unknown[] | undefined;
  }
  return ids;
}
