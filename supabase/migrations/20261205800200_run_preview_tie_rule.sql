-- A run's list preview, when several of its messages share the newest time (to the millisecond), is the
-- one that comes last in the conversation, as on every device (runActivity in sync/merge.ts, which the
-- fake server uses too): (1) the deepest within the tied set (how many of its ancestors along
-- parentId are themselves tied: an answer after its question), then (2) role assistant > user > system,
-- then (3) the greater id (text, byte order). Before, the message sent last in the change won, and a
-- later change's message took a tie from an earlier one, so devices and server could preview different
-- messages of one run.

-- The preview text (not yet trimmed) of run p_run's messages saved in the millisecond of p_newest.
-- Reads that run's messages through its primary key (run_id, id) and walks only the tied ones; it runs
-- only when a change appends the run's newest message.
create or replace function sync_internal.tied_preview(p_run uuid, p_newest timestamptz) returns text
language sql stable set search_path = '' as $$
  with recursive tied as (
    select m.id, m.body from public.prompt_run_messages m
     where m.run_id = p_run
       and m.created_at >= date_trunc('milliseconds', p_newest)
       and m.created_at < date_trunc('milliseconds', p_newest) + interval '1 millisecond'
  ), chain (id, ancestor, depth) as (
    select t.id, t.body ->> 'parentId', 0 from tied t
    union all
    select c.id, p.body ->> 'parentId', c.depth + 1 from chain c join tied p on p.id::text = c.ancestor
     where c.depth < (select count(*) from tied)
  )
  select t.body ->> 'content' from tied t
    join (select c.id, max(c.depth) as depth from chain c group by c.id) k on k.id = t.id
   order by k.depth desc, case t.body ->> 'role' when 'assistant' then 2 when 'user' then 1 else 0 end desc,
            t.id::text collate "C" desc
   limit 1
$$;

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

revoke all on all functions in schema sync_internal from public, anon, authenticated, service_role;
