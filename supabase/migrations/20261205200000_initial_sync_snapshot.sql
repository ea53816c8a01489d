-- Initial sync of a new device, newest runs first. sync_pull brings changes in the order they were
-- committed, so a device signing in to years of runs saw the oldest first and the newest after minutes.
-- A device with no cursor instead takes a snapshot:
--   1. sync_snapshot_runs pages the caller's runs by last_message_at, newest first (with every prompt on
--      the first page). The first call takes a database snapshot S; every page carries it in its
--      cursor. The last page adds the runs changed since S.
--   2. sync_snapshot_messages returns the messages of runs the device names (it asks for its runs
--      newest first, a page at a time).
--   3. The device then pulls with sync_pull from `since`, the cursor of S, as any device does.
-- Gap-free: a run visible in S and unchanged since stays where the pages expect it, so a page delivers
-- it; a run changed after S (which may move ahead of the pages) comes in the last page's `changed` and
-- again in step 3. Every message visible in S belongs to a run the device has by step 2, which reads the
-- run's messages as they are then; a message committed after S comes in step 3. Each call is read-only
-- and scoped to auth.uid(): another user's rows are never read, and another user's run ids name no
-- messages.

-- Pages of one user's runs, newest first, read from an index instead of sorting them all each page.
create index if not exists idx_prompt_runs_user_recent on public.prompt_runs (user_id, last_message_at desc, id desc);

-- sync_snapshot_runs(after, max_rows, protocol) →
--   {protocol, prompts (first page only), runs, changed (last page only), has_more, next, since, server_time}
-- `after` null starts a snapshot; otherwise the `next` of the previous page.
-- Cursor: "s1;<epoch>;<snapshot>;<last_message_at>;<id>" (the last run sent).
create or replace function public.sync_snapshot_runs(after text, max_rows int, protocol int default 1) returns jsonb
language plpgsql stable security definer set search_path = '' set timezone = 'UTC' as $$
declare
  v_protocol int := sync_internal.check_protocol(sync_snapshot_runs.protocol);
  v_uid uuid := auth.uid();
  v_epoch text;
  v_parts text[];
  v_snapshot pg_snapshot;
  v_after_at timestamptz;
  v_after_id uuid;
  v_first boolean := true;
  v_limit int := least(greatest(coalesce(max_rows, 500), 1), 2000);
  v_count int;
  v_runs jsonb;
  v_prompts jsonb := '[]'::jsonb;
  v_changed jsonb := '[]'::jsonb;
  v_next text;
begin
  if v_uid is null then
    raise exception 'sync_snapshot_runs needs a signed-in user' using errcode = '42501', hint = 'Sign in and send the access token.';
  end if;
  select s.epoch::text into v_epoch from sync_internal.server s;
  if after is not null and after <> '' then
    v_parts := string_to_array(after, ';');
    if v_parts[1] is distinct from 's1' or cardinality(v_parts) <> 5 then
      raise exception 'invalid snapshot cursor' using errcode = '22023', hint = 'Pass back the "next" of the last page, or null to start over.';
    end if;
    -- A cursor from another database (say, a reset local server) starts a new snapshot.
    if v_parts[2] = v_epoch then
      begin
        v_snapshot := v_parts[3]::pg_snapshot;
        v_after_at := v_parts[4]::timestamptz;
        v_after_id := v_parts[5]::uuid;
        v_first := false;
      exception when data_exception then
        raise exception 'invalid snapshot cursor' using errcode = '22023', hint = 'Pass back the "next" of the last page, or null to start over.';
      end;
    end if;
  end if;
  if v_first then
    -- A STABLE function sees one snapshot throughout: this one.
    v_snapshot := pg_current_snapshot();
    select coalesce(jsonb_agg(sync_internal.prompt_json(p) order by p.id), '[]'::jsonb) into v_prompts
      from public.prompts p where p.user_id = v_uid;
  end if;

  with page as (
    select x.run, row_number() over (order by x.at desc, x.id desc) as n
      from (select r as run, r.last_message_at as at, r.id from public.prompt_runs r
             where r.user_id = v_uid
               and (v_after_at is null or (r.last_message_at, r.id) < (v_after_at, v_after_id))
             order by r.last_message_at desc, r.id desc
             limit v_limit + 1) x
  )
  select (select count(*) from page),
         coalesce((select jsonb_agg(sync_internal.run_json(g.run) order by g.n) from page g where g.n <= v_limit), '[]'::jsonb),
         (select concat_ws(';', 's1', v_epoch, v_snapshot::text, (g.run).last_message_at::text, (g.run).id::text) from page g where g.n = v_limit)
    into v_count, v_runs, v_next;
  if v_count <= v_limit then
    v_next := null;
    -- The last page: runs written since the snapshot, which may have moved ahead of the pages.
    select coalesce(jsonb_agg(sync_internal.run_json(r) order by r.last_message_at desc, r.id desc), '[]'::jsonb) into v_changed
      from public.prompt_runs r
     where r.user_id = v_uid and r.sync_xid >= pg_snapshot_xmin(v_snapshot)
       and not pg_visible_in_snapshot(r.sync_xid, v_snapshot);
  end if;
  return jsonb_build_object('protocol', v_protocol, 'prompts', v_prompts, 'runs', v_runs, 'changed', v_changed,
    'has_more', v_count > v_limit, 'next', v_next,
    'since', concat_ws(';', '1', v_epoch, v_snapshot::text),
    'server_time', sync_internal.iso(clock_timestamp()));
end;
$$;

-- sync_snapshot_messages(run_ids, after, max_rows, protocol) → {protocol, messages, next, server_time}
-- The messages of the caller's runs among run_ids (a JSON array of at most 1,000 ids), run by run in the
-- order given.
-- `next` (null when done) continues a run cut by max_rows: "<position in run_ids>;<message id>".
create or replace function public.sync_snapshot_messages(run_ids jsonb, after text, max_rows int, protocol int default 1) returns jsonb
language plpgsql stable security definer set search_path = '' set timezone = 'UTC' as $$
declare
  v_protocol int := sync_internal.check_protocol(sync_snapshot_messages.protocol);
  v_uid uuid := auth.uid();
  v_limit int := least(greatest(coalesce(max_rows, 2000), 1), 5000);
  v_after_ord bigint := 0;
  v_after_id uuid := '00000000-0000-0000-0000-000000000000';
  v_parts text[];
  v_count int;
  v_messages jsonb;
  v_next text;
begin
  if v_uid is null then
    raise exception 'sync_snapshot_messages needs a signed-in user' using errcode = '42501', hint = 'Sign in and send the access token.';
  end if;
  if jsonb_typeof(run_ids) is distinct from 'array' or jsonb_array_length(run_ids) > 1000 then
    raise exception 'run_ids must be an array of at most 1,000 run ids' using errcode = '22023';
  end if;
  if after is not null and after <> '' then
    v_parts := string_to_array(after, ';');
    begin
      v_after_ord := v_parts[1]::bigint;
      v_after_id := v_parts[2]::uuid;
    exception when others then
      raise exception 'invalid messages cursor' using errcode = '22023', hint = 'Pass back the "next" of the last page, or null.';
    end;
  end if;
  with page as (
    select m.run_id, m.id, m.body, u.ord, row_number() over (order by u.ord, m.id) as n
      from (select x.id::uuid as run_id, x.ord from jsonb_array_elements_text(run_ids) with ordinality as x(id, ord)) u
      join public.prompt_run_messages m on m.run_id = u.run_id and m.user_id = v_uid
     where (u.ord, m.id) > (v_after_ord, v_after_id)
     order by u.ord, m.id
     limit v_limit + 1
  )
  select (select count(*) from page),
         coalesce((select jsonb_agg(g.body || jsonb_build_object('run_id', g.run_id) order by g.n) from page g where g.n <= v_limit), '[]'::jsonb),
         (select concat_ws(';', g.ord, g.id) from page g where g.n = v_limit)
    into v_count, v_messages, v_next;
  return jsonb_build_object('protocol', v_protocol, 'messages', v_messages,
    'next', case when v_count > v_limit then v_next end,
    'server_time', sync_internal.iso(clock_timestamp()));
end;
$$;

revoke all on function public.sync_snapshot_runs(text, int, int) from public, anon, service_role;
revoke all on function public.sync_snapshot_messages(jsonb, text, int, int) from public, anon, service_role;
grant execute on function public.sync_snapshot_runs(text, int, int) to authenticated;
grant execute on function public.sync_snapshot_messages(jsonb, text, int, int) to authenticated;
