// A conversation read from a chat export, as a run of the "Imported" prompt and its messages. Ids are
// derived from the export's own ids (stable-id.ts) and `salt` (the account's database), so importing the
// same file again finds everything already there.
import { RUN_EDITABLE_FIELDS, type Message, type Run } from '../model';
import { runActivity } from '../merge';
import { SOURCE_NAMES, type ImportedConversation } from './conversation';
import { stableId } from './stable-id';

export interface ImportedRun {
  run: Run;
  messages: Message[];
  /** Messages cut to the size the app keeps. */
  truncated: number;
}

export interface RecordContext {
  salt: string;
  promptId: string;
  /** The import's time: every field's clock (the import is this device's edit). */
  now: string;
}

/** The "Imported" prompt of an account: one id on every device, so imports made on two devices share it. */
export const importedPromptId = (salt: string) => stableId(salt, 'imported-prompt');

export const importedRunId = (salt: string, conversation: Pick<ImportedConversation, 'source' | 'id'>) =>
  stableId(salt, 'run', conversation.source, conversation.id);

/** The model most replies came from (ties: the latest reply's). */
function mainModel(conversation: ImportedConversation): string | undefined {
  const counts = new Map<string, number>();
  for (const m of conversation.messages) if (m.model) counts.set(m.model, (counts.get(m.model) ?? 0) + 1);
  let best: string | undefined;
  for (const [model, n] of counts) if (!best || n >= counts.get(best)!) best = model;
  return best;
}

export function toRecords(conversation: ImportedConversation, ctx: RecordContext): ImportedRun {
  const source = SOURCE_NAMES[conversation.source];
  const runId = importedRunId(ctx.salt, conversation);
  const idOf = (key: string) => stableId(ctx.salt, 'message', conversation.source, conversation.id, key);
  // Times ahead of now (a wrong clock where the export was made) would pin the run to the top for good.
  const notAfterNow = (iso: string) => (iso > ctx.now ? ctx.now : iso);
  const messages: Message[] = conversation.messages.map((m) => ({
    id: idOf(m.key),
    runId,
    parentId: m.parentKey === null ? null : idOf(m.parentKey),
    role: m.role,
    content: m.content,
    status: 'done',
    createdAt: notAfterNow(m.createdAt),
    ...(m.model ? { metadata: { modelId: m.model, modelName: `${m.model} · ${source}` } } : {}),
  }));
  const model = mainModel(conversation);
  const createdAt = notAfterNow(conversation.createdAt);
  const run: Run = {
    id: runId,
    prompt_id: ctx.promptId,
    user_id: null,
    name: conversation.title.slice(0, 1000) || 'Untitled conversation',
    description: '',
    variable_values: {},
    settings: {
      provider: conversation.source,
      model_id: model ?? conversation.source,
      model_label: model ? `${model} · ${source}` : source,
      imported_from: conversation.source,
      import_id: conversation.id.slice(0, 200),
    },
    status: 'active',
    message_count: messages.length,
    is_starred: false,
    is_pinned: false,
    created_at: createdAt,
    updated_at: ctx.now,
    ...runActivity(createdAt, messages),
    current_leaf_id: conversation.currentKey === null ? messages[messages.length - 1]?.id ?? null : idOf(conversation.currentKey),
    field_updated_at: Object.fromEntries(RUN_EDITABLE_FIELDS.map((f) => [f, ctx.now])),
  };
  return { run, messages, truncated: conversation.truncated };
}
