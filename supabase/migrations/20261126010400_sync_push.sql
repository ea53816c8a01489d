-- sync_push(client_id, changes) → PushResponse (sync/protocol.ts). One batch = one transaction. Each
-- change runs in its own subtransaction: a bad change comes back as {status:'rejected', code, message}
-- and the rest still apply. The device's highest seq is recorded in the same transaction, so a batch
-- retried after a lost response applies nothing twice. Runs as its owner (to write the tables that the
-- API roles may only read) and scopes every statement to auth.uid() itself.

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
  update public.prompts p set
    name = n.name, description = n.description, system_message = n.system_message,
    user_template = n.user_template, variables = n.variables, settings = n.settings, status = n.status,
    field_updated_at = n.field_updated_at, field_clients = n.field_clients,
    updated_at = greatest(p.updated_at, (select max(c.value::timestamptz) from jsonb_each_text(p_clocks) c))
  from jsonb_populate_record(null::public.prompts, v_row) n
  where p.id = p_id and p.user_id = p_uid;
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
  update public.prompt_runs r set
    name = n.name, description = n.description, variable_values = n.variable_values,
    settings = n.settings, status = n.status, is_starred = n.is_starred,
    current_leaf_id = n.current_leaf_id, last_message_preview = n.last_message_preview,
    field_updated_at = n.field_updated_at, field_clients = n.field_clients,
    messages = case when jsonb_array_length(v_new) > 0 then r.messages || v_new else r.messages end,
    -- Activity time only moves forward: the newest of the stored, the sent and the appended.
    last_message_at = greatest(r.last_message_at, v_newest,
      case when p_last_message_at is not null
           then sync_internal.parse_clock(p_last_message_at, 'values.last_message_at', p_now) end),
    updated_at = greatest(r.updated_at, v_newest, (select max(c.value::timestamptz) from jsonb_each_text(p_clocks) c))
  from jsonb_populate_record(null::public.prompt_runs, v_row) n
  where r.id = p_id;
end;
$$;

-- Validates one change's envelope and values, then hands it to apply_prompt/apply_run.
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
  if jsonb_typeof(p_change -> 'table') is distinct from 'string' or v_table not in ('prompt_runs', 'prompts') then
    perform sync_internal.reject('unknown_table', format('unknown table %s (expected prompt_runs or prompts)', coalesce((p_change -> 'table')::text, 'nothing')));
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
      v_values -> 'prompt_id', v_values -> 'last_message_at', p_change -> 'append_messages',
      coalesce((p_change ->> 'purge')::boolean, false), p_now);
  end if;
end;
$$;

create or replace function sync_internal.valid_seq(e jsonb) returns boolean
language plpgsql immutable as $$
begin
  if jsonb_typeof(e) is distinct from 'object' or jsonb_typeof(e -> 'seq') is distinct from 'number' then
    return false;
  end if;
  return (e ->> 'seq')::numeric between 1 and 9007199254740991 and (e ->> 'seq')::numeric = trunc((e ->> 'seq')::numeric);
end;
$$;

create or replace function public.sync_push(client_id uuid, changes jsonb) returns jsonb
language plpgsql volatile security definer set search_path = '' set timezone = 'UTC' as $$
declare
  v_uid uuid := auth.uid();
  v_client uuid := sync_push.client_id;
  v_now timestamptz := date_trunc('milliseconds', clock_timestamp());
  v_through bigint;
  v_change jsonb;
  v_seq bigint;
  v_code text;
  v_message text;
  v_results jsonb := '[]'::jsonb;
  v_changed boolean := false;
begin
  if v_uid is null then
    raise exception 'sync_push needs a signed-in user' using errcode = '42501', hint = 'Sign in and send the access token.';
  end if;
  if not exists (select 1 from auth.users u where u.id = v_uid) then
    raise exception 'the signed-in user does not exist' using errcode = '42501';
  end if;
  if v_client is null then
    raise exception 'client_id is required' using errcode = '22023';
  end if;
  if jsonb_typeof(changes) is distinct from 'array' then
    raise exception 'changes must be a JSON array of changes' using errcode = '22023';
  end if;
  if jsonb_array_length(changes) > 500 then
    raise exception 'at most 500 changes per batch, got %', jsonb_array_length(changes) using errcode = '22023';
  end if;
  if exists (select 1 from jsonb_array_elements(changes) e where not sync_internal.valid_seq(e)) then
    raise exception 'every change must be an object with a positive integer seq' using errcode = '22023';
  end if;

  insert into sync_internal.clients (user_id, client_id) values (v_uid, v_client) on conflict do nothing;
  -- The row lock serialises concurrent pushes of one device, so its seq check cannot race.
  select c.applied_through into v_through from sync_internal.clients c
   where c.user_id = v_uid and c.client_id = v_client for update;
  perform set_config('sync.keep_updated_at', 'on', true);

  for v_change in
    select t.e from jsonb_array_elements(changes) with ordinality as t(e, n) order by (t.e ->> 'seq')::bigint, t.n
  loop
    v_seq := (v_change ->> 'seq')::bigint;
    if v_seq <= v_through then
      select r.code, r.message into v_code, v_message from sync_internal.rejections r
       where r.user_id = v_uid and r.client_id = v_client and r.seq = v_seq;
      v_results := v_results || case when v_code is null
        then jsonb_build_object('seq', v_seq, 'status', 'duplicate')
        else jsonb_build_object('seq', v_seq, 'status', 'rejected', 'code', v_code, 'message', v_message) end;
      v_code := null;
      continue;
    end if;
    begin
      perform sync_internal.apply_change(v_uid, v_client, v_change, v_now);
      v_changed := true;
    exception
      when sqlstate 'PR400' then
        get stacked diagnostics v_message = message_text, v_code = pg_exception_hint;
      when data_exception or integrity_constraint_violation then
        get stacked diagnostics v_message = message_text;
        v_code := 'invalid_input';
    end;
    if v_code is null then
      v_results := v_results || jsonb_build_object('seq', v_seq, 'status', 'applied');
    else
      insert into sync_internal.rejections (user_id, client_id, seq, code, message)
      values (v_uid, v_client, v_seq, v_code, v_message) on conflict do nothing;
      v_results := v_results || jsonb_build_object('seq', v_seq, 'status', 'rejected', 'code', v_code, 'message', v_message);
      v_code := null;
    end if;
    v_through := v_seq;
  end loop;

  update sync_internal.clients c set applied_through = v_through, last_push_at = v_now
   where c.user_id = v_uid and c.client_id = v_client;
  if v_changed then
    insert into public.sync_notices (user_id, changed_at, client_id) values (v_uid, v_now, v_client)
    on conflict on constraint sync_notices_pkey do update set changed_at = excluded.changed_at;
  end if;
  return jsonb_build_object('protocol', 1, 'applied_through', v_through,
    'server_time', sync_internal.iso(v_now), 'results', v_results);
end;
$$;

revoke all on function public.sync_push(uuid, jsonb) from public, anon, service_role;
grant execute on function public.sync_push(uuid, jsonb) to authenticated;
revoke all on all functions in schema sync_internal from public, anon, authenticated, service_role;
