// The fake server's checks of one change, in the order the SQL makes them (size, depth, text, envelope,
// count, fields, messages), with the same refusal codes; server-kept columns a device echoed are dropped.
import { findInvalidString, jsonDepth, utf8Length } from '../limits';
import { PROMPT_EDITABLE_FIELDS, RUN_EDITABLE_FIELDS } from '../model';
import { SYNC_LIMITS, type PushChange } from '../protocol';
import { isOrganizeChange } from './fake-organize';

export class Rejection extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_FIELDS: readonly string[] = ['prompt_version_id', 'source_run_id']; // ids never followed: a UUID or null
/** The server refuses message times further ahead of its clock than this (CONTRACTS.md). */
const FUTURE_MESSAGE_MS = 5 * 60_000;
/** Columns the server keeps itself: a device may echo them back in `values`, and they are never taken from it. */
const SERVER_KEPT: Record<'prompt_runs' | 'prompts', readonly string[]> = {
  prompt_runs: ['created_at', 'updated_at', 'field_updated_at', 'message_count', 'messages', 'prompt_id', 'last_message_at'],
  prompts: ['created_at', 'updated_at', 'field_updated_at'],
};

/**
 * A change's size, depth, text, envelope, count, fields and messages, in the order the SQL checks them.
 * Strips from `values` the server-kept columns a device echoed back.
 */
export function validateChange(change: PushChange, caller: string, now: number): void {
  const bytes = utf8Length(JSON.stringify(change));
  if (bytes > SYNC_LIMITS.bytesPerChange) throw new Rejection('payload_too_large', `the change is ${bytes} bytes; at most ${SYNC_LIMITS.bytesPerChange} (1 MiB) per change`);
  const deep = Object.entries(change.values ?? {}).find(([, v]) => jsonDepth(v) > SYNC_LIMITS.jsonDepth)?.[0];
  if (deep) throw new Rejection('json_too_deep', `values.${deep} nests deeper than ${SYNC_LIMITS.jsonDepth} levels`);
  if ((change.append_messages ?? []).some((m) => jsonDepth(m?.metadata) > SYNC_LIMITS.jsonDepth)) throw new Rejection('json_too_deep', "a message's metadata nests deeper than 32 levels");
  if (findInvalidString(change)) throw new Rejection('invalid_text', 'a string holds a NUL or half of a surrogate pair');
  if (isOrganizeChange(change)) return;
  if (!UUID.test(change.id ?? '')) throw new Rejection('invalid_uuid', `id must be a UUID, got ${change.id}`);
  if (change.table !== 'prompt_runs' && change.table !== 'prompts') throw new Rejection('unknown_table', `unknown table ${String(change.table)}`);
  if ((change.append_messages !== undefined || change.purge !== undefined) && change.table !== 'prompt_runs') {
    throw new Rejection('unknown_field', 'append_messages and purge are for prompt_runs only');
  }
  const messages = change.append_messages;
  if (messages !== undefined && !Array.isArray(messages)) throw new Rejection('invalid_messages', 'append_messages must be an array of messages');
  if ((messages?.length ?? 0) > SYNC_LIMITS.messagesPerChange) throw new Rejection('too_many_messages', `at most ${SYNC_LIMITS.messagesPerChange} messages per change, got ${messages!.length}`);
  const { id, user_id: owner, ...rest } = change.values;
  if (id !== undefined && id !== change.id) throw new Rejection('invalid_change', 'values.id differs from the change id');
  if (owner !== undefined && owner !== null && owner !== caller) throw new Rejection('forbidden', 'user_id must be the signed-in user');
  const kept = SERVER_KEPT[change.table];
  change.values = Object.fromEntries(Object.entries(rest).filter(([field]) => !kept.includes(field)));
  const editable: readonly string[] = change.table === 'prompt_runs' ? RUN_EDITABLE_FIELDS : PROMPT_EDITABLE_FIELDS;
  const unknown = Object.keys(change.values).find((f) => !editable.includes(f));
  if (unknown) throw new Rejection('unknown_field', `${change.table} has no editable field "${unknown}"`);
  for (const [field, value] of Object.entries(change.values)) {
    if (UUID_FIELDS.includes(field) && value !== null && !UUID.test(String(value))) throw new Rejection('invalid_uuid', `${field} must be a UUID, got ${JSON.stringify(value)}`);
    const size = value !== null && typeof value === 'object' ? utf8Length(JSON.stringify(value)) : 0;
    if (size > SYNC_LIMITS.bytesPerMessage) throw new Rejection('json_too_large', `${change.table}.${field} is ${size} bytes of JSON; at most 262144 (256 KiB)`);
  }
  for (const m of messages ?? []) {
    if (typeof m?.id !== 'string' || typeof m.content !== 'string') throw new Rejection('invalid_messages', 'message content must be a string');
    const content = utf8Length(m.content);
    if (content > SYNC_LIMITS.bytesPerMessage) throw new Rejection('json_too_large', `message content is ${content} bytes; at most 262144 (256 KiB)`);
    const metadata = utf8Length(JSON.stringify(m.metadata ?? {}));
    if (metadata > SYNC_LIMITS.bytesPerMessage) throw new Rejection('json_too_large', `message metadata is ${metadata} bytes of JSON; at most 262144 (256 KiB)`);
    const at = Date.parse(m.createdAt);
    if (Number.isNaN(at) || at > now + FUTURE_MESSAGE_MS) throw new Rejection('invalid_input', `message time ${m.createdAt} is more than 5 minutes ahead of the server`);
  }
}
