-- sync_push under attack, bad input and size:
--
-- * The request body is taken whole, as one unnamed `json` argument. PostgREST passes a JSON body to such a
--   function as it came (`$1::json`, validated but not unescaped), whereas named arguments go through
--   json_to_record, which unescapes every string of the body: one \u0000 or lone surrogate anywhere made
--   the whole call fail with 400 before any SQL of ours ran. The wire is unchanged (the app still sends
--   {client_id, changes, protocol}); the body is parsed here, and a string PostgreSQL cannot store rejects
--   only the change that holds it (invalid_text).
-- * Limits: at most 4 MiB and 500 changes per call (else PT413, HTTP 413: the app halves the batch); per
--   change at most 1 MiB (payload_too_large) and 1,000 messages (too_many_messages: the app splits them
--   over several changes); a message's content or any JSON value at most 256 KiB (json_too_large) and 32
--   levels deep (json_too_deep).
-- * Messages are appended set-based (one INSERT and one array per change, linear in the messages sent),
--   validated before the run's row is locked.
-- * Another user's run answers not_found, exactly as a run that does not exist, and its row is never
--   locked. A second, different change reusing a seq in one batch is rejected duplicate_seq.
-- * A purge is final: the run stays deleted whatever status edits arrive later, and appending to it or
--   restoring it is rejected run_purged instead of being dropped silently.
-- * last_message_at is derived from the messages' own times (the newest createdAt, or created_at while
--   the run has none), as every device derives it; a message time more than 5 minutes ahead of the
--   server's clock is refused (invalid_input) rather than clamped.

-- A change nests deeper than `max_depth` when some object or array sits `max_depth` levels below it
-- ({} is 1 deep, {"a":[1]} 2). jsonpath walks only down to that level.
create or replace function sync_internal.nests_deeper_than_32(v jsonb) returns boolean
language sql immutable as $$
  select jsonb_path_exists(v, 'strict $.**{32} ? (@.type() == "object" || @.type() == "array")')
$$;

-- Fast path for a whole change: its values sit 2 levels down (change → values → value) and message
-- metadata 3 (change → append_messages → message → metadata), so a change with nothing at level 34
-- holds no value deeper than 32.
create or replace function sync_internal.change_may_nest_too_deep(v jsonb) returns boolean
language sql immutable as $$
  select jsonb_path_exists(v, 'strict $.**{34} ? (@.type() == "object" || @.type() == "array")')
$$;

-- The body's JSON text with every escape PostgreSQL cannot store (\u0000 and lone UTF-16 surrogates)
-- replaced by `marker`, so the rest parses and each change that held one can be named. Escaped
-- backslashes are rewritten first as \u005c (the same character), so a "\\u0000" that is a backslash
-- followed by text is not mistaken for an escape.
create or replace function sync_internal.mark_invalid_text(t text, marker text) returns text
language sql immutable as $$
  select regexp_replace(regexp_replace(regexp_replace(regexp_replace(t,
    '\\\\', '\\u005c', 'g'),
    '\\u0000', marker, 'g'),
    '\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})', marker, 'g'),
    '(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}', marker, 'g')
$$;

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

-- A message element as stored: the seed's {role, content, taskId?, metadata?} plus id, parentId,
-- createdAt and status. Only finished messages are synced; a streaming one stays on its device.
-- runId / run_id (as a device stores it, or as a pull returned it) are dropped: the change names the run.
drop function sync_internal.normalize_message(jsonb);
create or replace function sync_internal.normalize_message(m jsonb, p_now timestamptz) returns jsonb
language plpgsql stable set search_path = '' set timezone = 'UTC' as $$
declare
  extra text;
  msg jsonb;
  v_created timestamptz;
  v_size int;
begin
  if jsonb_typeof(m) is distinct from 'object' then
    perform sync_internal.reject('invalid_messages', 'each message must be an object');
  end if;
  select k into extra from jsonb_object_keys(m) k
   where k not in ('id', 'parentId', 'role', 'content', 'taskId', 'metadata', 'status', 'createdAt', 'runId', 'run_id') limit 1;
  if extra is not null then
    perform sync_internal.reject('invalid_messages', format('unknown message field "%s"', extra));
  end if;
  if jsonb_typeof(m -> 'role') is distinct from 'string' or (m ->> 'role') not in ('system', 'user', 'assistant') then
    perform sync_internal.reject('invalid_messages', 'message role must be system, user or assistant');
  end if;
  if jsonb_typeof(m -> 'content') is distinct from 'string' then
    perform sync_internal.reject('invalid_messages', 'message content must be a string');
  end if;
  v_size := octet_length(m ->> 'content');
  if v_size > 262144 then
    perform sync_internal.reject('json_too_large', format('message content is %s bytes; at most 262144 (256 KiB)', v_size));
  end if;
  if jsonb_typeof(m -> 'status') is distinct from 'string' or (m ->> 'status') not in ('done', 'error', 'interrupted') then
    perform sync_internal.reject('invalid_messages', 'message status must be done, error or interrupted (streaming messages are not synced)');
  end if;
  if coalesce(jsonb_typeof(m -> 'taskId'), 'null') not in ('null', 'string')
     or coalesce(jsonb_typeof(m -> 'metadata'), 'null') not in ('null', 'object') then
    perform sync_internal.reject('invalid_messages', 'message taskId must be a string and metadata an object');
  end if;
  if jsonb_typeof(m -> 'metadata') = 'object' then
    v_size := octet_length((m -> 'metadata')::text);
    if v_size > 262144 then
      perform sync_internal.reject('json_too_large', format('message metadata is %s bytes of JSON; at most 262144 (256 KiB)', v_size));
    end if;
  end if;
  v_created := sync_internal.parse_time(m -> 'createdAt', 'message createdAt');
  -- Kept as sent (a message is immutable data, identical on every device), so a time far ahead would
  -- pin its run to the top of every list for good: refused, for the device to fix its clock.
  if v_created > p_now + interval '5 minutes' then
    perform sync_internal.reject('invalid_input', format('message createdAt %s is more than 5 minutes ahead of the server''s clock (%s)',
      sync_internal.iso(v_created), sync_internal.iso(p_now)));
  end if;
  msg := jsonb_build_object(
    'id', sync_internal.as_uuid(m -> 'id', 'message id'),
    'parentId', case when coalesce(jsonb_typeof(m -> 'parentId'), 'null') = 'null' then null
                     else sync_internal.as_uuid(m -> 'parentId', 'message parentId') end,
    'role', m -> 'role',
    'content', m -> 'content',
    'status', m -> 'status',
    'createdAt', sync_internal.iso(v_created));
  if jsonb_typeof(m -> 'taskId') = 'string' then msg := msg || jsonb_build_object('taskId', m -> 'taskId'); end if;
  if jsonb_typeof(m -> 'metadata') = 'object' then msg := msg || jsonb_build_object('metadata', m -> 'metadata'); end if;
  return msg;
end;
$$;

drop function sync_internal.apply_run(uuid, uuid, uuid, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, boolean, timestamptz);
create or replace function sync_internal.apply_run(
  p_uid uuid, p_client uuid, p_id uuid, p_insert jsonb, p_fields jsonb, p_clocks jsonb,
  p_prompt_value jsonb, p_append jsonb, p_purge boolean, p_now timestamptz
) returns void language plpgsql set search_path = '' set timezone = 'UTC' as $$
declare
  v_row jsonb;
  v_prompt uuid;
  v_created timestamptz;
  v_incoming jsonb := '[]'::jsonb;
  v_new jsonb;
  v_newest timestamptz;
  v_preview text;
  v_last timestamptz;
  v_purged boolean;
  v_not_found text := format('run %s was not found on the server; if it is new, send it with "insert"', p_id);
begin
  -- Messages are checked and normalised before the run's row is locked: that is the costly part.
  if p_append is not null and jsonb_typeof(p_append) <> 'null' then
    if jsonb_typeof(p_append) <> 'array' then
      perform sync_internal.reject('invalid_messages', 'append_messages must be an array of messages');
    end if;
    select coalesce(jsonb_agg(x.m order by x.n), '[]'::jsonb) into v_incoming
      from (select distinct on (y.m ->> 'id') y.m, y.n
              from (select sync_internal.normalize_message(t.e, p_now) as m, t.n
                      from jsonb_array_elements(p_append) with ordinality as t(e, n)) y
             order by y.m ->> 'id', y.n) x;
  end if;

  -- Only the caller's own row is read and locked: another user's run is "not found", like one that
  -- does not exist, so run ids of others cannot be probed.
  select to_jsonb(r) - 'messages' into v_row from public.prompt_runs r
   where r.id = p_id and r.user_id = p_uid for update;
  if v_row is null then
    if p_insert is null then
      perform sync_internal.reject('not_found', v_not_found);
    end if;
    v_prompt := sync_internal.as_uuid(p_insert -> 'prompt_id', 'insert.prompt_id');
    if not exists (select 1 from public.prompts p where p.id = v_prompt and p.user_id = p_uid) then
      perform sync_internal.reject('invalid_prompt', format('prompt %s is not one of your prompts (push a prompt before its runs)', v_prompt));
    end if;
    v_created := sync_internal.parse_clock(p_insert -> 'created_at', 'insert.created_at', p_now);
    insert into public.prompt_runs (id, prompt_id, user_id, created_at, updated_at, last_message_at)
    values (p_id, v_prompt, p_uid, v_created, v_created, v_created) on conflict (id) do nothing;
    select to_jsonb(r) - 'messages' into v_row from public.prompt_runs r
     where r.id = p_id and r.user_id = p_uid for update;
    if v_row is null then
      perform sync_internal.reject('not_found', v_not_found);
    end if;
  end if;
  if p_prompt_value is not null and p_prompt_value is distinct from v_row -> 'prompt_id' then
    perform sync_internal.reject('immutable_field', 'prompt_id of a run cannot change');
  end if;

  -- Delete forever is final: nothing is added to the run and it is never restored.
  v_purged := v_row -> 'purged_at' <> 'null'::jsonb;
  if v_purged or p_purge then
    if jsonb_array_length(v_incoming) > 0 then
      perform sync_internal.reject('run_purged', format('run %s was deleted forever; messages can no longer be added to it', p_id));
    end if;
    if p_fields ? 'status' and p_fields ->> 'status' <> 'deleted' then
      perform sync_internal.reject('run_purged', format('run %s was deleted forever; it cannot be restored', p_id));
    end if;
  end if;
  if p_purge and not v_purged then
    -- The conversation leaves the server; the row stays as the tombstone that syncs.
    delete from public.prompt_run_messages m where m.run_id = p_id;
    update public.prompt_runs r set messages = '[]'::jsonb, purged_at = p_now where r.id = p_id;
    v_row := v_row || jsonb_build_object('last_message_preview', '', 'purged_at', to_jsonb(p_now), 'message_count', 0);
  end if;

  if jsonb_array_length(v_incoming) > 0 then
    -- Union by id: a message already stored is never rewritten (messages are append-only).
    with inserted as (
      insert into public.prompt_run_messages (run_id, id, user_id, body, created_at)
      select p_id, (t.m ->> 'id')::uuid, p_uid, t.m, (t.m ->> 'createdAt')::timestamptz
        from jsonb_array_elements(v_incoming) as t(m)
      on conflict do nothing
      returning id
    ), added as (
      select t.m, t.n, (t.m ->> 'createdAt')::timestamptz as at
        from jsonb_array_elements(v_incoming) with ordinality as t(m, n)
        join inserted i on i.id = (t.m ->> 'id')::uuid
    )
    select jsonb_agg(a.m order by a.n), max(a.at),
           (select b.m ->> 'content' from added b order by b.at desc, b.n desc limit 1)
      into v_new, v_newest, v_preview
      from added a;
  end if;

  -- The run's activity time: its newest message's own time, or its creation while it has none.
  v_last := case
    when p_purge then (v_row ->> 'created_at')::timestamptz
    when v_newest is null then (v_row ->> 'last_message_at')::timestamptz
    when coalesce((v_row ->> 'message_count')::int, 0) = 0 then v_newest
    else greatest((v_row ->> 'last_message_at')::timestamptz, v_newest) end;
  -- The list preview follows the newest message unless the device sent one (the app's rule:
  -- whitespace collapsed, first 140 characters).
  if v_preview is not null and v_newest = v_last and not p_fields ? 'last_message_preview' then
    v_row := v_row || jsonb_build_object('last_message_preview', left(btrim(regexp_replace(v_preview, '\s+', ' ', 'g')), 140));
  end if;

  v_row := sync_internal.merge_fields(v_row, p_fields, p_clocks, p_client::text);
  if v_purged or p_purge then
    -- Whatever the status clocks say, a purged run stays deleted; the purge's own clock is the
    -- server's now, later than every clock stored so far (each was clamped to its push's now).
    v_row := v_row || jsonb_build_object('status', 'deleted');
    if p_purge and not v_purged then
      v_row := v_row
        || jsonb_build_object('field_updated_at', coalesce(v_row -> 'field_updated_at', '{}') || jsonb_build_object('status', sync_internal.iso(p_now)))
        || jsonb_build_object('field_clients', coalesce(v_row -> 'field_clients', '{}') || jsonb_build_object('status', p_client::text));
    end if;
  end if;
  perform sync_internal.write_run(p_id, p_uid, v_row, v_new, v_last,
    -- (least(null, now) would be now, hence the case.)
    greatest((v_row ->> 'updated_at')::timestamptz, case when v_newest is not null then least(v_newest, p_now) end,
             (select max(c.value::timestamptz) from jsonb_each_text(p_clocks) c)));
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

-- sync_push(body) → PushResponse (sync/protocol.ts); body = {client_id, changes, protocol?}, the JSON the
-- app has always sent. One batch = one transaction; each change runs in its own subtransaction, so a bad
-- change comes back as {status:'rejected', code, message} and the rest still apply. The device's highest
-- seq is recorded in the same transaction, so a batch retried after a lost response applies nothing twice.
-- Runs as its owner (to write the tables the API roles may only read) and scopes every statement to
-- auth.uid() itself.
drop function public.sync_push(uuid, jsonb, int);
create or replace function public.sync_push(json) returns jsonb
language plpgsql volatile security definer set search_path = '' set timezone = 'UTC' as $$
declare
  v_bytes int := octet_length($1::text);
  v_body jsonb;
  v_marker text;
  v_protocol int;
  v_uid uuid;
  v_client uuid;
  v_changes jsonb;
  v_now timestamptz := date_trunc('milliseconds', clock_timestamp());
  v_through bigint;
  v_change jsonb;
  v_seq bigint;
  v_prev_seq bigint;
  v_prev_change jsonb;
  v_code text;
  v_message text;
  v_results jsonb[] := '{}';
  v_changed boolean := false;
begin
  if v_bytes > 4194304 then
    raise exception 'batch_too_large: the batch is % bytes; at most 4194304 (4 MiB) per call', v_bytes
      using errcode = 'PT413', hint = 'Send fewer changes per call.';
  end if;
  begin
    v_body := $1::jsonb;
  exception when untranslatable_character or invalid_text_representation then
    -- A \u0000 or lone surrogate somewhere: mark each with a token the caller cannot know, so the changes
    -- that hold one are rejected one by one and the others still apply.
    v_marker := 'invalid-text-' || replace(gen_random_uuid()::text, '-', '');
    v_body := sync_internal.mark_invalid_text($1::text, v_marker)::jsonb;
  end;
  if jsonb_typeof(v_body) is distinct from 'object' then
    raise exception 'the request body must be a JSON object {client_id, changes, protocol}' using errcode = '22023';
  end if;
  if jsonb_typeof(v_body -> 'protocol') not in ('number', 'null') then
    raise exception 'protocol must be an integer' using errcode = '22023';
  end if;
  v_protocol := sync_internal.check_protocol(case when v_body ? 'protocol' then (v_body ->> 'protocol')::int else 1 end);
  v_uid := auth.uid();
  if v_uid is null then
    raise exception 'sync_push needs a signed-in user' using errcode = '42501', hint = 'Sign in and send the access token.';
  end if;
  if not exists (select 1 from auth.users u where u.id = v_uid) then
    raise exception 'the signed-in user does not exist' using errcode = '42501';
  end if;
  select k into v_message from jsonb_object_keys(v_body) k where k not in ('client_id', 'changes', 'protocol') limit 1;
  if v_message is not null then
    raise exception 'unknown argument "%" (expected client_id, changes, protocol)', left(v_message, 80) using errcode = '22023';
  end if;
  v_client := (v_body ->> 'client_id')::uuid;
  if v_client is null then
    raise exception 'client_id is required' using errcode = '22023';
  end if;
  v_changes := v_body -> 'changes';
  if jsonb_typeof(v_changes) is distinct from 'array' then
    raise exception 'changes must be a JSON array of changes' using errcode = '22023';
  end if;
  if jsonb_array_length(v_changes) > 500 then
    raise exception 'batch_too_large: % changes; at most 500 per call', jsonb_array_length(v_changes)
      using errcode = 'PT413', hint = 'Send fewer changes per call.';
  end if;
  if exists (select 1 from jsonb_array_elements(v_changes) e where not sync_internal.valid_seq(e)) then
    raise exception 'every change must be an object with a positive integer seq' using errcode = '22023';
  end if;

  insert into sync_internal.clients (user_id, client_id) values (v_uid, v_client) on conflict do nothing;
  -- The row lock serialises concurrent pushes of one device, so its seq check cannot race.
  select c.applied_through into v_through from sync_internal.clients c
   where c.user_id = v_uid and c.client_id = v_client for update;
  perform set_config('sync.keep_updated_at', 'on', true);

  for v_change in
    select t.e from jsonb_array_elements(v_changes) with ordinality as t(e, n) order by (t.e ->> 'seq')::bigint, t.n
  loop
    v_seq := (v_change ->> 'seq')::bigint;
    v_code := null;
    if v_seq = v_prev_seq and v_change is distinct from v_prev_change then
      -- Two different changes under one seq: exactly-once cannot tell them apart, so the second is refused
      -- (not recorded: the seq's answer stays the first change's).
      v_results := v_results || jsonb_build_object('seq', v_seq, 'status', 'rejected', 'code', 'duplicate_seq',
        'message', format('seq %s is used by another change of this batch; every change needs its own seq', v_seq));
      continue;
    end if;
    v_prev_seq := v_seq;
    v_prev_change := v_change;
    if v_seq <= v_through then
      select r.code, r.message into v_code, v_message from sync_internal.rejections r
       where r.user_id = v_uid and r.client_id = v_client and r.seq = v_seq;
      v_results := v_results || case when v_code is null
        then jsonb_build_object('seq', v_seq, 'status', 'duplicate')
        else jsonb_build_object('seq', v_seq, 'status', 'rejected', 'code', v_code, 'message', v_message) end;
      continue;
    end if;
    if v_marker is not null and strpos(v_change::text, v_marker) > 0 then
      v_code := 'invalid_text';
      v_message := 'a string in the change holds a NUL character (\u0000) or a lone UTF-16 surrogate, which cannot be stored';
    else
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
    end if;
    if v_code is null then
      v_results := v_results || jsonb_build_object('seq', v_seq, 'status', 'applied');
    else
      insert into sync_internal.rejections (user_id, client_id, seq, code, message)
      values (v_uid, v_client, v_seq, v_code, v_message) on conflict do nothing;
      v_results := v_results || jsonb_build_object('seq', v_seq, 'status', 'rejected', 'code', v_code, 'message', v_message);
    end if;
    v_through := v_seq;
  end loop;

  update sync_internal.clients c set applied_through = v_through, last_push_at = v_now
   where c.user_id = v_uid and c.client_id = v_client;
  if v_changed then
    insert into public.sync_notices (user_id, changed_at, client_id) values (v_uid, v_now, v_client)
    on conflict on constraint sync_notices_pkey do update set changed_at = excluded.changed_at;
  end if;
  return jsonb_build_object('protocol', v_protocol, 'applied_through', v_through,
    'server_time', sync_internal.iso(v_now), 'results', to_jsonb(v_results));
end;
$$;

revoke all on function public.sync_push(json) from public, anon, service_role;
grant execute on function public.sync_push(json) to authenticated;

-- Runs stored before this rule get the derived activity time (only those that differ, so devices
-- re-pull only them); sync.keep_updated_at keeps their edit times.
do $$
begin
  perform set_config('sync.keep_updated_at', 'on', true);
  update public.prompt_runs r set last_message_at = d.derived
    from (select r2.id, coalesce((select max(m.created_at) from public.prompt_run_messages m where m.run_id = r2.id), r2.created_at) as derived
            from public.prompt_runs r2) d
   where d.id = r.id and r.last_message_at is distinct from d.derived;
  -- A purged run is deleted for good.
  update public.prompt_runs r set status = 'deleted' where r.purged_at is not null and r.status is distinct from 'deleted';
end
$$;

revoke all on all functions in schema sync_internal from public, anon, authenticated, service_role;
