-- Pinned runs, and one list of the fields a device may edit.
--
-- sync_internal.editable_fields names every editable field of prompt_runs and prompts with the kind of
-- value it takes. check_field validates by that kind, and the statements that write a merged row
-- (sync_internal.write_run / write_prompt) are generated from the list, so a new editable field is its
-- column plus one row here (the trigger below regenerates the writers); pull's run_json/prompt_json
-- list what a pull sends.

alter table public.prompt_runs add column is_pinned boolean not null default false;

create table sync_internal.editable_fields (
  tbl text not null check (tbl in ('prompt_runs', 'prompts')),
  field text not null,
  -- text: a string of at most max_length characters (no max_length: bounded by the change size);
  -- boolean; uuid: a UUID or null; choice: one of choices; object: a JSON object; string_map: an
  -- object of strings; variables: an array of {name, default_value} objects.
  kind text not null check (kind in ('text', 'boolean', 'uuid', 'choice', 'object', 'string_map', 'variables')),
  max_length int,
  choices text[],
  primary key (tbl, field)
);
alter table sync_internal.editable_fields enable row level security;

insert into sync_internal.editable_fields (tbl, field, kind, max_length, choices) values
  ('prompt_runs', 'name', 'text', 1000, null),
  ('prompt_runs', 'description', 'text', 20000, null),
  ('prompt_runs', 'last_message_preview', 'text', 2000, null),
  ('prompt_runs', 'status', 'choice', null, array['active', 'archived', 'deleted']),
  ('prompt_runs', 'is_starred', 'boolean', null, null),
  ('prompt_runs', 'is_pinned', 'boolean', null, null),
  ('prompt_runs', 'current_leaf_id', 'uuid', null, null),
  ('prompt_runs', 'variable_values', 'string_map', null, null),
  ('prompt_runs', 'settings', 'object', null, null),
  ('prompts', 'name', 'text', 1000, null),
  ('prompts', 'description', 'text', null, null),
  ('prompts', 'system_message', 'text', null, null),
  ('prompts', 'user_template', 'text', null, null),
  ('prompts', 'status', 'choice', null, array['active', 'deleted']),
  ('prompts', 'variables', 'variables', null, null),
  ('prompts', 'settings', 'object', null, null);

-- Validates one editable field's value; unknown fields are refused by name.
create or replace function sync_internal.check_field(tbl text, field text, v jsonb) returns jsonb
language plpgsql stable set search_path = '' as $$
declare
  f sync_internal.editable_fields;
  kind text := jsonb_typeof(v);
  bad text;
begin
  select * into f from sync_internal.editable_fields e where e.tbl = check_field.tbl and e.field = check_field.field;
  if not found then
    perform sync_internal.reject('unknown_field', format('%s has no editable field "%s"', tbl, field));
  end if;
  case f.kind
    when 'text' then
      if kind <> 'string' or length(v #>> '{}') > f.max_length then
        bad := case when f.max_length is null then 'a string' else format('a string of at most %s characters', f.max_length) end;
      end if;
    when 'boolean' then if kind <> 'boolean' then bad := 'true or false'; end if;
    when 'uuid' then if kind <> 'null' then perform sync_internal.as_uuid(v, field); end if;
    when 'choice' then
      if kind <> 'string' or (v #>> '{}') <> all (f.choices) then bad := 'one of ' || array_to_string(f.choices, ', '); end if;
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

-- (Re)creates write_run and write_prompt: the one UPDATE that stores a merged row (p_row, a row as JSON
-- after merge_fields) with every editable field of the list, its field clocks and writers, and what the
-- server derives. Static SQL, so each session plans it once. The messages column is named only when
-- messages are appended: the seed's message_count trigger fires on any UPDATE that names it and would
-- read the whole array for every edit.
create or replace function sync_internal.build_row_writers() returns void
language plpgsql set search_path = '' as $gen$
declare
  v_run_fields text;
  v_prompt_fields text;
begin
  select string_agg(format('%1$I = n.%1$I', e.field), ', ' order by e.field) into v_run_fields
    from sync_internal.editable_fields e where e.tbl = 'prompt_runs';
  select string_agg(format('%1$I = n.%1$I', e.field), ', ' order by e.field) into v_prompt_fields
    from sync_internal.editable_fields e where e.tbl = 'prompts';

  execute format($f$
    create or replace function sync_internal.write_run(
      p_id uuid, p_uid uuid, p_row jsonb, p_added jsonb, p_last_message_at timestamptz, p_updated_at timestamptz
    ) returns void language plpgsql set search_path = '' as $body$
    begin
      if p_added is null then
        update public.prompt_runs r set %1$s,
          field_updated_at = n.field_updated_at, field_clients = n.field_clients,
          last_message_at = p_last_message_at, updated_at = p_updated_at
        from jsonb_populate_record(null::public.prompt_runs, p_row) n
        where r.id = p_id and r.user_id = p_uid;
      else
        update public.prompt_runs r set %1$s,
          field_updated_at = n.field_updated_at, field_clients = n.field_clients,
          messages = r.messages || p_added,
          last_message_at = p_last_message_at, updated_at = p_updated_at
        from jsonb_populate_record(null::public.prompt_runs, p_row) n
        where r.id = p_id and r.user_id = p_uid;
      end if;
    end;
    $body$;
  $f$, v_run_fields);

  execute format($f$
    create or replace function sync_internal.write_prompt(p_id uuid, p_uid uuid, p_row jsonb, p_updated_at timestamptz)
    returns void language plpgsql set search_path = '' as $body$
    begin
      update public.prompts p set %1$s,
        field_updated_at = n.field_updated_at, field_clients = n.field_clients, updated_at = p_updated_at
      from jsonb_populate_record(null::public.prompts, p_row) n
      where p.id = p_id and p.user_id = p_uid;
    end;
    $body$;
  $f$, v_prompt_fields);

  revoke all on function sync_internal.write_run(uuid, uuid, jsonb, jsonb, timestamptz, timestamptz) from public, anon, authenticated, service_role;
  revoke all on function sync_internal.write_prompt(uuid, uuid, jsonb, timestamptz) from public, anon, authenticated, service_role;
end;
$gen$;

create or replace function sync_internal.rebuild_row_writers() returns trigger
language plpgsql set search_path = '' as $$
begin
  perform sync_internal.build_row_writers();
  return null;
end;
$$;

create trigger trigger_editable_fields_rebuild_writers
  after insert or update or delete or truncate on sync_internal.editable_fields
  for each statement execute function sync_internal.rebuild_row_writers();

select sync_internal.build_row_writers();

create or replace function sync_internal.apply_prompt(
  p_uid uuid, p_client uuid, p_id uuid, p_insert jsonb, p_fields jsonb, p_clocks jsonb, p_now timestamptz
) returns void language plpgsql set search_path = '' set timezone = 'UTC' as $$
declare
  v_row jsonb;
  v_created timestamptz;
begin
  select to_jsonb(p) into v_row from public.prompts p where p.id = p_id and p.user_id = p_uid for update;
  if v_row is null then
    if p_insert is null then
      perform sync_internal.reject('not_found', format('prompt %s does not exist on the server; send it with "insert"', p_id));
    end if;
    v_created := sync_internal.parse_clock(p_insert -> 'created_at', 'insert.created_at', p_now);
    insert into public.prompts (id, user_id, created_at, updated_at)
    values (p_id, p_uid, v_created, v_created) on conflict do nothing;
    select to_jsonb(p) into v_row from public.prompts p where p.id = p_id and p.user_id = p_uid for update;
  end if;
  v_row := sync_internal.merge_fields(v_row, p_fields, p_clocks, p_client::text);
  perform sync_internal.write_prompt(p_id, p_uid, v_row,
    greatest((v_row ->> 'updated_at')::timestamptz, (select max(c.value::timestamptz) from jsonb_each_text(p_clocks) c)));
end;
$$;

create or replace function sync_internal.apply_run(
  p_uid uuid, p_client uuid, p_id uuid, p_insert jsonb, p_fields jsonb, p_clocks jsonb,
  p_prompt_value jsonb, p_last_message_at jsonb, p_append jsonb, p_purge boolean, p_now timestamptz
) returns void language plpgsql set search_path = '' set timezone = 'UTC' as $$
declare
  v_row jsonb;
  v_prompt uuid;
  v_created timestamptz;
  v_msg jsonb;
  v_new jsonb := '[]'::jsonb;
  v_newest timestamptz;
  v_preview text;
begin
  select to_jsonb(r) - 'messages' into v_row from public.prompt_runs r where r.id = p_id for update;
  if v_row is null then
    if p_insert is null then
      perform sync_internal.reject('not_found', format('run %s does not exist on the server; send it with "insert"', p_id));
    end if;
    v_prompt := sync_internal.as_uuid(p_insert -> 'prompt_id', 'insert.prompt_id');
    if not exists (select 1 from public.prompts p where p.id = v_prompt and p.user_id = p_uid) then
      perform sync_internal.reject('invalid_prompt', format('prompt %s is not one of your prompts (push a prompt before its runs)', v_prompt));
    end if;
    v_created := sync_internal.parse_clock(p_insert -> 'created_at', 'insert.created_at', p_now);
    insert into public.prompt_runs (id, prompt_id, user_id, created_at, updated_at, last_message_at)
    values (p_id, v_prompt, p_uid, v_created, v_created, v_created) on conflict (id) do nothing;
    select to_jsonb(r) - 'messages' into v_row from public.prompt_runs r where r.id = p_id for update;
  end if;
  if (v_row ->> 'user_id')::uuid <> p_uid then
    perform sync_internal.reject('forbidden', format('run %s belongs to another user', p_id));
  end if;
  if p_prompt_value is not null and p_prompt_value is distinct from v_row -> 'prompt_id' then
    perform sync_internal.reject('immutable_field', 'prompt_id of a run cannot change');
  end if;

  -- Delete forever: the conversation leaves the server; the row stays as the tombstone that syncs.
  if p_purge then
    delete from public.prompt_run_messages m where m.run_id = p_id;
    update public.prompt_runs r set messages = '[]'::jsonb, last_message_preview = '',
      purged_at = coalesce(r.purged_at, p_now)
    where r.id = p_id;
    v_row := v_row || jsonb_build_object('last_message_preview', '', 'purged_at',
      case when v_row -> 'purged_at' = 'null'::jsonb then to_jsonb(p_now) else v_row -> 'purged_at' end);
  end if;

  if p_append is not null and jsonb_typeof(p_append) <> 'null' and v_row -> 'purged_at' = 'null'::jsonb then
    if jsonb_typeof(p_append) <> 'array' then
      perform sync_internal.reject('invalid_messages', 'append_messages must be an array of messages');
    end if;
    -- Union by id: a message already stored is never rewritten (messages are append-only).
    for v_msg in select sync_internal.normalize_message(e) from jsonb_array_elements(p_append) e loop
      insert into public.prompt_run_messages (run_id, id, user_id, body, created_at)
      values (p_id, (v_msg ->> 'id')::uuid, p_uid, v_msg, (v_msg ->> 'createdAt')::timestamptz)
      on conflict do nothing;
      if found then
        v_new := v_new || jsonb_build_array(v_msg);
        if v_newest is null or (v_msg ->> 'createdAt')::timestamptz >= v_newest then
          v_newest := (v_msg ->> 'createdAt')::timestamptz;
          v_preview := v_msg ->> 'content';
        end if;
      end if;
    end loop;
  end if;
  -- (least() would turn "no new message" into now, hence the guard.)
  if v_newest is not null then
    v_newest := least(v_newest, p_now);
  end if;
  -- The list preview follows the newest message unless the device sent one (the app's rule:
  -- whitespace collapsed, first 140 characters).
  if v_preview is not null and not p_fields ? 'last_message_preview'
     and v_newest >= (v_row ->> 'last_message_at')::timestamptz then
    v_row := v_row || jsonb_build_object('last_message_preview', left(btrim(regexp_replace(v_preview, '\s+', ' ', 'g')), 140));
  end if;

  v_row := sync_internal.merge_fields(v_row, p_fields, p_clocks, p_client::text);
  perform sync_internal.write_run(p_id, p_uid, v_row,
    case when jsonb_array_length(v_new) > 0 then v_new end,
    -- Activity time only moves forward: the newest of the stored, the sent and the appended.
    greatest((v_row ->> 'last_message_at')::timestamptz, v_newest,
      case when p_last_message_at is not null
           then sync_internal.parse_clock(p_last_message_at, 'values.last_message_at', p_now) end),
    greatest((v_row ->> 'updated_at')::timestamptz, v_newest, (select max(c.value::timestamptz) from jsonb_each_text(p_clocks) c)));
end;
$$;

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
    'purged_at', sync_internal.iso(r.purged_at))
$$;

revoke all on all functions in schema sync_internal from public, anon, authenticated, service_role;
