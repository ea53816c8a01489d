-- Small pure helpers of sync_push (schema sync_internal is not exposed over the API). A rejected change
-- is raised as SQLSTATE PR400 with the machine code in HINT; sync_push turns it into a per-change result.

-- ISO-8601 in UTC with milliseconds, the shape of JavaScript's toISOString(), so clocks compare as text too.
create or replace function sync_internal.iso(ts timestamptz) returns text
language sql immutable strict set timezone = 'UTC' as $$
  select to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

create or replace function sync_internal.reject(code text, message text) returns void
language plpgsql as $$
begin
  raise exception using errcode = 'PR400', message = message, hint = code;
end;
$$;

create or replace function sync_internal.as_uuid(v jsonb, what text) returns uuid
language plpgsql immutable as $$
begin
  if v is null or jsonb_typeof(v) <> 'string'
     or (v #>> '{}') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    perform sync_internal.reject('invalid_uuid', format('%s must be a UUID, got %s', what, coalesce(left(v::text, 80), 'nothing')));
  end if;
  return (v #>> '{}')::uuid;
end;
$$;

-- A client time: ISO-8601 with a zone, truncated to milliseconds.
create or replace function sync_internal.parse_time(v jsonb, what text) returns timestamptz
language plpgsql stable set timezone = 'UTC' as $$
begin
  -- Strict enough that the cast below only fails on impossible dates (say 31 February), which then
  -- surface as invalid_input; no exception block here, as one per message would cost a subtransaction.
  if v is null or jsonb_typeof(v) <> 'string'
     or (v #>> '{}') !~ '^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)$' then
    perform sync_internal.reject('invalid_clock', format('%s must be an ISO-8601 time with a zone, got %s', what, coalesce(left(v::text, 80), 'nothing')));
  end if;
  return date_trunc('milliseconds', (v #>> '{}')::timestamptz);
end;
$$;

-- A client clock (edit time, creation time): one from the future is clamped to the server's now, so a
-- device with a fast clock cannot win every later edit or pin a run to the top of every list.
create or replace function sync_internal.parse_clock(v jsonb, what text, now_ts timestamptz) returns timestamptz
language sql stable as $$
  select least(sync_internal.parse_time(v, what), now_ts)
$$;

-- Validates one editable field's value; unknown fields are refused by name.
create or replace function sync_internal.check_field(tbl text, field text, v jsonb) returns jsonb
language plpgsql immutable as $$
declare
  kind text := jsonb_typeof(v);
  bad text;
begin
  if tbl = 'prompt_runs' then
    case field
      when 'name' then if kind <> 'string' or length(v #>> '{}') > 1000 then bad := 'a string of at most 1000 characters'; end if;
      when 'description' then if kind <> 'string' or length(v #>> '{}') > 20000 then bad := 'a string of at most 20000 characters'; end if;
      when 'last_message_preview' then if kind <> 'string' or length(v #>> '{}') > 2000 then bad := 'a string of at most 2000 characters'; end if;
      when 'status' then if kind <> 'string' or (v #>> '{}') not in ('active', 'archived', 'deleted') then bad := 'one of active, archived, deleted'; end if;
      when 'is_starred' then if kind <> 'boolean' then bad := 'true or false'; end if;
      when 'current_leaf_id' then
        if kind <> 'null' then perform sync_internal.as_uuid(v, 'current_leaf_id'); end if;
      when 'variable_values' then
        if kind <> 'object' or exists (select 1 from jsonb_each(v) e where jsonb_typeof(e.value) <> 'string') then
          bad := 'an object of strings';
        end if;
      when 'settings' then if kind <> 'object' then bad := 'an object'; end if;
      else perform sync_internal.reject('unknown_field', format('prompt_runs has no editable field "%s"', field));
    end case;
  elsif tbl = 'prompts' then
    case field
      when 'name' then if kind <> 'string' or length(v #>> '{}') > 1000 then bad := 'a string of at most 1000 characters'; end if;
      when 'description', 'system_message', 'user_template' then if kind <> 'string' then bad := 'a string'; end if;
      when 'status' then if kind <> 'string' or (v #>> '{}') not in ('active', 'deleted') then bad := 'one of active, deleted'; end if;
      when 'variables' then
        if kind <> 'array' or exists (select 1 from jsonb_array_elements(v) e
                                      where jsonb_typeof(e) <> 'object' or jsonb_typeof(e -> 'name') is distinct from 'string') then
          bad := 'an array of {name, default_value} objects';
        end if;
      when 'settings' then if kind <> 'object' then bad := 'an object'; end if;
      else perform sync_internal.reject('unknown_field', format('prompts has no editable field "%s"', field));
    end case;
  end if;
  if bad is not null then
    perform sync_internal.reject('invalid_value', format('%s.%s must be %s', tbl, field, bad));
  end if;
  return v;
end;
$$;

-- Per-field last-write-wins (the one rule of DESIGN.md §4): an incoming field replaces the stored one
-- when its clock is later, or equal with a client id that sorts higher (so every server and device
-- reaches the same answer whatever the arrival order). Clocks are normalised ISO strings.
create or replace function sync_internal.merge_fields(current_row jsonb, incoming jsonb, clocks jsonb, client text)
returns jsonb language plpgsql stable set timezone = 'UTC' as $$
declare
  merged jsonb := current_row;
  field text;
  value jsonb;
  old_clock timestamptz;
  new_clock timestamptz;
begin
  for field, value in select e.key, e.value from jsonb_each(incoming) e loop
    new_clock := (clocks ->> field)::timestamptz;
    old_clock := (merged -> 'field_updated_at' ->> field)::timestamptz;
    if old_clock is null or new_clock > old_clock
       or (new_clock = old_clock and client >= coalesce(merged -> 'field_clients' ->> field, '')) then
      merged := merged
        || jsonb_build_object(field, value)
        || jsonb_build_object('field_updated_at', coalesce(merged -> 'field_updated_at', '{}') || jsonb_build_object(field, clocks ->> field))
        || jsonb_build_object('field_clients', coalesce(merged -> 'field_clients', '{}') || jsonb_build_object(field, client));
    end if;
  end loop;
  return merged;
end;
$$;

-- A message element as stored: the seed's {role, content, taskId?, metadata?} plus id, parentId,
-- createdAt and status. Only finished messages are synced; a streaming one stays on its device.
-- runId / run_id (as a device stores it, or as a pull returned it) are dropped: the change names the run.
create or replace function sync_internal.normalize_message(m jsonb) returns jsonb
language plpgsql stable as $$
declare
  extra text;
  msg jsonb;
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
  if jsonb_typeof(m -> 'status') is distinct from 'string' or (m ->> 'status') not in ('done', 'error', 'interrupted') then
    perform sync_internal.reject('invalid_messages', 'message status must be done, error or interrupted (streaming messages are not synced)');
  end if;
  if coalesce(jsonb_typeof(m -> 'taskId'), 'null') not in ('null', 'string')
     or coalesce(jsonb_typeof(m -> 'metadata'), 'null') not in ('null', 'object') then
    perform sync_internal.reject('invalid_messages', 'message taskId must be a string and metadata an object');
  end if;
  msg := jsonb_build_object(
    'id', sync_internal.as_uuid(m -> 'id', 'message id'),
    'parentId', case when coalesce(jsonb_typeof(m -> 'parentId'), 'null') = 'null' then null
                     else sync_internal.as_uuid(m -> 'parentId', 'message parentId') end,
    'role', m -> 'role',
    'content', m -> 'content',
    'status', m -> 'status',
    -- Kept as sent: a message is immutable data, identical on every device. Only what the server
    -- derives from it (last_message_at, updated_at) is clamped, in apply_run.
    'createdAt', sync_internal.iso(sync_internal.parse_time(m -> 'createdAt', 'message createdAt')));
  if jsonb_typeof(m -> 'taskId') = 'string' then msg := msg || jsonb_build_object('taskId', m -> 'taskId'); end if;
  if jsonb_typeof(m -> 'metadata') = 'object' then msg := msg || jsonb_build_object('metadata', m -> 'metadata'); end if;
  return msg;
end;
$$;

revoke all on all functions in schema sync_internal from public, anon, authenticated, service_role;
