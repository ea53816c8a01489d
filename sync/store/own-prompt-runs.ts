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

/** Active runs of one prompt (the badge on the drawer toggle), less runs shared with me that carry its id. */
export async function countActiveRuns(db: PromptRunsDB, promptId: string): Promise<number> {
  const [all, shared] = await Promise.all([
    db.runs.where('[prompt_id+status+last_message_at]').between([promptId, 'active', ''], [promptId, 'active', '\uffff']).count(),
    sharedRunRows(db),
  ]);
  return all - shared.filter((r) => r.prompt_id === promptId && r.status === 'active').length;
}
