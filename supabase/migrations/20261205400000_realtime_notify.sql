-- Row changes of public.sync_notices as a NOTIFY on channel 'realtime_changes' (JSON: schema, table, type,
-- commit_timestamp, record, old_record). The local stand-in's Realtime LISTENs to it and serves the
-- `postgres_changes` events Supabase Realtime would send from the replication stream; on a hosted project
-- Realtime reads the publication instead and nobody listens, so the notification costs a few microseconds
-- per push. A notification is delivered when its transaction commits, never before the change is visible.

create or replace function sync_internal.notify_realtime_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform pg_notify('realtime_changes', json_build_object(
    'schema', tg_table_schema,
    'table', tg_table_name,
    'type', tg_op,
    'commit_timestamp', to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'record', case when tg_op = 'DELETE' then null else to_jsonb(new) end,
    'old_record', case when tg_op = 'INSERT' then null else to_jsonb(old) end
  )::text);
  return null;
end;
$$;

revoke all on function sync_internal.notify_realtime_change() from public, anon, authenticated, service_role;

create trigger sync_notices_realtime_notify
  after insert or update or delete on public.sync_notices
  for each row execute function sync_internal.notify_realtime_change();
