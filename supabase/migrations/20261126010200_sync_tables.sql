-- Sync bookkeeping. Messages get one row each (besides the seed's prompt_runs.messages array) so a pull
-- sends only the messages added since its cursor. Every synced row records the id of the transaction
-- that last wrote it (sync_xid); sync_pull turns that into a gap-free cursor.

create schema if not exists sync_internal;
revoke all on schema sync_internal from public;

-- Stamps the writing transaction on every insert/update; a client cannot set it.
create or replace function sync_internal.stamp_sync_xid() returns trigger
language plpgsql as $$
begin
  new.sync_xid := pg_current_xact_id();
  return new;
end;
$$;

create trigger trigger_prompts_sync_xid before insert or update on public.prompts
  for each row execute function sync_internal.stamp_sync_xid();
create trigger trigger_prompt_runs_sync_xid before insert or update on public.prompt_runs
  for each row execute function sync_internal.stamp_sync_xid();

create table public.prompt_run_messages (
  run_id uuid not null references public.prompt_runs (id) on delete cascade,
  id uuid not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  body jsonb not null,
  created_at timestamptz not null,
  sync_xid xid8 not null default pg_current_xact_id(),
  constraint prompt_run_messages_pkey primary key (run_id, id)
);
create index idx_prompt_run_messages_user_sync_xid on public.prompt_run_messages (user_id, sync_xid);
create trigger trigger_prompt_run_messages_sync_xid before insert or update on public.prompt_run_messages
  for each row execute function sync_internal.stamp_sync_xid();

alter table public.prompt_run_messages enable row level security;
create policy "Users can view their own run messages"
  on public.prompt_run_messages for select
  using (auth.uid() = user_id);
revoke all on table public.prompt_run_messages from anon;
revoke insert, update, delete, truncate, references, trigger on table public.prompt_run_messages from authenticated;
grant select on table public.prompt_run_messages to authenticated;

-- Exactly-once push: the highest seq recorded per (user, device), updated in the push's transaction.
create table sync_internal.clients (
  user_id uuid not null references auth.users (id) on delete cascade,
  client_id uuid not null,
  applied_through bigint not null default 0,
  last_push_at timestamptz,
  primary key (user_id, client_id)
);

-- Rejected changes, so a retried batch gets the same answer instead of "duplicate".
create table sync_internal.rejections (
  user_id uuid not null,
  client_id uuid not null,
  seq bigint not null,
  code text not null,
  message text not null,
  rejected_at timestamptz not null default now(),
  primary key (user_id, client_id, seq)
);

-- A random id of this database: a cursor from another database (e.g. a reset local stand-in) is
-- recognised and the pull starts over instead of skipping rows.
create table sync_internal.server (
  singleton boolean primary key default true check (singleton),
  epoch uuid not null default gen_random_uuid()
);
insert into sync_internal.server default values;

-- Not exposed (no schema usage for the API roles), and RLS without policies as a second lock: only the
-- owner, i.e. the sync functions, reads or writes these.
alter table sync_internal.clients enable row level security;
alter table sync_internal.rejections enable row level security;
alter table sync_internal.server enable row level security;

-- One small row per (user, device), touched by every push that changed something: where the project
-- has Supabase Realtime, other devices subscribe to it (filter user_id=eq.<uid>) as a hint to pull,
-- never as the data path. Per device, so two devices pushing at once never wait on each other here.
create table public.sync_notices (
  user_id uuid not null references auth.users (id) on delete cascade,
  client_id uuid not null,
  changed_at timestamptz not null,
  primary key (user_id, client_id)
);
alter table public.sync_notices enable row level security;
create policy "Users can view their own sync notices"
  on public.sync_notices for select
  using (auth.uid() = user_id);
revoke all on table public.sync_notices from anon;
revoke insert, update, delete, truncate, references, trigger on table public.sync_notices from authenticated;
grant select on table public.sync_notices to authenticated;

do $$
begin
  if exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    alter publication supabase_realtime add table public.sync_notices;
  end if;
end
$$;
