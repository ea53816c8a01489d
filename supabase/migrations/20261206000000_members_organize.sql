-- A member's own tags and folder for a run shared with them. Tags and filing were always per person
-- (run_tags and run_folders are keyed by user_id, readable only by their user), so a member may now tag and
-- file a shared run with their own tags and folders, as the owner does theirs; neither sees the other's.
-- A run's versions stay the owner's. When the membership ends (removed, or left) the member's tags and
-- folder of that run go with it, as their copy leaves their devices; a purge takes everyone's.

-- A run the caller may organize (their tags and folder of it): their own, or one shared with them.
-- not_found for anyone else's run (as for a run that does not exist), run_purged when deleted forever.
create or replace function sync_internal.own_live_run(p_uid uuid, p_run uuid) returns void
language plpgsql stable set search_path = '' as $$
declare
  v_purged timestamptz;
begin
  select r.purged_at into v_purged from public.prompt_runs r
   where r.id = p_run
     and (r.user_id = p_uid or exists (select 1 from public.run_members m where m.run_id = r.id and m.user_id = p_uid));
  if not found then
    perform sync_internal.reject('not_found', format('run %s was not found on the server', p_run));
  end if;
  if v_purged is not null then
    perform sync_internal.reject('run_purged', format('run %s was deleted forever', p_run));
  end if;
end;
$$;

-- The caller's own run (a run's versions are its owner's): not_found for a run shared with them too.
create or replace function sync_internal.owner_live_run(p_uid uuid, p_run uuid) returns void
language plpgsql stable set search_path = '' as $$
declare
  v_purged timestamptz;
begin
  select r.purged_at into v_purged from public.prompt_runs r where r.id = p_run and r.user_id = p_uid;
  if not found then
    perform sync_internal.reject('not_found', format('run %s was not found on the server', p_run));
  end if;
  if v_purged is not null then
    perform sync_internal.reject('run_purged', format('run %s was deleted forever', p_run));
  end if;
end;
$$;

-- As in 20261205700100, with run versions checked against the owner alone.
create or replace function sync_internal.apply_version(p_uid uuid, p_change jsonb, p_now timestamptz)
returns void language plpgsql set search_path = '' set timezone = 'UTC' as $$
declare
  v_table text := p_change ->> 'table';
  v_insert jsonb := p_change -> 'insert';
  v_item_field text := case v_table when 'prompt_versions' then 'prompt_id' else 'run_id' end;
  v_check_tbl text := case v_table when 'prompt_versions' then 'prompts' else 'prompt_runs' end;
  v_allowed text[] := case v_table when 'prompt_versions'
    then array['name', 'description', 'system_message', 'user_template', 'variables', 'settings']
    else array['name', 'description'] end;
  v_id uuid;
  v_item uuid;
  v_created timestamptz;
  v_snapshot jsonb;
  v_field text;
  v_value jsonb;
begin
  if p_change ? 'key' or coalesce(p_change -> 'values', '{}'::jsonb) <> '{}'::jsonb
     or coalesce(p_change -> 'clocks', '{}'::jsonb) <> '{}'::jsonb then
    perform sync_internal.reject('invalid_change', format('%s are never edited: send the whole row in "insert"', v_table));
  end if;
  if jsonb_typeof(v_insert) is distinct from 'object' then
    perform sync_internal.reject('invalid_change', format('a %s change needs "insert"', v_table));
  end if;
  select k into v_field from jsonb_object_keys(v_insert) k
   where k not in ('id', v_item_field, 'created_at', 'device_id', 'device_name', 'snapshot', 'user_id') limit 1;
  if v_field is not null then
    perform sync_internal.reject('unknown_field', format('%s has no field "%s"', v_table, v_field));
  end if;
  v_id := sync_internal.as_uuid(p_change -> 'id', 'id');
  v_item := sync_internal.as_uuid(v_insert -> v_item_field, 'insert.' || v_item_field);
  -- A baseline (the state before the first recorded edit) was saved by no device: both empty.
  if jsonb_typeof(v_insert -> 'device_id') is distinct from 'string' or length(v_insert ->> 'device_id') > 100
     or jsonb_typeof(v_insert -> 'device_name') is distinct from 'string' or length(v_insert ->> 'device_name') > 200 then
    perform sync_internal.reject('invalid_value', format('%s.device_id must be a string of at most 100 characters and device_name of at most 200', v_table));
  end if;
  v_snapshot := v_insert -> 'snapshot';
  if jsonb_typeof(v_snapshot) is distinct from 'object' then
    perform sync_internal.reject('invalid_value', format('%s.snapshot must be an object', v_table));
  end if;
  for v_field, v_value in select e.key, e.value from jsonb_each(v_snapshot) e loop
    if v_field <> all (v_allowed) then
      perform sync_internal.reject('unknown_field', format('%s.snapshot has no field "%s"', v_table, v_field));
    end if;
    if sync_internal.nests_deeper_than_32(v_value) then
      perform sync_internal.reject('json_too_deep', format('snapshot.%s nests deeper than 32 levels', v_field));
    end if;
    perform sync_internal.check_field(v_check_tbl, v_field, v_value);
  end loop;
  v_created := sync_internal.parse_clock(v_insert -> 'created_at', 'insert.created_at', p_now);
  if v_table = 'prompt_versions' then
    perform sync_internal.own_prompt(p_uid, v_item);
    insert into public.prompt_versions (user_id, id, prompt_id, created_at, device_id, device_name, snapshot)
    values (p_uid, v_id, v_item, v_created, v_insert ->> 'device_id', v_insert ->> 'device_name', v_snapshot)
    on conflict do nothing;
  else
    perform sync_internal.owner_live_run(p_uid, v_item);
    insert into public.run_versions (user_id, id, run_id, created_at, device_id, device_name, snapshot)
    values (p_uid, v_id, v_item, v_created, v_insert ->> 'device_id', v_insert ->> 'device_name', v_snapshot)
    on conflict do nothing;
  end if;
end;
$$;

-- Validates one change's envelope and values, then hands it to the apply function of its kind.

-- A membership that ends takes the member's tags and folder of the run.
create or replace function share_internal.drop_member_organizing() returns trigger
language plpgsql set search_path = '' as $$
begin
  delete from public.run_tags x where x.user_id = old.user_id and x.run_id = old.run_id;
  delete from public.run_folders x where x.user_id = old.user_id and x.run_id = old.run_id;
  return old;
end;
$$;
create trigger trigger_run_members_drop_organizing after delete on public.run_members
  for each row execute function share_internal.drop_member_organizing();

revoke all on all functions in schema sync_internal from public, anon, authenticated, service_role;
revoke all on function share_internal.drop_member_organizing() from public, anon, authenticated, service_role;
