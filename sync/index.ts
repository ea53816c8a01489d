// Public API of the local data layer (no React here).
export * from './model';
export { openDatabase, databaseNameFor, PromptRunsDB } from './db';
export { nowIso, nowMs, newId, setClockOffset, getClockOffset, setTimeSource } from './clock';
export { generateRunName } from './naming';
export { extractVariables, renderTemplate } from './template';
export { activePath, siblingsOf, deepestLeaf } from './tree';
export { parseRunRecord, parseMessageRecord, parsePromptRecord, parseRecords } from './parse-records';
export {
  createRun,
  updateRun,
  checkpointMessage,
  getRun,
  listRunsForPrompt,
  listRecentRuns,
  deleteRun,
  restoreRun,
  archiveRun,
  starRun,
  renameRun,
  describeRun,
  setCurrentLeaf,
  readRunMessages,
  watchRun,
  type RunInit,
  type RunWithMessages,
} from './store/runs';
export {
  listPrompts,
  getPrompt,
  createPrompt,
  updatePrompt,
  duplicatePrompt,
  deletePrompt,
  type PromptInput,
} from './store/prompts';
export { ensureExamplePrompts } from './store/example-prompts';
export { listOutbox, countPending, ackOutbox } from './store/outbox';
export { isQuotaError } from './store/write';
