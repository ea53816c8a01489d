-- Sync protocol version. Every call names the protocol the app speaks (`protocol`, default 1: an app
-- cached before the argument existed). The server speaks the range kept in sync_internal.server; outside
-- it the whole call is refused with SQLSTATE PT426, which PostgREST answers as HTTP 426, so the app stops
-- syncing and asks for a reload instead of retrying or dead-lettering its changes. Answers carry the
-- version used.

alter table sync_internal.server
  add column min_protocol int not null default 1,
  add column max_protocol int not null default 2,
  add constraint server_protocol_range check (1 <= min_protocol and min_protocol <= max_protocol);

-- The version a call is served with, or the PT426 refusal (message `protocol_unsupported: …`, details
-- `{"min":m,"max":n}` as JSON text for the app to read).
create or replace function sync_internal.check_protocol(p_protocol int) returns int
language plpgsql stable set search_path = '' as $$
declare
  v_min int;
  v_max int;
begin
  select s.min_protocol, s.max_protocol into v_min, v_max from sync_internal.server s;
  if p_protocol is null or p_protocol < v_min or p_protocol > v_max then
    raise exception 'protocol_unsupported: this server speaks sync protocol % to %, the app sent %',
      v_min, v_max, coalesce(p_protocol::text, 'none')
      using errcode = 'PT426', detail = format('{"min":%s,"max":%s}', v_min, v_max),
            hint = 'Reload the app to get the version this server speaks.';
  end if;
  return p_protocol;
end;
$$;

-- PostgREST resolves a call by its argument names; with the old signatures beside the new ones, a call
-- without `protocol` would match two functions.
drop function public.sync_push(uuid, jsonb);
drop function public.sync_pull(text, int);

create or replace function public.sync_push(client_id uuid, changes jsonb, protocol int default 1) returns jsonb
language plpgsql volatile security definer set search_path = '' set timezone = 'UTC' as $$
declare
  v_protocol int := sync_internal.check_protocol(sync_push.protocol);
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
  return jsonb_build_object('protocol', v_protocol, 'applied_through', v_through,
    'server_time', sync_internal.iso(v_now), 'results', v_results);
end;
$$;

revoke all on function public.sync_push(uuid, jsonb, int) from public, anon, service_role;
grant execute on function public.sync_push(uuid, jsonb, int) to authenticated;

create or replace function public.sync_pull(since text, max_rows int, protocol int default 1) returns jsonb
language plpgsql stable security definer set search_path = '' set timezone = 'UTC' as $$
declare
  v_protocol int := sync_internal.check_protocol(sync_pull.protocol);
  v_uid uuid := auth.uid();
  v_epoch text;
  v_parts text[];
  v_prev pg_snapshot;
  v_target pg_snapshot := pg_current_snapshot();
  v_after_xid xid8;
  v_after_kind int;
  v_after_key text;
  v_lo xid8 := '0'::xid8;
  v_limit int := least(greatest(coalesce(max_rows, 500), 1), 5000);
  v_count int := 0;
  v_last jsonb;
  v_prompts jsonb := '[]'::jsonb;
  v_runs jsonb := '[]'::jsonb;
  v_messages jsonb := '[]'::jsonb;
  v_cursor text;
begin
  if v_uid is null then
    raise exception 'sync_pull needs a signed-in user' using errcode = '42501', hint = 'Sign in and send the access token.';
  end if;
  select s.epoch::text into v_epoch from sync_internal.server s;

  -- Cursor: "1;<epoch>;<snapshot>" or, mid-snapshot, "1;<epoch>;<prev or ->;<target>;<xid>;<kind>;<key>".
  if since is not null and since <> '' then
    v_parts := string_to_array(since, ';');
    if v_parts[1] is distinct from '1' or cardinality(v_parts) not in (3, 7) then
      raise exception 'invalid sync cursor' using errcode = '22023', hint = 'Pass back the cursor of the last pull, or null to start over.';
    end if;
    -- A cursor from another database (say, a reset local server) starts over rather than skip rows.
    if v_parts[2] = v_epoch then
      begin
        if cardinality(v_parts) = 3 then
          v_prev := v_parts[3]::pg_snapshot;
        else
          v_prev := nullif(v_parts[3], '-')::pg_snapshot;
          v_target := v_parts[4]::pg_snapshot;
          v_after_xid := v_parts[5]::xid8;
          v_after_kind := v_parts[6]::int;
          v_after_key := v_parts[7];
        end if;
      exception when data_exception then
        raise exception 'invalid sync cursor' using errcode = '22023', hint = 'Pass back the cursor of the last pull, or null to start over.';
      end;
    end if;
  end if;
  if v_prev is not null then
    v_lo := pg_snapshot_xmin(v_prev);
  end if;
  -- Later pages start at the last delivered transaction, so each page reads O(page) index entries.
  if v_after_xid is not null and v_after_xid > v_lo then
    v_lo := v_after_xid;
  end if;

  -- One set-based statement: pick the page's keys in cursor order, then build each array with
  -- jsonb_agg (appending to a jsonb value in a loop would copy it every time).
  with changes as (
    select p.sync_xid as x, 0 as kind, p.id::text as k, p.id as a, null::uuid as b from public.prompts p
     where p.user_id = v_uid and p.sync_xid >= v_lo
       and (v_prev is null or not pg_visible_in_snapshot(p.sync_xid, v_prev))
       and pg_visible_in_snapshot(p.sync_xid, v_target)
    union all
    select r.sync_xid, 1, r.id::text, r.id, null from public.prompt_runs r
     where r.user_id = v_uid and r.sync_xid >= v_lo
       and (v_prev is null or not pg_visible_in_snapshot(r.sync_xid, v_prev))
       and pg_visible_in_snapshot(r.sync_xid, v_target)
    union all
    select m.sync_xid, 2, m.run_id::text || '/' || m.id::text, m.run_id, m.id from public.prompt_run_messages m
     where m.user_id = v_uid and m.sync_xid >= v_lo
       and (v_prev is null or not pg_visible_in_snapshot(m.sync_xid, v_prev))
       and pg_visible_in_snapshot(m.sync_xid, v_target)
  ), page as (
    select c.*, row_number() over (order by c.x, c.kind, c.k) as n
      from (select * from changes c
             where v_after_xid is null or (c.x, c.kind, c.k) > (v_after_xid, v_after_kind, v_after_key)
             order by c.x, c.kind, c.k
             limit v_limit + 1) c
  )
  select
    (select count(*) from page),
    (select jsonb_build_array(g.x::text, g.kind::text, g.k) from page g where g.n = v_limit),
    coalesce((select jsonb_agg(sync_internal.prompt_json(p) order by g.n) from page g
                join public.prompts p on p.id = g.a and p.user_id = v_uid
               where g.kind = 0 and g.n <= v_limit), '[]'::jsonb),
    coalesce((select jsonb_agg(sync_internal.run_json(r) order by g.n) from page g
                join public.prompt_runs r on r.id = g.a
               where g.kind = 1 and g.n <= v_limit), '[]'::jsonb),
    coalesce((select jsonb_agg(m.body || jsonb_build_object('run_id', m.run_id) order by g.n) from page g
                join public.prompt_run_messages m on m.run_id = g.a and m.id = g.b
               where g.kind = 2 and g.n <= v_limit), '[]'::jsonb)
  into v_count, v_last, v_prompts, v_runs, v_messages;

  if v_count > v_limit then
    v_cursor := concat_ws(';', '1', v_epoch, coalesce(v_prev::text, '-'), v_target::text,
                          v_last ->> 0, v_last ->> 1, v_last ->> 2);
  else
    v_cursor := concat_ws(';', '1', v_epoch, v_target::text);
  end if;
  return jsonb_build_object('protocol', v_protocol, 'cursor', v_cursor, 'has_more', v_count > v_limit,
    'server_time', sync_internal.iso(clock_timestamp()),
    'prompts', v_prompts, 'runs', v_runs, 'messages', v_messages);
end;
$$;

revoke all on function public.sync_pull(text, int, int) from public, anon, service_role;
grant execute on function public.sync_pull(text, int, int) to authenticated;
revoke all on all functions in schema sync_internal from public, anon, authenticated, service_role;
