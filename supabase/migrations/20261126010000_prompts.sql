-- Prompts: templates with {{variables}} and model settings, one set per user. The key is (id, user_id)
-- because the app seeds its example prompts with fixed ids on every device of every user; a run's
-- prompt is then matched on (prompt_id, user_id), so a run can only ever point at its owner's prompt.

create table public.prompts (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  name text not null default '',
  description text not null default '',
  system_message text not null default '',
  user_template text not null default '',
  variables jsonb not null default '[]'::jsonb,
  settings jsonb not null default '{}'::jsonb,
  status text not null default 'active' check (status in ('active', 'deleted')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Sync: per-field edit times (last-write-wins), the client that wrote each field (tie-break), and the
  -- server's change cursor (the writing transaction's id; see sync_pull).
  field_updated_at jsonb not null default '{}'::jsonb,
  field_clients jsonb not null default '{}'::jsonb,
  sync_xid xid8 not null default pg_current_xact_id(),
  constraint prompts_pkey primary key (id, user_id),
  constraint prompts_variables_is_array check (jsonb_typeof(variables) = 'array'),
  constraint prompts_settings_is_object check (jsonb_typeof(settings) = 'object')
);

create index idx_prompts_user_id on public.prompts (user_id);
create index idx_prompts_user_sync_xid on public.prompts (user_id, sync_xid);

alter table public.prompts enable row level security;

create policy "Users can view their own prompts"
  on public.prompts for select
  using (auth.uid() = user_id);

create policy "Users can create their own prompts"
  on public.prompts for insert
  with check (auth.uid() = user_id);

create policy "Users can update their own prompts"
  on public.prompts for update
  using (auth.uid() = user_id)
  with check (auth.uid() = user_id);

create policy "Users can delete their own prompts"
  on public.prompts for delete
  using (auth.uid() = user_id);

-- Writes go through sync_push only, which enforces last-write-wins and clamps clocks; a direct write
-- would bypass both. Reading own rows directly stays possible (RLS above).
revoke all on table public.prompts from anon;
revoke insert, update, delete, truncate, references, trigger on table public.prompts from authenticated;
grant select on table public.prompts to authenticated;
