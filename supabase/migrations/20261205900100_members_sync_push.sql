-- sync_push for shared runs. A change to a run the caller does not own:
--   editor  append_messages, name, description, current_leaf_id, settings go to the owner's run (merged
--           as the owner's own edits are); is_starred / is_pinned are the member's own (run_members,
--           merged per field with their clocks); any other field, `insert` or `purge` → the whole change
--           rejected `read_only`.
--   viewer  only is_starred / is_pinned (their own); anything else → `read_only`, message
--           "<run name>" is shared with you to read: its owner has not let you change it.
--   removed (a row in share_internal.run_removals, no membership) → `membership_removed`, message
--           Your changes to "<run name>" were not saved: its owner removed you from this run
--           (…: you left this run, when they left it themselves).
--   anyone else → `not_found`, the same answer as for a run that does not exist.
-- Every appended message records who wrote it: the server sets `authorId` to the signed-in caller (the
-- owner too), whatever the device sent. Messages stay rows of the owner (user_id), so the owner's pull
-- and index find them as before.

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
   where k not in ('id', 'parentId', 'role', 'content', 'taskId', 'metadata', 'status', 'createdAt', 'runId', 'run_id', 'authorId') limit 1;
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

drop function sync_internal.apply_run(uuid, uuid, uuid, jsonb, jsonb, jsonb, jsonb, jsonb, boolean, timestamptz);
create or replace function sync_internal.apply_run(
  p_uid uuid, p_client uuid, p_id uuid, p_insert jsonb, p_fields jsonb, p_clocks jsonb,
  p_prompt_value jsonb, p_append jsonb, p_purge boolean, p_now timestamptz, p_author uuid
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
  -- Messages are checked and normalised before the run's row is locked: that is the costly part. Each
  -- records who wrote it (p_author, the signed-in caller), whatever the device said.
  if p_append is not null and jsonb_typeof(p_append) <> 'null' then
    if jsonb_typeof(p_append) <> 'array' then
      perform sync_internal.reject('invalid_messages', 'append_messages must be an array of messages');
    end if;
    select coalesce(jsonb_agg(x.m order by x.n), '[]'::jsonb) into v_incoming
      from (select distinct on (y.m ->> 'id') y.m, y.n
              from (select sync_internal.normalize_message(t.e, p_now) || jsonb_build_object('authorId', p_author::text) as m, t.n
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
    select jsonb_agg(a.m order by a.n), max(a.at)
      into v_new, v_newest
      from added a;
  end if;

  -- The run's activity time: its newest message's own time, or its creation while it has none.
  v_last := case
    when p_purge then (v_row ->> 'created_at')::timestamptz
    when v_newest is null then (v_row ->> 'last_message_at')::timestamptz
    when coalesce((v_row ->> 'message_count')::int, 0) = 0 then v_newest
    else greatest((v_row ->> 'last_message_at')::timestamptz, v_newest) end;
  -- The list preview follows the newest message unless the device sent one (the app's rule:
  -- whitespace collapsed, first 140 characters). Of messages saved in the same millisecond (a question
  -- and its answer often are), the one last in the conversation, as every device derives it (runActivity
  -- in sync/merge.ts), whichever change brought it: stored ones take part too.
  if v_newest is not null and v_newest = v_last and not p_fields ? 'last_message_preview' then
    v_preview := sync_internal.tied_preview(p_id, v_last);
    v_row := v_row || jsonb_build_object('last_message_preview', left(btrim(regexp_replace(coalesce(v_preview, ''), '\s+', ' ', 'g')), 140));
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
  v_owner uuid := p_uid;
  v_name text;
  v_role text;
  v_left boolean;
  v_denied text;
  v_personal jsonb := '{}'::jsonb;
  v_personal_clocks jsonb := '{}'::jsonb;
  v_member jsonb;
  v_merged jsonb;
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

  -- A run shared with the caller: what their role lets them change (the rest of the change is refused
  -- whole, read_only), a removed member's changes refused with the reason (membership_removed), and
  -- anyone else's run answered like one that does not exist (apply_run says not_found).
  if v_table = 'prompt_runs' then
    select r.user_id, coalesce(nullif(btrim(r.name), ''), 'Untitled run') into v_owner, v_name
      from public.prompt_runs r where r.id = v_id;
    if v_owner is null or v_owner = p_uid then
      v_owner := p_uid;
    else
      select m.role into v_role from public.run_members m where m.run_id = v_id and m.user_id = p_uid for update;
      if v_role is null then
        select coalesce(x.removed_by = p_uid, false) into v_left from share_internal.run_removals x
         where x.run_id = v_id and x.user_id = p_uid;
        if not found then
          perform sync_internal.reject('not_found', format('run %s was not found on the server; if it is new, send it with "insert"', v_id));
        elsif v_left then
          perform sync_internal.reject('membership_removed', format('Your changes to "%s" were not saved: you left this run', v_name));
        end if;
        perform sync_internal.reject('membership_removed', format('Your changes to "%s" were not saved: its owner removed you from this run', v_name));
      end if;
      select coalesce(
          case when p_change ? 'insert' and jsonb_typeof(p_change -> 'insert') <> 'null' then 'insert' end,
          case when coalesce((p_change ->> 'purge')::boolean, false) then 'purge' end,
          case when v_role = 'viewer' and jsonb_typeof(p_change -> 'append_messages') = 'array'
                    and jsonb_array_length(p_change -> 'append_messages') > 0 then 'append_messages' end,
          (select e.key from jsonb_object_keys(v_values) e(key)
            where e.key not in ('id', 'user_id', 'is_starred', 'is_pinned', 'created_at', 'updated_at', 'field_updated_at',
                                'message_count', 'messages', 'prompt_id', 'last_message_at')
              and (v_role = 'viewer' or e.key not in ('name', 'description', 'current_leaf_id', 'settings'))
            order by e.key limit 1))
        into v_denied;
      if v_denied is not null then
        perform sync_internal.reject('read_only', case when v_role = 'viewer'
          then format('"%s" is shared with you to read: its owner has not let you change it', v_name)
          else format('"%s" is shared with you to edit: only its owner can %s', v_name, case v_denied
            when 'status' then 'move it to or from the Trash'
            when 'purge' then 'delete it forever'
            when 'variable_values' then 'change its variables'
            when 'prompt_version_id' then 'change the prompt version it started from'
            when 'insert' then 'create it'
            else format('change its %s', replace(v_denied, '_', ' ')) end) end);
      end if;
    end if;
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
      if jsonb_typeof(v_value) <> 'null' and v_value is distinct from to_jsonb(v_owner::text) then
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
  elsif v_owner = p_uid then
    perform sync_internal.apply_run(p_uid, p_client, v_id, p_change -> 'insert', v_fields, v_parsed,
      v_values -> 'prompt_id', p_change -> 'append_messages',
      coalesce((p_change ->> 'purge')::boolean, false), p_now, p_uid);
  else
    -- A member: star and pin are their own (kept on their membership, merged per field the same way);
    -- the rest goes to the owner's run as the owner's own edits would (messages stay the owner's rows,
    -- each with its author).
    v_personal := jsonb_strip_nulls(jsonb_build_object('is_starred', v_fields -> 'is_starred', 'is_pinned', v_fields -> 'is_pinned'));
    v_personal_clocks := jsonb_strip_nulls(jsonb_build_object('is_starred', v_parsed -> 'is_starred', 'is_pinned', v_parsed -> 'is_pinned'));
    v_fields := v_fields - 'is_starred' - 'is_pinned';
    v_parsed := v_parsed - 'is_starred' - 'is_pinned';
    if v_personal <> '{}'::jsonb then
      select to_jsonb(m) into v_member from public.run_members m where m.run_id = v_id and m.user_id = p_uid;
      v_merged := sync_internal.merge_fields(v_member, v_personal, v_personal_clocks, p_client::text);
      if v_merged is distinct from v_member then
        update public.run_members m
           set is_starred = (v_merged ->> 'is_starred')::boolean, is_pinned = (v_merged ->> 'is_pinned')::boolean,
               field_updated_at = v_merged -> 'field_updated_at', field_clients = v_merged -> 'field_clients'
         where m.run_id = v_id and m.user_id = p_uid;
      end if;
    end if;
    if v_fields <> '{}'::jsonb
       or (jsonb_typeof(p_change -> 'append_messages') = 'array' and jsonb_array_length(p_change -> 'append_messages') > 0) then
      perform sync_internal.apply_run(v_owner, p_client, v_id, null, v_fields, v_parsed,
        v_values -> 'prompt_id', p_change -> 'append_messages', false, p_now, p_uid);
    end if;
  end if;
end;
$$;

revoke all on all functions in schema sync_internal from public, anon, authenticated, service_role;
