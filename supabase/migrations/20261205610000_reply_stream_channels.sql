-- Replies streaming live to the user's other screens: a Realtime Broadcast of the partial text on a
-- private channel per run, topic 'run-stream:<run id>'. Nothing is stored (Broadcast relays, and the final
-- message arrives by sync as always). Private channels are authorised by Realtime Authorization: RLS
-- policies on realtime.messages, checked by Realtime when a client joins (SELECT: may receive) and sends
-- (INSERT: may send), with realtime.topic() the channel's topic. Here: the run's owner, on any device.
-- A public channel would let anyone who learns a run id listen, and run ids are not secrets (they are in
-- URLs); a private one asks the database each time. Works whether or not the project allows public
-- channels (Realtime Settings).

-- Whether the signed-in caller may stream on `topic`: it names a run of theirs that still has its
-- messages. SECURITY INVOKER: the caller's own RLS on prompt_runs answers.
create or replace function share_internal.may_stream_run(topic text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select case
    when topic ~ '^run-stream:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then exists (
      select 1 from public.prompt_runs r
       where r.id = substr(topic, 12)::uuid and r.user_id = auth.uid() and r.purged_at is null)
    else false
  end;
$$;

revoke all on function share_internal.may_stream_run(text) from public, anon, authenticated, service_role;
-- Policies run as the caller, so the caller must be able to call it (the schema is not exposed by the API).
grant usage on schema share_internal to authenticated;
grant execute on function share_internal.may_stream_run(text) to authenticated;

-- realtime.messages is Realtime's own table (every Supabase project has it); a database without it (a bare
-- PostgreSQL) has no Realtime to authorise.
do $$
begin
  if to_regclass('realtime.messages') is null then
    return;
  end if;
  create policy "Run owners receive their runs' reply streams"
    on realtime.messages for select to authenticated
    using (realtime.messages.extension = 'broadcast' and share_internal.may_stream_run(realtime.topic()));
  create policy "Run owners send their runs' reply streams"
    on realtime.messages for insert to authenticated
    with check (realtime.messages.extension = 'broadcast' and share_internal.may_stream_run(realtime.topic()));
end
$$;
