-- sync_push carries tags, folders, tag links, where runs are filed, and edit versions
-- (20261205700000_organize_tables.sql). Wire (sync/protocol.ts):
--   {"table":"tags"|"folders", "id", "insert"?: {"created_at"}, "values", "clocks"}
--   {"table":"run_tags", "key": {"run_id","tag_id"}, "values": {"present"}, "clocks"}   (prompt_tags: prompt_id)
--   {"table":"run_folders", "key": {"run_id"}, "values": {"folder_id"}, "clocks"}
--   {"table":"prompt_versions"|"run_versions", "id", "insert": {"prompt_id"|"run_id", "created_at",
--     "device_id", "device_name", "snapshot"}}
-- Codes: unknown_field, invalid_value (a blank or too long name, a colour off the palette, a folder its own
-- parent), not_found (a run, prompt, tag or folder that is not the caller's, or does not exist: the same
-- words either way), run_purged (tagging, filing or versioning a run deleted forever).

-- Validates one editable field's value; unknown fields are refused by name.
create or replace function sync_internal.check_field(tbl text, field text, v jsonb) returns jsonb
language plpgsql stable set search_path = '' as $$
declare
  f sync_internal.editable_fields;
  kind text := jsonb_typeof(v);
  bad text;
  v_size int;
begin
  select * into f from sync_internal.editable_fields e where e.tbl = check_field.tbl and e.field = check_field.field;
  if not found then
    perform sync_internal.reject('unknown_field', format('%s has no editable field "%s"', tbl, field));
  end if;
  if kind in ('object', 'array') then
    v_size := octet_length(v::text);
    if v_size > 262144 then
      perform sync_internal.reject('json_too_large', format('%s.%s is %s bytes of JSON; at most 262144 (256 KiB)', tbl, field, v_size));
    end if;
  end if;
  case f.kind
    when 'text' then
      if kind <> 'string' or length(v #>> '{}') > f.max_length then
        bad := case when f.max_length is null then 'a string' else format('a string of at most %s characters', f.max_length) end;
      end if;
    when 'name' then
      if kind <> 'string' or btrim(v #>> '{}') = '' or length(v #>> '{}') > f.max_length then
        bad := format('a name of 1 to %s characters', f.max_length);
      end if;
    when 'number' then if kind <> 'number' then bad := 'a number'; end if;
    when 'boolean' then if kind <> 'boolean' then bad := 'true or false'; end if;
    when 'uuid' then if kind <> 'null' then perform sync_internal.as_uuid(v, field); end if;
    when 'choice' then
      if kind <> 'string' or (v #>> '{}') <> all (f.choices) then bad := 'one of ' || array_to_string(f.choices, ', '); end if;
    when 'nullable_choice' then
      if kind <> 'null' and (kind <> 'string' or (v #>> '{}') <> all (f.choices)) then
        bad := 'null or one of ' || array_to_string(f.choices, ', ');
      end if;
    when 'object' then if kind <> 'object' then bad := 'an object'; end if;
    when 'string_map' then
      if kind <> 'object' or exists (select 1 from jsonb_each(v) e where jsonb_typeof(e.value) <> 'string') then
        bad := 'an object of strings';
      end if;
    when 'variables' then
      if kind <> 'array' or exists (select 1 from jsonb_array_elements(v) e
                                    where jsonb_typeof(e) <> 'object' or jsonb_typeof(e -> 'name') is distinct from 'string') then
        bad := 'an array of {name, default_value} objects';
      end if;
  end case;
  if bad is not null then
    perform sync_internal.reject('invalid_value', format('%s.%s must be %s', tbl, field, bad));
  end if;
  return v;
end;
$$;

-- The caller's run, for a change that names it: not_found when it is not theirs (or does not exist),
-- run_purged when it was deleted forever.
create or replace function sync_internal.own_live_run(p_uid uuid, p_run uuid) returns void
language plpgsql stable set search_path = '' as $$
declare
  v_purged timestamptz;
begin
  select r.purged_at into v_purged from public.prompt_runs r where r.id = p_run and r.user_id = p_uid;
  if not found then
    perform sync_internal.reject('not_found', format('run %s was not found on the server', p_run));
  end if;
  if v_purged is not null then
    perform sync_internal.reject('run_purged', format('run %s was deleted forever', p_run));
  end if;
end;
$$;

create or replace function sync_internal.own_prompt(p_uid uuid, p_prompt uuid) returns void
language plpgsql stable set search_path = '' as $$
begin
  if not exists (select 1 from public.prompts p where p.id = p_prompt and p.user_id = p_uid) then
    perform sync_internal.reject('not_found', format('prompt %s was not found on the server', p_prompt));
  end if;
end;
$$;

create or replace function sync_internal.own_tag(p_uid uuid, p_tag uuid) returns void
language plpgsql stable set search_path = '' as $$
begin
  if not exists (select 1 from public.tags t where t.user_id = p_uid and t.id = p_tag) then
    perform sync_internal.reject('not_found', format('tag %s was not found on the server', p_tag));
  end if;
end;
$$;

create or replace function sync_internal.own_folder(p_uid uuid, p_folder uuid) returns void
language plpgsql stable set search_path = '' as $$
begin
  if not exists (select 1 from public.folders f where f.user_id = p_uid and f.id = p_folder) then
    perform sync_internal.reject('not_found', format('folder %s was not found on the server', p_folder));
  end if;
end;
$$;

-- One change of an lww kind: its row (made on first sight), merged per field by merge_fields.
create or replace function sync_internal.apply_lww_kind(p_uid uuid, p_client uuid, p_change jsonb, p_now timestamptz)
returns void language plpgsql set search_path = '' set timezone = 'UTC' as $$
declare
  v_table text := p_change ->> 'table';
  v_key jsonb := p_change -> 'key';
  v_values jsonb := coalesce(p_change -> 'values', '{}'::jsonb);
  v_clocks jsonb := coalesce(p_change -> 'clocks', '{}'::jsonb);
  v_fields jsonb := '{}'::jsonb;
  v_parsed jsonb := '{}'::jsonb;
  v_field text;
  v_value jsonb;
  v_id uuid;
  v_item uuid;
  v_tag uuid;
  v_created timestamptz;
  v_row jsonb;
  v_updated timestamptz;
begin
  if jsonb_typeof(v_values) <> 'object' or jsonb_typeof(v_clocks) <> 'object'
     or coalesce(jsonb_typeof(p_change -> 'insert'), 'object') <> 'object' then
    perform sync_internal.reject('invalid_change', 'values, clocks and insert must be JSON objects');
  end if;
  for v_field, v_value in select e.key, e.value from jsonb_each(v_values) e loop
    if v_field = 'user_id' then
      if jsonb_typeof(v_value) <> 'null' and v_value is distinct from to_jsonb(p_uid::text) then
        perform sync_internal.reject('forbidden', 'user_id must be the signed-in user');
      end if;
    elsif v_field not in ('id', 'run_id', 'prompt_id', 'tag_id', 'created_at', 'updated_at', 'field_updated_at') then
      v_fields := v_fields || jsonb_build_object(v_field, sync_internal.check_field(v_table, v_field, v_value));
      v_parsed := v_parsed || jsonb_build_object(v_field,
        sync_internal.iso(sync_internal.parse_clock(v_clocks -> v_field, format('clocks.%s', v_field), p_now)));
    end if;
  end loop;

  if v_table in ('tags', 'folders') then
    if p_change ? 'key' then
      perform sync_internal.reject('unknown_field', format('%s changes name their row by "id"', v_table));
    end if;
    v_id := sync_internal.as_uuid(p_change -> 'id', 'id');
    if v_values ? 'id' and v_values -> 'id' is distinct from to_jsonb(v_id::text) then
      perform sync_internal.reject('invalid_change', 'values.id differs from the change id');
    end if;
    if v_table = 'folders' and jsonb_typeof(v_fields -> 'parent_id') = 'string' then
      if (v_fields ->> 'parent_id')::uuid = v_id then
        perform sync_internal.reject('invalid_value', 'folders.parent_id must not be the folder itself');
      end if;
      perform sync_internal.own_folder(p_uid, (v_fields ->> 'parent_id')::uuid);
    end if;
    if v_table = 'tags' then
      select to_jsonb(t) into v_row from public.tags t where t.user_id = p_uid and t.id = v_id for update;
    else
      select to_jsonb(f) into v_row from public.folders f where f.user_id = p_uid and f.id = v_id for update;
    end if;
    if v_row is null then
      if not p_change ? 'insert' then
        perform sync_internal.reject('not_found', format('%s %s was not found on the server; if it is new, send it with "insert"',
          case v_table when 'tags' then 'tag' else 'folder' end, v_id));
      end if;
      if not v_fields ? 'name' then
        perform sync_internal.reject('invalid_value', format('a new %s needs a name', case v_table when 'tags' then 'tag' else 'folder' end));
      end if;
      v_created := sync_internal.parse_clock(p_change -> 'insert' -> 'created_at', 'insert.created_at', p_now);
      if v_table = 'tags' then
        insert into public.tags (user_id, id, name, created_at, updated_at) values (p_uid, v_id, '', v_created, v_created)
        on conflict do nothing;
        select to_jsonb(t) into v_row from public.tags t where t.user_id = p_uid and t.id = v_id for update;
      else
        insert into public.folders (user_id, id, name, created_at, updated_at) values (p_uid, v_id, '', v_created, v_created)
        on conflict do nothing;
        select to_jsonb(f) into v_row from public.folders f where f.user_id = p_uid and f.id = v_id for update;
      end if;
    end if;
  else
    if p_change ? 'id' or jsonb_typeof(v_key) is distinct from 'object' then
      perform sync_internal.reject('invalid_change', format('%s changes name their row by "key"', v_table));
    end if;
    if exists (select 1 from jsonb_object_keys(v_key) k where k not in ('run_id', 'prompt_id', 'tag_id')) then
      perform sync_internal.reject('unknown_field', 'key holds run_id, prompt_id or tag_id only');
    end if;
    v_item := sync_internal.as_uuid(v_key -> case v_table when 'prompt_tags' then 'prompt_id' else 'run_id' end,
      case v_table when 'prompt_tags' then 'key.prompt_id' else 'key.run_id' end);
    if v_table = 'prompt_tags' then
      perform sync_internal.own_prompt(p_uid, v_item);
    else
      perform sync_internal.own_live_run(p_uid, v_item);
    end if;
    if v_table = 'run_folders' then
      if jsonb_typeof(v_fields -> 'folder_id') = 'string' then
        perform sync_internal.own_folder(p_uid, (v_fields ->> 'folder_id')::uuid);
      end if;
      insert into public.run_folders (user_id, run_id, updated_at) values (p_uid, v_item, p_now) on conflict do nothing;
      select to_jsonb(x) into v_row from public.run_folders x where x.user_id = p_uid and x.run_id = v_item for update;
    else
      v_tag := sync_internal.as_uuid(v_key -> 'tag_id', 'key.tag_id');
      perform sync_internal.own_tag(p_uid, v_tag);
      if v_table = 'run_tags' then
        insert into public.run_tags (user_id, run_id, tag_id, updated_at) values (p_uid, v_item, v_tag, p_now) on conflict do nothing;
        select to_jsonb(x) into v_row from public.run_tags x
         where x.user_id = p_uid and x.run_id = v_item and x.tag_id = v_tag for update;
      else
        insert into public.prompt_tags (user_id, prompt_id, tag_id, updated_at) values (p_uid, v_item, v_tag, p_now) on conflict do nothing;
        select to_jsonb(x) into v_row from public.prompt_tags x
         where x.user_id = p_uid and x.prompt_id = v_item and x.tag_id = v_tag for update;
      end if;
    end if;
  end if;

  v_row := sync_internal.merge_fields(v_row, v_fields, v_parsed, p_client::text);
  v_updated := greatest((v_row ->> 'updated_at')::timestamptz, (select max(c.value::timestamptz) from jsonb_each_text(v_parsed) c));
  case v_table
    when 'tags' then
      update public.tags t set name = n.name, color = n.color, status = n.status,
        field_updated_at = n.field_updated_at, field_clients = n.field_clients, updated_at = v_updated
        from jsonb_populate_record(null::public.tags, v_row) n where t.user_id = p_uid and t.id = v_id;
    when 'folders' then
      update public.folders f set name = n.name, parent_id = n.parent_id, position = n.position, status = n.status,
        field_updated_at = n.field_updated_at, field_clients = n.field_clients, updated_at = v_updated
        from jsonb_populate_record(null::public.folders, v_row) n where f.user_id = p_uid and f.id = v_id;
    when 'run_tags' then
      update public.run_tags x set present = n.present,
        field_updated_at = n.field_updated_at, field_clients = n.field_clients, updated_at = v_updated
        from jsonb_populate_record(null::public.run_tags, v_row) n where x.user_id = p_uid and x.run_id = v_item and x.tag_id = v_tag;
    when 'prompt_tags' then
      update public.prompt_tags x set present = n.present,
        field_updated_at = n.field_updated_at, field_clients = n.field_clients, updated_at = v_updated
        from jsonb_populate_record(null::public.prompt_tags, v_row) n where x.user_id = p_uid and x.prompt_id = v_item and x.tag_id = v_tag;
    else
      update public.run_folders x set folder_id = n.folder_id,
        field_updated_at = n.field_updated_at, field_clients = n.field_clients, updated_at = v_updated
        from jsonb_populate_record(null::public.run_folders, v_row) n where x.user_id = p_uid and x.run_id = v_item;
  end case;
end;
$$;

-- One edit version (append-only): inserted once; a second insert of its id is a no-op.
create or replace function sync_internal.apply_version(p_uid uuid, p_change jsonb, p_now timestamptz)
returns void language plpgsql set search_path = '' set timezone = 'UTC' as $$
declare
  v_table text := p_change ->> 'table';
  v_insert jsonb := p_change -> 'insert';
  v_item_field text := case v_table when 'prompt_versions' then 'prompt_id' else 'run_id' end;
  v_check_tbl text := case v_table when 'prompt_versions' then 'prompts' else 'prompt_runs' end;
  v_allowed text[] := case v_table when 'prompt_versions'
    then array['name', 'description', 'system_message', 'user_template', 'variables', 'settings']
    else array['name', 'description'] end;
  v_id uuid;
  v_item uuid;
  v_created timestamptz;
  v_snapshot jsonb;
  v_field text;
  v_value jsonb;
begin
  if p_change ? 'key' or coalesce(p_change -> 'values', '{}'::jsonb) <> '{}'::jsonb
     or coalesce(p_change -> 'clocks', '{}'::jsonb) <> '{}'::jsonb then
    perform sync_internal.reject('invalid_change', format('%s are never edited: send the whole row in "insert"', v_table));
  end if;
  if jsonb_typeof(v_insert) is distinct from 'object' then
    perform sync_internal.reject('invalid_change', format('a %s change needs "insert"', v_table));
  end if;
  select k into v_field from jsonb_object_keys(v_insert) k
   where k not in ('id', v_item_field, 'created_at', 'device_id', 'device_name', 'snapshot', 'user_id') limit 1;
  if v_field is not null then
    perform sync_internal.reject('unknown_field', format('%s has no field "%s"', v_table, v_field));
  end if;
  v_id := sync_internal.as_uuid(p_change -> 'id', 'id');
  v_item := sync_internal.as_uuid(v_insert -> v_item_field, 'insert.' || v_item_field);
  -- A baseline (the state before the first recorded edit) was saved by no device: both empty.
  if jsonb_typeof(v_insert -> 'device_id') is distinct from 'string' or length(v_insert ->> 'device_id') > 100
     or jsonb_typeof(v_insert -> 'device_name') is distinct from 'string' or length(v_insert ->> 'device_name') > 200 then
    perform sync_internal.reject('invalid_value', format('%s.device_id must be a string of at most 100 characters and device_name of at most 200', v_table));
  end if;
  v_snapshot := v_insert -> 'snapshot';
  if jsonb_typeof(v_snapshot) is distinct from 'object' then
    perform sync_internal.reject('invalid_value', format('%s.snapshot must be an object', v_table));
  end if;
  for v_field, v_value in select e.key, e.value from jsonb_each(v_snapshot) e loop
    if v_field <> all (v_allowed) then
      perform sync_internal.reject('unknown_field', format('%s.snapshot has no field "%s"', v_table, v_field));
    end if;
    if sync_internal.nests_deeper_than_32(v_value) then
      perform sync_internal.reject('json_too_deep', format('snapshot.%s nests deeper than 32 levels', v_field));
    end if;
    perform sync_internal.check_field(v_check_tbl, v_field, v_value);
  end loop;
  v_created := sync_internal.parse_clock(v_insert -> 'created_at', 'insert.created_at', p_now);
  if v_table = 'prompt_versions' then
    perform sync_internal.own_prompt(p_uid, v_item);
    insert into public.prompt_versions (user_id, id, prompt_id, created_at, device_id, device_name, snapshot)
    values (p_uid, v_id, v_item, v_created, v_insert ->> 'device_id', v_insert ->> 'device_name', v_snapshot)
    on conflict do nothing;
  else
    perform sync_internal.own_live_run(p_uid, v_item);
    insert into public.run_versions (user_id, id, run_id, created_at, device_id, device_name, snapshot)
    values (p_uid, v_id, v_item, v_created, v_insert ->> 'device_id', v_insert ->> 'device_name', v_snapshot)
    on conflict do nothing;
  end if;
end;
$$;

-- Validates one change's envelope and values, then hands it to the apply function of its kind.
create or replace function sync_internal.apply_change(p_uid uuid, p_client uuid, p_change jsonb, p_now timestamptz)
returns void language plpgsql set search_path = '' set timezone = 'UTC' as $$
declare
  v_table text := p_change ->> 'table';
  v_size int := octet_length(p_change::text);
  v_id uuid;
  v_values jsonb;
  v_clocks jsonb;
  v_key text;
  v_value jsonb;
  v_fields jsonb := '{}'::jsonb;
  v_parsed jsonb := '{}'::jsonb;
  v_ignored text[];
begin
  if v_size > 1048576 then
    perform sync_internal.reject('payload_too_large', format('the change is %s bytes; at most 1048576 (1 MiB) per change', v_size));
  end if;
  if sync_internal.change_may_nest_too_deep(p_change) then
    if jsonb_typeof(p_change -> 'values') = 'object' then
      select e.key into v_key from jsonb_each(p_change -> 'values') e where sync_internal.nests_deeper_than_32(e.value) limit 1;
      if v_key is not null then
        perform sync_internal.reject('json_too_deep', format('values.%s nests deeper than 32 levels', v_key));
      end if;
    end if;
    if jsonb_typeof(p_change -> 'append_messages') = 'array'
       and exists (select 1 from jsonb_array_elements(p_change -> 'append_messages') m
                    where sync_internal.nests_deeper_than_32(m -> 'metadata')) then
      perform sync_internal.reject('json_too_deep', 'a message''s metadata nests deeper than 32 levels');
    end if;
  end if;
  if jsonb_typeof(p_change -> 'table') is distinct from 'string' or v_table not in
     ('prompt_runs', 'prompts', 'tags', 'folders', 'run_tags', 'prompt_tags', 'run_folders', 'prompt_versions', 'run_versions') then
    perform sync_internal.reject('unknown_table', format('unknown table %s (expected prompt_runs, prompts, tags, folders, run_tags, prompt_tags, run_folders, prompt_versions or run_versions)',
      coalesce((p_change -> 'table')::text, 'nothing')));
  end if;
  if v_table not in ('prompt_runs', 'prompts') then
    select k into v_key from jsonb_object_keys(p_change) k
     where k not in ('seq', 'table', 'id', 'key', 'insert', 'values', 'clocks') limit 1;
    if v_key is not null then
      perform sync_internal.reject('unknown_field', format('unknown change field "%s"', v_key));
    end if;
    if v_table in ('prompt_versions', 'run_versions') then
      perform sync_internal.apply_version(p_uid, p_change, p_now);
    else
      perform sync_internal.apply_lww_kind(p_uid, p_client, p_change, p_now);
    end if;
    return;
  end if;
  select k into v_key from jsonb_object_keys(p_change) k
   where k not in ('seq', 'table', 'id', 'insert', 'values', 'clocks', 'append_messages', 'purge') limit 1;
  if v_key is not null then
    perform sync_internal.reject('unknown_field', format('unknown change field "%s"', v_key));
  end if;
  if v_table = 'prompts' and (p_change ? 'append_messages' or p_change ? 'purge') then
    perform sync_internal.reject('unknown_field', 'append_messages and purge are for prompt_runs only');
  end if;
  if coalesce(jsonb_typeof(p_change -> 'purge'), 'boolean') <> 'boolean' then
    perform sync_internal.reject('invalid_change', 'purge must be true or false');
  end if;
  if jsonb_typeof(p_change -> 'append_messages') = 'array' and jsonb_array_length(p_change -> 'append_messages') > 1000 then
    perform sync_internal.reject('too_many_messages', format('the change appends %s messages; at most 1000 per change (send the rest in further changes)',
      jsonb_array_length(p_change -> 'append_messages')));
  end if;
  v_id := sync_internal.as_uuid(p_change -> 'id', 'id');
  v_values := coalesce(p_change -> 'values', '{}'::jsonb);
  v_clocks := coalesce(p_change -> 'clocks', '{}'::jsonb);
  if jsonb_typeof(v_values) <> 'object' or jsonb_typeof(v_clocks) <> 'object'
     or coalesce(jsonb_typeof(p_change -> 'insert'), 'object') <> 'object' then
    perform sync_internal.reject('invalid_change', 'values, clocks and insert must be JSON objects');
  end if;

  -- Server-kept columns a client may echo back; they are never taken from the client.
  v_ignored := case when v_table = 'prompt_runs'
    then array['created_at', 'updated_at', 'field_updated_at', 'message_count', 'messages', 'prompt_id', 'last_message_at']
    else array['created_at', 'updated_at', 'field_updated_at'] end;
  for v_key, v_value in select e.key, e.value from jsonb_each(v_values) e loop
    if v_key = 'id' then
      if v_value is distinct from to_jsonb(v_id::text) then
        perform sync_internal.reject('invalid_change', 'values.id differs from the change id');
      end if;
    elsif v_key = 'user_id' then
      -- Rows always belong to the caller; a different owner is refused, not silently rewritten.
      if jsonb_typeof(v_value) <> 'null' and v_value is distinct from to_jsonb(p_uid::text) then
        perform sync_internal.reject('forbidden', 'user_id must be the signed-in user');
      end if;
    elsif v_key <> all (v_ignored) then
      v_fields := v_fields || jsonb_build_object(v_key, sync_internal.check_field(v_table, v_key, v_value));
      v_parsed := v_parsed || jsonb_build_object(v_key,
        sync_internal.iso(sync_internal.parse_clock(v_clocks -> v_key, format('clocks.%s', v_key), p_now)));
    end if;
  end loop;

  if v_table = 'prompts' then
    perform sync_internal.apply_prompt(p_uid, p_client, v_id, p_change -> 'insert', v_fields, v_parsed, p_now);
  else
    perform sync_internal.apply_run(p_uid, p_client, v_id, p_change -> 'insert', v_fields, v_parsed,
      v_values -> 'prompt_id', p_change -> 'append_messages',
      coalesce((p_change ->> 'purge')::boolean, false), p_now);
  end if;
end;
$$;

-- A purge takes the run's tags, filing and name history with its messages (names are content); devices
-- drop theirs when they pull the purge.
create or replace function sync_internal.purge_run_organizing() returns trigger
language plpgsql set search_path = '' as $$
begin
  delete from public.run_tags x where x.run_id = new.id;
  delete from public.run_folders x where x.run_id = new.id;
  delete from public.run_versions x where x.run_id = new.id;
  return new;
end;
$$;
create trigger trigger_prompt_runs_purge_organizing after update of purged_at on public.prompt_runs
  for each row when (old.purged_at is null and new.purged_at is not null)
  execute function sync_internal.purge_run_organizing();

revoke all on all functions in schema sync_internal from public, anon, authenticated, service_role;
