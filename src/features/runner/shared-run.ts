// A run someone shared with me opens in the runner like one of mine, though it is not mine: its prompt is
// its owner's and is not on this device (members get runs, not prompts), and my role says what I may do.
import type { Prompt, Run } from '@sync/model';
import { runAccess, type RunAccess } from '@sync/store/shared-runs';

export type { RunAccess };

/** What I may do in a run: all of it (mine, or a new one), continue it (editor), or read it (viewer). */
export const accessOf = (run: Run | null): RunAccess => (run ? runAccess(run) : 'owner');

/**
 * The runner's prompt for a shared run: what the run itself says of it (its name, the model it runs
 * with). A started run never reads the prompt's text: its system message and first message are stored.
 */
export function sharedRunPrompt(run: Run): Prompt {
  return {
    id: run.prompt_id,
    user_id: run.user_id,
    name: run.shared?.prompt_name || 'Shared run',
    description: '',
    system_message: '',
    user_template: '',
    variables: [],
    settings: run.settings,
    status: 'active',
    created_at: run.created_at,
    updated_at: run.created_at,
    field_updated_at: {},
  };
}
