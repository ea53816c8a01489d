// A prompt's runs are mine: a run shared with me carries its owner's prompt id, which can be the id of one of
// my prompts too (the example prompts have the same id in every account), so a prompt's list and count leave
// runs shared with me out.
import type { PromptRunsDB } from '../db';
import type { Run } from '../model';
import { sharedRunRows } from './shared-runs';

/** Runs shared with me that carry this prompt id, which one prompt's list of runs leaves out. */
export function sharedIdsOf(promptId: string, shared: Run[]): string[] {
  return shared.filter((r) => r.prompt_id === promptId).map((r) => r.id);
}

/**
 * Runs counted for the badge, at most (it shows "99+" past 99). Chromium counts by walking the index on the
 * one sequence that serves every request of the database: at 100,000 runs a full count took 1.4 s, and every
 * read asked for meanwhile waited for it, after each save (the badge is a live query).
 */
export const ACTIVE_COUNT_CAP = 1_000;

/**
 * Active runs of one prompt (the badge on the drawer toggle), less runs shared with me that carry its id:
 * exact up to ACTIVE_COUNT_CAP, at least that many beyond (less the shared ones).
 */
export async function countActiveRuns(db: PromptRunsDB, promptId: string): Promise<number> {
  const [ids, shared] = await Promise.all([
    db.runs.where('[prompt_id+status+last_message_at]').between([promptId, 'active', ''], [promptId, 'active', '\uffff']).limit(ACTIVE_COUNT_CAP).primaryKeys(),
    sharedRunRows(db),
  ]);
  const theirs = new Set(shared.filter((r) => r.prompt_id === promptId).map((r) => r.id));
  return (ids as string[]).filter((id) => !theirs.has(id)).length;
}
