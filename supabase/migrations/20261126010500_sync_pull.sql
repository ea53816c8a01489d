-- sync_pull(since, max_rows) → PullResponse (sync/protocol.ts): the caller's prompts, runs (without
-- their messages array) and messages changed since the cursor, oldest change first.
--
-- Gap-free cursor: every row carries the id of the transaction that last wrote it (sync_xid). A cursor
-- is the snapshot a pull saw (xmin:xmax:in-progress list). A row was delivered by that pull exactly when
-- its transaction is visible in that snapshot, so the next pull returns the rows whose transaction is
-- not: including one that started earlier but committed after the previous pull (a plain "xid >
-- last seen" or timestamp cursor would skip it). When a page is cut by max_rows, the cursor also keeps
-- the snapshot being delivered and the last (xid, kind, key) sent, and later pages finish that snapshot.
-- The function is STABLE, so every statement in it and pg_current_snapshot() share one snapshot.

create or replace function sync_internal.run_json(r public.prompt_runs) returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'id', r.id, 'prompt_id', r.prompt_id, 'user_id', r.user_id,
    'name', coalesce(r.name, ''), 'description', coalesce(r.description, ''),
    'variable_values', r.variable_values, 'settings', r.settings, 'status', coalesce(r.status, 'active'),
    'message_count', coalesce(r.message_count, 0), 'is_starred', coalesce(r.is_starred, false),
    'created_at', sync_internal.iso(r.created_at), 'updated_at', sync_internal.iso(r.updated_at),
    'last_message_at', sync_internal.iso(r.last_message_at), 'current_leaf_id', r.current_leaf_id,
    'last_message_preview', r.last_message_preview, 'field_updated_at', r.field_updated_at,
    'purged_at', sync_internal.iso(r.purged_at))
$$;

create or replace function sync_internal.prompt_json(p public.prompts) returns jsonb
language sql stable as $$
  select jsonb_build_object(
    'id', p.id, 'user_id', p.user_id, 'name', p.name, 'description', p.description,
    'system_message', p.system_message, 'user_template', p.user_template, 'variables', p.variables,
    'settings', p.settings, 'status', p.status, 'created_at', sync_internal.iso(p.created_at),
    'updated_at', sync_internal.iso(p.updated_at), 'field_updated_at', p.field_updated_at)
$$;

create or replace function public.sync_pull(since text, max_rows int) returns jsonb
language plpgsql stable security definer set search_path = '' set timezone = 'UTC' as $$
declare
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
  return jsonb_build_object('protocol', 1, 'cursor', v_cursor, 'has_more', v_count > v_limit,
    'server_time', sync_internal.iso(clock_timestamp()),
    'prompts', v_prompts, 'runs', v_runs, 'messages', v_messages);
end;
$$;

revoke all on function public.sync_pull(text, int) from public, anon, service_role;
grant execute on function public.sync_pull(text, int) to authenticated;
revoke all on all functions in schema sync_internal from public, anon, authenticated, service_role;
