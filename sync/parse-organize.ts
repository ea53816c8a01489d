// Validation of tags, folders, tag links, filing and versions as they arrive from the server (sync_pull,
// protocol 3). A row that does not fit is kept in the dead letters by the caller, never applied.
import * as c from './checks';
import { TAG_COLORS, type Folder, type PromptTag, type PromptVersion, type RunFolder, type RunTag, type RunVersion, type Tag } from './organize-model';
import { PULLED_ORGANIZE_ARRAYS } from './protocol';

const clocks = () => c.withDefault(c.record(c.string()), () => ({}));
const status = () => c.withDefault(c.oneOf(['active', 'deleted']), () => 'active' as const);

const tag: c.Check<Tag> = c.object({
  id: c.string(1),
  name: c.string(1),
  color: c.withDefault(c.nullable(c.oneOf(TAG_COLORS)), () => null),
  status: status(),
  created_at: c.isoDate,
  updated_at: c.isoDate,
  field_updated_at: clocks(),
});
const folder: c.Check<Folder> = c.object({
  id: c.string(1),
  name: c.string(1),
  parent_id: c.withDefault(c.nullable(c.string(1)), () => null),
  position: c.withDefault(c.number, () => 0),
  status: status(),
  created_at: c.isoDate,
  updated_at: c.isoDate,
  field_updated_at: clocks(),
});
const runTag: c.Check<RunTag> = c.object({ run_id: c.string(1), tag_id: c.string(1), present: c.boolean, updated_at: c.isoDate, field_updated_at: clocks() });
const promptTag: c.Check<PromptTag> = c.object({ prompt_id: c.string(1), tag_id: c.string(1), present: c.boolean, updated_at: c.isoDate, field_updated_at: clocks() });
const runFolder: c.Check<RunFolder> = c.object({ run_id: c.string(1), folder_id: c.nullable(c.string(1)), updated_at: c.isoDate, field_updated_at: clocks() });
const versionBase = { id: c.string(1), created_at: c.isoDate, device_id: c.string(), device_name: c.string() };
const promptVersion = c.object({
  ...versionBase,
  prompt_id: c.string(1),
  snapshot: c.object({
    name: c.withDefault(c.string(), () => ''),
    description: c.withDefault(c.string(), () => ''),
    system_message: c.withDefault(c.string(), () => ''),
    user_template: c.withDefault(c.string(), () => ''),
    variables: c.withDefault(c.array(c.object({ name: c.string(), default_value: c.withDefault(c.string(), () => '') }, true)), () => []),
    settings: c.withDefault(c.object({}, true), () => ({})),
  }),
}) as unknown as c.Check<PromptVersion>;
const runVersion: c.Check<RunVersion> = c.object({
  ...versionBase,
  run_id: c.string(1),
  snapshot: c.object({ name: c.withDefault(c.string(), () => ''), description: c.withDefault(c.string(), () => '') }),
});

export type PulledOrganizeArray = keyof typeof PULLED_ORGANIZE_ARRAYS;
export const ORGANIZE_ROW_CHECKS = {
  tags: tag,
  folders: folder,
  run_tags: runTag,
  prompt_tags: promptTag,
  run_folders: runFolder,
  prompt_versions: promptVersion,
  run_versions: runVersion,
} as const;

/** The row, or what is wrong with it (in words, without its id). */
export function parseOrganizeRow<K extends PulledOrganizeArray>(kind: K, raw: unknown): { ok: true; value: ReturnType<(typeof ORGANIZE_ROW_CHECKS)[K]> } | { ok: false; problem: string } {
  try {
    return { ok: true, value: ORGANIZE_ROW_CHECKS[kind](raw, '') as ReturnType<(typeof ORGANIZE_ROW_CHECKS)[K]> };
  } catch (error) {
    return { ok: false, problem: error instanceof c.CheckIssue ? error.message : 'unreadable' };
  }
}
