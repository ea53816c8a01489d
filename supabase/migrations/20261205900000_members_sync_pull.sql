-- Shared runs reach their members' devices through sync_pull (and after a first sync's snapshot, whose
-- `since` covers none of the kinds below, so they come whole in the first pull after it). Three kinds
-- follow the ten of protocol 3 in the cursor's order, for protocol 3 and later only:
--   10  runs the caller is a member of (not the owner): run_json with the member's own is_starred /
--       is_pinned and their clocks, and `shared` {role, owner_email, prompt_name, people}. A run is sent
--       again when its row changes, when the membership changes (role, the member's star/pin), when the
--       run's people change, or when the owner's prompt changes (its name is in `shared`).
--   11  the messages of those runs, every author's: each new message once, and all of a run's messages
--       once when the membership starts (run_members.joined_xid, stamped when the row is inserted).
--   12  removed_runs: memberships that ended (removed by the owner, or left), from
--       share_internal.run_removals, so the member's devices delete their copy (not a purge).
-- A change is "new since the cursor" when any transaction id it is made of is not in the cursor's
-- snapshot; its place in the order is the greatest of them. Cursors issued before these kinds existed
-- cover 10 kinds, and read kinds 10..12 from the beginning once (the rule of 20261205700200).
-- The owner's own runs never carry `shared`. Nothing of the owner's tags, folders or versions is sent.
-- A message without `authorId` (stored before authors were recorded) was written by the run's owner.

-- The member's own star and pin (per-field clocks, like the run's), and the stamps the pull reads.
alter table public.run_members
  add column is_starred boolean not null default false,
  add column is_pinned boolean not null default false,
  add column field_updated_at jsonb not null default '{}'::jsonb,
  add column field_clients jsonb not null default '{}'::jsonb,
  add column sync_xid xid8 not null default pg_current_xact_id(),
  add column joined_xid xid8 not null default pg_current_xact_id();

create or replace function share_internal.stamp_run_member() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.sync_xid := pg_current_xact_id();
  if tg_op = 'INSERT' then
    new.joined_xid := pg_current_xact_id();
  end if;
  return new;
end;
$$;
create trigger trigger_run_members_stamp before insert or update on public.run_members
  for each row execute function share_internal.stamp_run_member();

-- When a run's people change (someone joins, leaves, or changes role), every member's copy of its
-- `shared.people` is out of date: one stamp per run, read by the pull beside the run's own.
create table share_internal.run_people (
  run_id uuid not null references public.prompt_runs (id) on delete cascade,
  sync_xid xid8 not null default pg_current_xact_id(),
  constraint run_people_pkey primary key (run_id)
);
alter table share_internal.run_people enable row level security;

create or replace function share_internal.stamp_run_people() returns trigger
language plpgsql set search_path = '' as $$
declare
  v_run uuid := case when tg_op = 'DELETE' then old.run_id else new.run_id end;
begin
  if tg_op = 'UPDATE' and old.role is not distinct from new.role then
    return null;
  end if;
  insert into share_internal.run_people (run_id, sync_xid) values (v_run, pg_current_xact_id())
  on conflict on constraint run_people_pkey do update set sync_xid = excluded.sync_xid;
  return null;
exception when foreign_key_violation then
  -- The run itself is being deleted (cascade): nothing left to stamp.
  return null;
end;
$$;
create trigger trigger_run_members_people after insert or update or delete on public.run_members
  for each row execute function share_internal.stamp_run_people();

alter table share_internal.run_removals add column sync_xid xid8 not null default pg_current_xact_id();
create trigger trigger_run_removals_sync_xid before insert or update on share_internal.run_removals
  for each row execute function sync_internal.stamp_sync_xid();
create index idx_run_removals_user_sync_xid on share_internal.run_removals (user_id, sync_xid, run_id);

-- A member's copy of a shared run: the run as its owner has it, but with the member's own star and pin
-- (and their clocks: none until the member sets them), and who shares it.
create or replace function sync_internal.member_run_json(r public.prompt_runs, m public.run_members) returns jsonb
language sql stable set search_path = '' as $$
  select sync_internal.run_json(r) || jsonb_build_object(
    'is_starred', m.is_starred, 'is_pinned', m.is_pinned,
    'field_updated_at', (coalesce(r.field_updated_at, '{}'::jsonb) - 'is_starred' - 'is_pinned')
                        || m.field_updated_at,
    'updated_at', sync_internal.iso(greatest(r.updated_at,
                    (select max(c.value::timestamptz) from jsonb_each_text(m.field_updated_at) c))),
    'shared', jsonb_build_object(
      'role', m.role,
      'owner_email', coalesce((select u.email from auth.users u where u.id = r.user_id), ''),
      'prompt_name', (select p.name from public.prompts p where p.id = r.prompt_id and p.user_id = r.user_id),
      'people', jsonb_build_array(jsonb_build_object('user_id', r.user_id,
                  'email', coalesce((select u.email from auth.users u where u.id = r.user_id), ''), 'role', 'owner'))
        || coalesce((select jsonb_agg(jsonb_build_object('user_id', x.user_id, 'email', coalesce(u.email, ''), 'role', x.role)
                                      order by lower(u.email), x.user_id)
                       from public.run_members x join auth.users u on u.id = x.user_id
                      where x.run_id = r.id), '[]'::jsonb)))
$$;

create or replace function public.sync_pull(since text, max_rows int, protocol int default 1) returns jsonb
language plpgsql stable security definer set search_path = '' set timezone = 'UTC' as $$
declare
  c_kinds constant int := 13;
  v_protocol int := sync_internal.check_protocol(sync_pull.protocol);
  v_uid uuid := auth.uid();
  v_epoch text;
  v_parts text[];
  v_version text;
  v_covered int := 3;
  v_prev pg_snapshot;
  v_target pg_snapshot := pg_current_snapshot();
  v_after_xid xid8;
  v_after_kind int;
  v_after_key text;
  v_lo xid8 := '0'::xid8;
  v_limit int := least(greatest(coalesce(max_rows, 500), 1), 5000);
  v_count int := 0;
  v_last jsonb;
  v_result jsonb;
  v_cursor text;
  v_max uuid := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
  v_from xid8;
  -- Where each kind's next changes start, as (sync_xid, key a, key b) > (px[k], pa[k], pb[k]): the index order.
  px xid8[];
  pa uuid[];
  pb uuid[];
  kd int;
  v_lo_k xid8;
begin
  if v_uid is null then
    raise exception 'sync_pull needs a signed-in user' using errcode = '42501', hint = 'Sign in and send the access token.';
  end if;
  select s.epoch::text into v_epoch from sync_internal.server s;

  if since is not null and since <> '' then
    v_parts := string_to_array(since, ';');
    v_version := v_parts[1];
    if v_version in ('3', '4') and cardinality(v_parts) in (4, 8) and v_parts[3] ~ '^\d{1,3}$' then
      v_covered := v_parts[3]::int;
      v_parts := v_parts[1:2] || v_parts[4:];
      v_version := case v_version when '3' then '1' else '2' end;
    elsif v_version not in ('1', '2') or v_version is null or cardinality(v_parts) not in (3, 7) then
      raise exception 'invalid sync cursor' using errcode = '22023', hint = 'Pass back the cursor of the last pull, or null to start over.';
    end if;
    -- A cursor from another database (say, a reset local server) starts over rather than skip rows.
    if v_parts[2] = v_epoch then
      begin
        if cardinality(v_parts) = 3 then
          v_prev := v_parts[3]::pg_snapshot;
        elsif v_version = '1' then
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
    else
      v_covered := c_kinds;
    end if;
  else
    v_covered := c_kinds;
  end if;
  if v_prev is null then
    v_covered := c_kinds;
  end if;
  if v_prev is not null then
    v_lo := pg_snapshot_xmin(v_prev);
  end if;
  if v_after_xid is not null and v_after_xid > v_lo then
    v_lo := v_after_xid;
  end if;

  -- Kinds the cursor covers start at its snapshot's xmin (or where the last page stopped); kinds it does
  -- not cover start at the beginning (or where the last page stopped). Within the transaction the last page
  -- stopped in, kinds before the last row's kind are done with it, the last row's kind goes on after its
  -- key, later kinds take all of it. Transaction ids below 3 are never a row's, so from 0 nothing is missed.
  px := array_fill('0'::xid8, array[c_kinds], array[0]);
  pa := array_fill(v_max, array[c_kinds], array[0]);
  pb := array_fill(v_max, array[c_kinds], array[0]);
  for kd in 0 .. c_kinds - 1 loop
    v_lo_k := case when kd < v_covered then v_lo else coalesce(v_after_xid, '0'::xid8) end;
    v_from := case when v_lo_k > '0'::xid8 then (v_lo_k::text::numeric - 1)::text::xid8 else '0'::xid8 end;
    px[kd] := v_from;
    if v_after_xid is not null and v_after_xid = v_lo_k and kd <= v_after_kind then
      px[kd] := v_after_xid;
      if kd = v_after_kind then
        begin
          pa[kd] := split_part(v_after_key, '/', 1)::uuid;
          pb[kd] := coalesce(nullif(split_part(v_after_key, '/', 2), ''), v_max::text)::uuid;
        exception when data_exception then
          raise exception 'invalid sync cursor' using errcode = '22023', hint = 'Pass back the cursor of the last pull, or null to start over.';
        end;
      end if;
    end if;
  end loop;

  -- One set-based statement: each kind's next changes in cursor order (x, kind, key), at most a page each,
  -- straight from its index; the page is the first of their union. A kind the cursor does not cover is
  -- read whatever the previous snapshot saw.
  with changes as (
    (select p.sync_xid as x, 0 as kind, p.id::text collate "C" as k, p.id as a, null::uuid as b from public.prompts p
      where p.user_id = v_uid and (p.sync_xid, p.id) > (px[0], pa[0])
        and (v_prev is null or not pg_visible_in_snapshot(p.sync_xid, v_prev))
        and pg_visible_in_snapshot(p.sync_xid, v_target)
      order by p.sync_xid, p.id limit v_limit + 1)
    union all
    (select r.sync_xid, 1, r.id::text collate "C", r.id, null from public.prompt_runs r
      where r.user_id = v_uid and (r.sync_xid, r.id) > (px[1], pa[1])
        and (v_prev is null or not pg_visible_in_snapshot(r.sync_xid, v_prev))
        and pg_visible_in_snapshot(r.sync_xid, v_target)
      order by r.sync_xid, r.id limit v_limit + 1)
    union all
    (select m.sync_xid, 2, (m.run_id::text || '/' || m.id::text) collate "C", m.run_id, m.id from public.prompt_run_messages m
      where m.user_id = v_uid and (m.sync_xid, m.run_id, m.id) > (px[2], pa[2], pb[2])
        and (v_prev is null or not pg_visible_in_snapshot(m.sync_xid, v_prev))
        and pg_visible_in_snapshot(m.sync_xid, v_target)
      order by m.sync_xid, m.run_id, m.id limit v_limit + 1)
    union all
    (select t.sync_xid, 3, t.id::text collate "C", t.id, null from public.tags t
      where v_protocol >= 3 and t.user_id = v_uid and (t.sync_xid, t.id) > (px[3], pa[3])
        and (v_prev is null or v_covered <= 3 or not pg_visible_in_snapshot(t.sync_xid, v_prev))
        and pg_visible_in_snapshot(t.sync_xid, v_target)
      order by t.sync_xid, t.id limit v_limit + 1)
    union all
    (select f.sync_xid, 4, f.id::text collate "C", f.id, null from public.folders f
      where v_protocol >= 3 and f.user_id = v_uid and (f.sync_xid, f.id) > (px[4], pa[4])
        and (v_prev is null or v_covered <= 4 or not pg_visible_in_snapshot(f.sync_xid, v_prev))
        and pg_visible_in_snapshot(f.sync_xid, v_target)
      order by f.sync_xid, f.id limit v_limit + 1)
    union all
    (select l.sync_xid, 5, (l.run_id::text || '/' || l.tag_id::text) collate "C", l.run_id, l.tag_id from public.run_tags l
      where v_protocol >= 3 and l.user_id = v_uid and (l.sync_xid, l.run_id, l.tag_id) > (px[5], pa[5], pb[5])
        and (v_prev is null or v_covered <= 5 or not pg_visible_in_snapshot(l.sync_xid, v_prev))
        and pg_visible_in_snapshot(l.sync_xid, v_target)
      order by l.sync_xid, l.run_id, l.tag_id limit v_limit + 1)
    union all
    (select l.sync_xid, 6, (l.prompt_id::text || '/' || l.tag_id::text) collate "C", l.prompt_id, l.tag_id from public.prompt_tags l
      where v_protocol >= 3 and l.user_id = v_uid and (l.sync_xid, l.prompt_id, l.tag_id) > (px[6], pa[6], pb[6])
        and (v_prev is null or v_covered <= 6 or not pg_visible_in_snapshot(l.sync_xid, v_prev))
        and pg_visible_in_snapshot(l.sync_xid, v_target)
      order by l.sync_xid, l.prompt_id, l.tag_id limit v_limit + 1)
    union all
    (select l.sync_xid, 7, l.run_id::text collate "C", l.run_id, null from public.run_folders l
      where v_protocol >= 3 and l.user_id = v_uid and (l.sync_xid, l.run_id) > (px[7], pa[7])
        and (v_prev is null or v_covered <= 7 or not pg_visible_in_snapshot(l.sync_xid, v_prev))
        and pg_visible_in_snapshot(l.sync_xid, v_target)
      order by l.sync_xid, l.run_id limit v_limit + 1)
    union all
    (select v.sync_xid, 8, v.id::text collate "C", v.id, null from public.prompt_versions v
      where v_protocol >= 3 and v.user_id = v_uid and (v.sync_xid, v.id) > (px[8], pa[8])
        and (v_prev is null or v_covered <= 8 or not pg_visible_in_snapshot(v.sync_xid, v_prev))
        and pg_visible_in_snapshot(v.sync_xid, v_target)
      order by v.sync_xid, v.id limit v_limit + 1)
    union all
    (select v.sync_xid, 9, v.id::text collate "C", v.id, null from public.run_versions v
      where v_protocol >= 3 and v.user_id = v_uid and (v.sync_xid, v.id) > (px[9], pa[9])
        and (v_prev is null or v_covered <= 9 or not pg_visible_in_snapshot(v.sync_xid, v_prev))
        and pg_visible_in_snapshot(v.sync_xid, v_target)
      order by v.sync_xid, v.id limit v_limit + 1)
    union all
    -- 10: runs shared with the caller. Sent when any of the run, the membership, the run's people or the
    -- owner's prompt changed since the cursor, at the greatest of their transaction ids.
    (select z.x, 10, z.id::text collate "C", z.id, null from (
       select greatest(r.sync_xid, mm.sync_xid, coalesce(pp.sync_xid, '0'::xid8), coalesce(p.sync_xid, '0'::xid8)) as x, r.id
         from public.run_members mm
         join public.prompt_runs r on r.id = mm.run_id and r.user_id <> v_uid
         left join share_internal.run_people pp on pp.run_id = r.id
         left join public.prompts p on p.id = r.prompt_id and p.user_id = r.user_id
        where v_protocol >= 3 and mm.user_id = v_uid
          and pg_visible_in_snapshot(r.sync_xid, v_target) and pg_visible_in_snapshot(mm.sync_xid, v_target)
          and (pp.sync_xid is null or pg_visible_in_snapshot(pp.sync_xid, v_target))
          and (p.sync_xid is null or pg_visible_in_snapshot(p.sync_xid, v_target))
          and (v_prev is null or v_covered <= 10 or not pg_visible_in_snapshot(r.sync_xid, v_prev)
               or not pg_visible_in_snapshot(mm.sync_xid, v_prev)
               or (pp.sync_xid is not null and not pg_visible_in_snapshot(pp.sync_xid, v_prev))
               or (p.sync_xid is not null and not pg_visible_in_snapshot(p.sync_xid, v_prev)))) z
      where (z.x, z.id) > (px[10], pa[10])
      order by z.x, z.id limit v_limit + 1)
    union all
    -- 11: their messages. A membership new since the cursor brings all of its run's messages (read by the
    -- run's key); an older one the messages new since the cursor (read from the owner's index, where
    -- every message of the run is kept, whoever wrote it).
    (select z.x, 11, (z.run_id::text || '/' || z.id::text) collate "C", z.run_id, z.id from (
       select greatest(m.sync_xid, mm.joined_xid) as x, m.run_id, m.id
         from public.run_members mm
         join public.prompt_runs r on r.id = mm.run_id and r.user_id <> v_uid
         join public.prompt_run_messages m on m.run_id = mm.run_id
        where v_protocol >= 3 and mm.user_id = v_uid
          and (v_prev is null or v_covered <= 11 or not pg_visible_in_snapshot(mm.joined_xid, v_prev))
          and pg_visible_in_snapshot(mm.joined_xid, v_target) and pg_visible_in_snapshot(m.sync_xid, v_target)
       union all
       select greatest(m.sync_xid, mm.joined_xid), m.run_id, m.id
         from public.run_members mm
         join public.prompt_runs r on r.id = mm.run_id and r.user_id <> v_uid
         join public.prompt_run_messages m
           on m.user_id = r.user_id and m.sync_xid >= pg_snapshot_xmin(v_prev) and m.run_id = r.id
        where v_protocol >= 3 and mm.user_id = v_uid and v_prev is not null and v_covered > 11
          and pg_visible_in_snapshot(mm.joined_xid, v_prev)
          and not pg_visible_in_snapshot(m.sync_xid, v_prev) and pg_visible_in_snapshot(m.sync_xid, v_target)) z
      where (z.x, z.run_id, z.id) > (px[11], pa[11], pb[11])
      order by z.x, z.run_id, z.id limit v_limit + 1)
    union all
    -- 12: memberships that ended.
    (select rm.sync_xid, 12, rm.run_id::text collate "C", rm.run_id, null from share_internal.run_removals rm
      where v_protocol >= 3 and rm.user_id = v_uid and (rm.sync_xid, rm.run_id) > (px[12], pa[12])
        and (v_prev is null or v_covered <= 12 or not pg_visible_in_snapshot(rm.sync_xid, v_prev))
        and pg_visible_in_snapshot(rm.sync_xid, v_target)
      order by rm.sync_xid, rm.run_id limit v_limit + 1)
  ), page as (
    select c.*, row_number() over (order by c.x, c.kind, c.k) as n
      from (select * from changes c order by c.x, c.kind, c.k limit v_limit + 1) c
  )
  select
    (select count(*) from page),
    (select jsonb_build_array(g.x::text, g.kind::text, g.k) from page g where g.n = v_limit),
    jsonb_build_object(
      'prompts', coalesce((select jsonb_agg(sync_internal.prompt_json(p) order by g.n) from page g
                  join public.prompts p on p.id = g.a and p.user_id = v_uid where g.kind = 0 and g.n <= v_limit), '[]'::jsonb),
      'runs', coalesce((select jsonb_agg(case when g.kind = 1 then sync_internal.run_json(r)
                                              else sync_internal.member_run_json(r, mm) end order by g.n) from page g
                  join public.prompt_runs r on r.id = g.a
                  left join public.run_members mm on g.kind = 10 and mm.run_id = g.a and mm.user_id = v_uid
                 where g.kind in (1, 10) and g.n <= v_limit), '[]'::jsonb),
      'messages', coalesce((select jsonb_agg(m.body || jsonb_build_object('run_id', m.run_id) order by g.n) from page g
                  join public.prompt_run_messages m on m.run_id = g.a and m.id = g.b where g.kind in (2, 11) and g.n <= v_limit), '[]'::jsonb))
    || case when v_protocol < 3 then '{}'::jsonb else jsonb_build_object(
      'tags', coalesce((select jsonb_agg(sync_internal.tag_json(t) order by g.n) from page g
                  join public.tags t on t.user_id = v_uid and t.id = g.a where g.kind = 3 and g.n <= v_limit), '[]'::jsonb),
      'folders', coalesce((select jsonb_agg(sync_internal.folder_json(f) order by g.n) from page g
                  join public.folders f on f.user_id = v_uid and f.id = g.a where g.kind = 4 and g.n <= v_limit), '[]'::jsonb),
      'run_tags', coalesce((select jsonb_agg(jsonb_build_object('run_id', l.run_id, 'tag_id', l.tag_id, 'present', l.present,
                    'updated_at', sync_internal.iso(l.updated_at), 'field_updated_at', l.field_updated_at) order by g.n) from page g
                  join public.run_tags l on l.user_id = v_uid and l.run_id = g.a and l.tag_id = g.b
                 where g.kind = 5 and g.n <= v_limit), '[]'::jsonb),
      'prompt_tags', coalesce((select jsonb_agg(jsonb_build_object('prompt_id', l.prompt_id, 'tag_id', l.tag_id, 'present', l.present,
                    'updated_at', sync_internal.iso(l.updated_at), 'field_updated_at', l.field_updated_at) order by g.n) from page g
                  join public.prompt_tags l on l.user_id = v_uid and l.prompt_id = g.a and l.tag_id = g.b
                 where g.kind = 6 and g.n <= v_limit), '[]'::jsonb),
      'run_folders', coalesce((select jsonb_agg(jsonb_build_object('run_id', l.run_id, 'folder_id', l.folder_id,
                    'updated_at', sync_internal.iso(l.updated_at), 'field_updated_at', l.field_updated_at) order by g.n) from page g
                  join public.run_folders l on l.user_id = v_uid and l.run_id = g.a
                 where g.kind = 7 and g.n <= v_limit), '[]'::jsonb),
      'prompt_versions', coalesce((select jsonb_agg(jsonb_build_object('id', v.id, 'prompt_id', v.prompt_id,
                    'created_at', sync_internal.iso(v.created_at), 'device_id', v.device_id, 'device_name', v.device_name,
                    'snapshot', v.snapshot) order by g.n) from page g
                  join public.prompt_versions v on v.user_id = v_uid and v.id = g.a where g.kind = 8 and g.n <= v_limit), '[]'::jsonb),
      'run_versions', coalesce((select jsonb_agg(jsonb_build_object('id', v.id, 'run_id', v.run_id,
                    'created_at', sync_internal.iso(v.created_at), 'device_id', v.device_id, 'device_name', v.device_name,
                    'snapshot', v.snapshot) order by g.n) from page g
                  join public.run_versions v on v.user_id = v_uid and v.id = g.a where g.kind = 9 and g.n <= v_limit), '[]'::jsonb),
      'removed_runs', coalesce((select jsonb_agg(jsonb_build_object('id', rm.run_id, 'removed_at', sync_internal.iso(rm.removed_at)) order by g.n)
                  from page g join share_internal.run_removals rm on rm.user_id = v_uid and rm.run_id = g.a
                 where g.kind = 12 and g.n <= v_limit), '[]'::jsonb)
    ) end
  into v_count, v_last, v_result;

  if v_protocol < 3 then
    if v_count > v_limit then
      v_cursor := concat_ws(';', '2', v_epoch, coalesce(v_prev::text, '-'), v_target::text, v_last ->> 0, v_last ->> 1, v_last ->> 2);
    else
      v_cursor := concat_ws(';', '1', v_epoch, v_target::text);
    end if;
  elsif v_count > v_limit then
    v_cursor := concat_ws(';', '4', v_epoch, v_covered::text, coalesce(v_prev::text, '-'), v_target::text,
                          v_last ->> 0, v_last ->> 1, v_last ->> 2);
  else
    v_cursor := concat_ws(';', '3', v_epoch, c_kinds::text, v_target::text);
  end if;
  return jsonb_build_object('protocol', v_protocol, 'cursor', v_cursor, 'has_more', v_count > v_limit,
    'server_time', sync_internal.iso(clock_timestamp())) || v_result;
end;
$$;

revoke all on all functions in schema sync_internal from public, anon, authenticated, service_role;
revoke all on function share_internal.stamp_run_member(), share_internal.stamp_run_people() from public, anon, authenticated, service_role;

-- A member's star and pin are theirs alone: the other people of the run read its memberships (who, which
-- role), never these columns.
revoke select on table public.run_members from authenticated;
grant select (run_id, user_id, role, invited_by, created_at, updated_at) on table public.run_members to authenticated;
