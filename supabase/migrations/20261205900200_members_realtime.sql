-- Realtime for shared runs. Devices hear of changes through their user's rows of public.sync_notices
-- (20261205400000): now a push that changes a shared run touches a notice of its owner and of every
-- member (client_id = the pushing device), and a membership that starts, ends or changes role touches a
-- notice of that member and of the run's other members (their copy's `people` changed), with client_id
-- 00000000-0000-0000-0000-000000000000 (the server, not a device). A removed member hears of it at once and
-- their next pull brings removed_runs.

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
  v_runs uuid[] := '{}';
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
      if v_change ->> 'table' = 'prompt_runs' then
        v_runs := v_runs || (v_change ->> 'id')::uuid;
      end if;
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
    -- Shared runs this push changed (their row was written by this transaction): their owner and every
    -- member hear of it too. A member's own star or pin writes only their membership: nobody else's news.
    insert into public.sync_notices (user_id, changed_at, client_id)
    select distinct p.user_id, v_now, v_client from (
        select r.user_id from public.prompt_runs r
         where r.id = any (v_runs) and r.sync_xid = pg_current_xact_id()
           and exists (select 1 from public.run_members m where m.run_id = r.id)
        union
        select m.user_id from public.run_members m join public.prompt_runs r on r.id = m.run_id
         where r.id = any (v_runs) and r.sync_xid = pg_current_xact_id()) p
     where p.user_id <> v_uid
    on conflict on constraint sync_notices_pkey do update set changed_at = excluded.changed_at;
  end if;
  return jsonb_build_object('protocol', v_protocol, 'applied_through', v_through,
    'server_time', sync_internal.iso(v_now), 'results', to_jsonb(v_results));
end;
$$;

revoke all on function public.sync_push(json) from public, anon, service_role;
grant execute on function public.sync_push(json) to authenticated;

create or replace function share_internal.notify_run_people() returns trigger
language plpgsql set search_path = '' as $$
declare
  v_run uuid := case when tg_op = 'DELETE' then old.run_id else new.run_id end;
  v_who uuid := case when tg_op = 'DELETE' then old.user_id else new.user_id end;
begin
  if tg_op = 'UPDATE' and old.role is not distinct from new.role then
    return null;
  end if;
  insert into public.sync_notices (user_id, changed_at, client_id)
  select u.user_id, date_trunc('milliseconds', clock_timestamp()), '00000000-0000-0000-0000-000000000000'::uuid
    from (select v_who as user_id union select m.user_id from public.run_members m where m.run_id = v_run) u
   where exists (select 1 from auth.users x where x.id = u.user_id)
  on conflict on constraint sync_notices_pkey do update set changed_at = excluded.changed_at;
  return null;
exception when foreign_key_violation then
  -- A user being deleted (their memberships go with them): nobody to tell.
  return null;
end;
$$;
create trigger trigger_run_members_notify after insert or update or delete on public.run_members
  for each row execute function share_internal.notify_run_people();
revoke all on function share_internal.notify_run_people() from public, anon, authenticated, service_role;
