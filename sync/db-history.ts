// The tables each version of the device database declared when it shipped (db.ts declares only the
// versions with an upgrade, and the latest). For the schema test (db-schema.test.ts) and the start-up
// bench (tests/bench/pages/db-open.ts); the app never imports it.
const RUNS_V3 = 'id, prompt_id, status, last_message_at, updated_at, [prompt_id+last_message_at], [status+last_message_at], [prompt_id+status+last_message_at]';
/** Every version the app has shipped, with the tables each declared, in order. */
export const SHIPPED: Array<[number, Record<string, string | null>]> = [
  [1, { prompts: 'id, status, updated_at', runs: 'id, prompt_id, status, last_message_at, updated_at, [prompt_id+last_message_at], [status+last_message_at]', messages: 'id, runId, [runId+createdAt]', outbox: 'key, seq, table', meta: 'key', settings: 'key' }],
  [3, { runs: RUNS_V3, searchIndex: 'id, *words', purged: 'id' }],
  [4, { searchPending: 'id' }],
  [5, { usageTotals: 'id, day' }],
  [6, { runs: `${RUNS_V3}, pin` }],
  [7, { searchIndex: null, searchRuns: 'runId, *r', searchPostings: '', searchState: 'key', snapshotQueue: 'runId, ord', runs: `${RUNS_V3}, pin, [settings.provider+settings.model_id]` }],
  [8, { shares: 'id, runId, state' }],
  [9, { usageTotals: 'id, day, promptId' }],
  [10, { tags: 'id, status', folders: 'id, status, parent_id', runTags: '[run_id+tag_id], run_id, tag_id', promptTags: '[prompt_id+tag_id], prompt_id, tag_id', runFolders: 'run_id, folder_id', promptVersions: 'id, [prompt_id+created_at]', runVersions: 'id, [run_id+created_at]', organizeOutbox: 'key, seq, table' }],
  [11, { organizeOutbox: null }],
  [12, {}],
  [13, { runs: `${RUNS_V3}, pin, [settings.provider+settings.model_id], shared.role` }],
  [14, { messages: 'id, [runId+createdAt]' }],
  [15, { runs: 'id, [status+last_message_at], [prompt_id+status+last_message_at], pin, [settings.provider+settings.model_id], shared.role' }],
];
/** The shipped versions that had an upgrade. */
export const UPGRADED = [3, 5, 6, 7, 11, 12];
