-- Two links a device records when it makes a row, now kept by the server so every device shows them:
--   prompt_runs.prompt_version_id  the prompt's version the run was started from (the runner says "The
--                                  prompt has changed since this run started" against it);
--   prompts.source_run_id          the run a prompt was saved from ("Save as template").
-- Both are ordinary editable fields (a row in sync_internal.editable_fields, kind uuid: a UUID or null),
-- merged per field with their clocks like every other field, and returned by sync_pull (and the initial
-- sync's snapshot, which reads the same run_json/prompt_json). A device sends them with the row's other
-- fields when it inserts the row; nothing edits them afterwards.
--
-- Neither is a foreign key, and the server never follows them: each is only an id that the owner's own
-- device wrote into the owner's own row (RLS: own rows only). A version or run that does not exist, or
-- that belongs to someone else, reveals nothing: no lookup, no join, no different answer.
--
-- Older apps keep working: they do not send these fields (a change without them leaves them as stored)
-- and drop keys they do not know from pulled rows, so no protocol change is needed.

alter table public.prompt_runs add column prompt_version_id uuid;
alter table public.prompts add column source_run_id uuid;

-- The trigger on editable_fields regenerates write_run / write_prompt with the new columns.
insert into sync_internal.editable_fields (tbl, field, kind, max_length, choices) values
  ('prompt_runs', 'prompt_version_id', 'uuid', null, null),
  ('prompts', 'source_run_id', 'uuid', null, null);

create or replace function sync_internal.run_json(r public.prompt_runs) returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'id', r.id, 'prompt_id', r.prompt_id, 'user_id', r.user_id,
    'name', coalesce(r.name, ''), 'description', coalesce(r.description, ''),
    'variable_values', r.variable_values, 'settings', r.settings, 'status', coalesce(r.status, 'active'),
    'message_count', coalesce(r.message_count, 0), 'is_starred', coalesce(r.is_starred, false),
    'is_pinned', r.is_pinned,
    'created_at', sync_internal.iso(r.created_at), 'updated_at', sync_internal.iso(r.updated_at),
    'last_message_at', sync_internal.iso(r.last_message_at), 'current_leaf_id', r.current_leaf_id,
    'last_message_preview', r.last_message_preview, 'field_updated_at', r.field_updated_at,
    'purged_at', sync_internal.iso(r.purged_at), 'prompt_version_id', r.prompt_version_id)
$$;

create or replace function sync_internal.prompt_json(p public.prompts) returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'id', p.id, 'user_id', p.user_id, 'name', p.name, 'description', p.description,
    'system_message', p.system_message, 'user_template', p.user_template, 'variables', p.variables,
    'settings', p.settings, 'status', p.status, 'created_at', sync_internal.iso(p.created_at),
    'updated_at', sync_internal.iso(p.updated_at), 'field_updated_at', p.field_updated_at,
    'source_run_id', p.source_run_id)
$$;

revoke all on all functions in schema sync_internal from public, anon, authenticated, service_role;
