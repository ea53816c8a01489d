-- Tags, folders and edit history, synced (CONTRACTS.md "design of the new synced kinds").
--
-- Seven tables, each a kind of sync_push change and an array of sync_pull (protocol 3 and later):
-- * lww kinds, merged per field exactly like prompts (values + clocks, merge_fields, field clocks and
--   writers): tags, folders, run_tags and prompt_tags (one row per (item, tag) pair with one field
--   `present`: an element-wise last-write-wins set, so a removal is a tombstone with its own clock and
--   concurrent adds of different tags never replace each other), run_folders (where a run is filed: last
--   move wins).
-- * append kinds, inserted once and never changed (a second insert of an id is a no-op): prompt_versions,
--   run_versions.
-- Every row is keyed by its owner first (tag ids are derived from names on the devices, so two users'
-- "travel" tags share an id and never collide). RLS: the owner may read their rows, nobody may write them
-- but sync_push, which checks that every run, prompt, tag and folder a change names is the caller's and
-- answers not_found otherwise, in the same words whether it is someone else's or does not exist.

alter table sync_internal.editable_fields drop constraint editable_fields_tbl_check;
alter table sync_internal.editable_fields add constraint editable_fields_tbl_check
  check (tbl in ('prompt_runs', 'prompts', 'tags', 'folders', 'run_tags', 'prompt_tags', 'run_folders'));
alter table sync_internal.editable_fields drop constraint editable_fields_kind_check;
-- name: a string of 1..max_length characters that is not only blanks; number: a JSON number;
-- nullable_choice: null or one of choices.
alter table sync_internal.editable_fields add constraint editable_fields_kind_check
  check (kind in ('text', 'boolean', 'uuid', 'choice', 'object', 'string_map', 'variables', 'name', 'number', 'nullable_choice'));

insert into sync_internal.editable_fields (tbl, field, kind, max_length, choices) values
  ('tags', 'name', 'name', 100, null),
  ('tags', 'color', 'nullable_choice', null, array['slate', 'red', 'amber', 'green', 'sky', 'violet', 'pink']),
  ('tags', 'status', 'choice', null, array['active', 'deleted']),
  ('folders', 'name', 'name', 200, null),
  ('folders', 'parent_id', 'uuid', null, null),
  ('folders', 'position', 'number', null, null),
  ('folders', 'status', 'choice', null, array['active', 'deleted']),
  ('run_tags', 'present', 'boolean', null, null),
  ('prompt_tags', 'present', 'boolean', null, null),
  ('run_folders', 'folder_id', 'uuid', null, null);

create table public.tags (
  user_id uuid not null references auth.users (id) on delete cascade,
  id uuid not null,
  name text not null,
  color text,
  status text not null default 'active' check (status in ('active', 'deleted')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  field_updated_at jsonb not null default '{}',
  field_clients jsonb not null default '{}',
  sync_xid xid8 not null default pg_current_xact_id(),
  primary key (user_id, id)
);
create table public.folders (
  user_id uuid not null references auth.users (id) on delete cascade,
  id uuid not null,
  name text not null,
  parent_id uuid,
  position double precision not null default 0,
  status text not null default 'active' check (status in ('active', 'deleted')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  field_updated_at jsonb not null default '{}',
  field_clients jsonb not null default '{}',
  sync_xid xid8 not null default pg_current_xact_id(),
  primary key (user_id, id)
);
create table public.run_tags (
  user_id uuid not null references auth.users (id) on delete cascade,
  run_id uuid not null references public.prompt_runs (id) on delete cascade,
  tag_id uuid not null,
  present boolean not null default false,
  updated_at timestamptz not null,
  field_updated_at jsonb not null default '{}',
  field_clients jsonb not null default '{}',
  sync_xid xid8 not null default pg_current_xact_id(),
  primary key (user_id, run_id, tag_id)
);
create table public.prompt_tags (
  user_id uuid not null references auth.users (id) on delete cascade,
  prompt_id uuid not null,
  tag_id uuid not null,
  present boolean not null default false,
  updated_at timestamptz not null,
  field_updated_at jsonb not null default '{}',
  field_clients jsonb not null default '{}',
  sync_xid xid8 not null default pg_current_xact_id(),
  primary key (user_id, prompt_id, tag_id),
  foreign key (prompt_id, user_id) references public.prompts (id, user_id) on delete cascade
);
create table public.run_folders (
  user_id uuid not null references auth.users (id) on delete cascade,
  run_id uuid not null references public.prompt_runs (id) on delete cascade,
  folder_id uuid,
  updated_at timestamptz not null,
  field_updated_at jsonb not null default '{}',
  field_clients jsonb not null default '{}',
  sync_xid xid8 not null default pg_current_xact_id(),
  primary key (user_id, run_id)
);
create table public.prompt_versions (
  user_id uuid not null references auth.users (id) on delete cascade,
  id uuid not null,
  prompt_id uuid not null,
  created_at timestamptz not null,
  device_id text not null,
  device_name text not null,
  snapshot jsonb not null,
  sync_xid xid8 not null default pg_current_xact_id(),
  primary key (user_id, id),
  foreign key (prompt_id, user_id) references public.prompts (id, user_id) on delete cascade
);
create table public.run_versions (
  user_id uuid not null references auth.users (id) on delete cascade,
  id uuid not null,
  run_id uuid not null references public.prompt_runs (id) on delete cascade,
  created_at timestamptz not null,
  device_id text not null,
  device_name text not null,
  snapshot jsonb not null,
  sync_xid xid8 not null default pg_current_xact_id(),
  primary key (user_id, id)
);

-- sync_pull reads each table in cursor order straight from these (O(page), as for the seed's tables).
create index idx_tags_user_sync_xid on public.tags (user_id, sync_xid, id);
create index idx_folders_user_sync_xid on public.folders (user_id, sync_xid, id);
create index idx_run_tags_user_sync_xid on public.run_tags (user_id, sync_xid, run_id, tag_id);
create index idx_prompt_tags_user_sync_xid on public.prompt_tags (user_id, sync_xid, prompt_id, tag_id);
create index idx_run_folders_user_sync_xid on public.run_folders (user_id, sync_xid, run_id);
create index idx_prompt_versions_user_sync_xid on public.prompt_versions (user_id, sync_xid, id);
create index idx_run_versions_user_sync_xid on public.run_versions (user_id, sync_xid, id);
-- A purge deletes a run's links and versions; account deletion cascades through these.
create index idx_run_tags_run on public.run_tags (run_id);
create index idx_run_versions_run on public.run_versions (run_id);
create index idx_prompt_tags_prompt on public.prompt_tags (prompt_id);
create index idx_prompt_versions_prompt on public.prompt_versions (prompt_id);

do $$
declare
  t text;
begin
  foreach t in array array['tags', 'folders', 'run_tags', 'prompt_tags', 'run_folders', 'prompt_versions', 'run_versions'] loop
    execute format('create trigger %I before insert or update on public.%I for each row execute function sync_internal.stamp_sync_xid()',
      'trigger_' || t || '_sync_xid', t);
    execute format('alter table public.%I enable row level security', t);
    execute format('create policy %I on public.%I for select using (auth.uid() = user_id)', 'Users can view their own ' || replace(t, '_', ' '), t);
    execute format('revoke all on table public.%I from anon', t);
    execute format('revoke insert, update, delete, truncate, references, trigger on table public.%I from authenticated', t);
    execute format('grant select on table public.%I to authenticated', t);
  end loop;
end
$$;
