-- sync_pull pages cost the same wherever they are. Each table's changes are read in cursor order straight
-- from an index on (user_id, sync_xid, key), starting right after the cursor's row and cut at the page
-- size, so a page reads O(page) index entries whatever the user's history or the table's size; before, every page of a new device read all of the user's rows from the
-- cursor's transaction on and sorted them (a new device's first page at 5,000 messages read 2,650 buffers
-- against 1,640 at 1,000; the load bench in tests/bench/node/server-load.ts measures both).
--
-- Keys compare as text in the "C" collation, the byte order of the UUIDs the indexes are sorted by, so
-- the index order and the cursor's order are the same under any database collation. Mid-snapshot cursors
-- are now written "2;…"; a "1;…" mid-snapshot cursor from before (ordered by the database collation)
-- restarts its snapshot from its previous one: rows may come twice, none is skipped.

create index idx_prompts_user_sync_xid_id on public.prompts (user_id, sync_xid, id);
create index idx_prompt_runs_user_sync_xid_id on public.prompt_runs (user_id, sync_xid, id);
create index idx_prompt_run_messages_user_sync_xid_key on public.prompt_run_messages (user_id, sync_xid, run_id, id);
-- The narrower ones served only sync_pull; the wider ones serve everything they did.
drop index public.idx_prompts_user_sync_xid;
drop index public.idx_prompt_runs_user_sync_xid;
drop index public.idx_prompt_run_messages_user_sync_xid;

-- ISO-8601 in UTC with milliseconds, the shape of JavaScript's toISOString(). `at time zone 'UTC'` gives
-- the UTC wall time whatever the session's zone, so no SET clause is needed, and without one PostgreSQL
-- inlines the function into the queries that call it (pulls call it four times per run).
create or replace function sync_internal.iso(ts timestamptz) returns text
language sql stable strict as $$
  select to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

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
  -- Where each table's next changes start, as (sync_xid, key) > (from_xid, from_key): the index order.
  v_max uuid := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
  v_from xid8;
  v_prompt_xid xid8;
  v_prompt_key uuid;
  v_run_xid xid8;
  v_run_key uuid;
  v_msg_xid xid8;
  v_msg_run uuid;
  v_msg_key uuid;
begin
  if v_uid is null then
    raise exception 'sync_pull needs a signed-in user' using errcode = '42501', hint = 'Sign in and send the access token.';
  end if;
  select s.epoch::text into v_epoch from sync_internal.server s;

  -- Cursor: "1;<epoch>;<snapshot>" or, mid-snapshot, "2;<epoch>;<prev or ->;<target>;<xid>;<kind>;<key>".
  if since is not null and since <> '' then
    v_parts := string_to_array(since, ';');
    if v_parts[1] not in ('1', '2') or v_parts[1] is null or cardinality(v_parts) not in (3, 7) then
      raise exception 'invalid sync cursor' using errcode = '22023', hint = 'Pass back the cursor of the last pull, or null to start over.';
    end if;
    -- A cursor from another database (say, a reset local server) starts over rather than skip rows.
    if v_parts[2] = v_epoch then
      begin
        if cardinality(v_parts) = 3 then
          v_prev := v_parts[3]::pg_snapshot;
        elsif v_parts[1] = '1' then
          v_prev := nullif(v_parts[3], '-')::pg_snapshot;
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
  if v_after_xid is not null and v_after_xid > v_lo then
    v_lo := v_after_xid;
  end if;
  -- By default every table starts at sync_xid >= v_lo, i.e. (x, key) > (v_lo - 1, the largest key);
  -- transaction ids below 3 are never a row's, so from 0 nothing is missed.
  v_from := case when v_lo > '0'::xid8 then (v_lo::text::numeric - 1)::text::xid8 else '0'::xid8 end;
  v_prompt_xid := v_from; v_prompt_key := v_max;
  v_run_xid := v_from; v_run_key := v_max;
  v_msg_xid := v_from; v_msg_run := v_max; v_msg_key := v_max;
  -- Mid-snapshot, within the transaction the last page stopped in: tables before the last row's kind
  -- are done with it, the last row's table goes on after its key, the later tables take all of it.
  if v_after_xid is not null and v_after_xid = v_lo then
    begin
      if v_after_kind >= 0 then
        v_prompt_xid := v_after_xid;
        v_prompt_key := case when v_after_kind = 0 then v_after_key::uuid else v_max end;
      end if;
      if v_after_kind >= 1 then
        v_run_xid := v_after_xid;
        v_run_key := case when v_after_kind = 1 then v_after_key::uuid else v_max end;
      end if;
      if v_after_kind >= 2 then
        v_msg_xid := v_after_xid;
        v_msg_run := split_part(v_after_key, '/', 1)::uuid;
        v_msg_key := split_part(v_after_key, '/', 2)::uuid;
      end if;
    exception when data_exception then
      raise exception 'invalid sync cursor' using errcode = '22023', hint = 'Pass back the cursor of the last pull, or null to start over.';
    end;
  end if;

  -- One set-based statement: each table's next changes in cursor order (x, kind, key), at most a page
  -- each, straight from its index; the page is the first of their union. Then each array is built with
  -- jsonb_agg (appending to a jsonb value in a loop would copy it every time).
  with changes as (
    (select p.sync_xid as x, 0 as kind, p.id::text collate "C" as k, p.id as a, null::uuid as b from public.prompts p
      where p.user_id = v_uid and (p.sync_xid, p.id) > (v_prompt_xid, v_prompt_key)
        and (v_prev is null or not pg_visible_in_snapshot(p.sync_xid, v_prev))
        and pg_visible_in_snapshot(p.sync_xid, v_target)
      order by p.sync_xid, p.id
      limit v_limit + 1)
    union all
    (select r.sync_xid, 1, r.id::text collate "C", r.id, null from public.prompt_runs r
      where r.user_id = v_uid and (r.sync_xid, r.id) > (v_run_xid, v_run_key)
        and (v_prev is null or not pg_visible_in_snapshot(r.sync_xid, v_prev))
        and pg_visible_in_snapshot(r.sync_xid, v_target)
      order by r.sync_xid, r.id
      limit v_limit + 1)
    union all
    (select m.sync_xid, 2, (m.run_id::text || '/' || m.id::text) collate "C", m.run_id, m.id from public.prompt_run_messages m
      where m.user_id = v_uid and (m.sync_xid, m.run_id, m.id) > (v_msg_xid, v_msg_run, v_msg_key)
        and (v_prev is null or not pg_visible_in_snapshot(m.sync_xid, v_prev))
        and pg_visible_in_snapshot(m.sync_xid, v_target)
      order by m.sync_xid, m.run_id, m.id
      limit v_limit + 1)
  ), page as (
    select c.*, row_number() over (order by c.x, c.kind, c.k) as n
      from (select * from changes c order by c.x, c.kind, c.k limit v_limit + 1) c
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
    v_cursor := concat_ws(';', '2', v_epoch, coalesce(v_prev::text, '-'), v_target::text,
                          v_last ->> 0, v_last ->> 1, v_last ->> 2);
  else
    v_cursor := concat_ws(';', '1', v_epoch, v_target::text);
  end if;
  return jsonb_build_object('protocol', v_protocol, 'cursor', v_cursor, 'has_more', v_count > v_limit,
    'server_time', sync_internal.iso(clock_timestamp()),
    'prompts', v_prompts, 'runs', v_runs, 'messages', v_messages);
end;
$$;

revoke all on all functions in schema sync_internal from public, anon, authenticated, service_role;
