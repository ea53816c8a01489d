-- Shared runs: the owner of a run invites another account by e-mail as viewer or editor; the invitee
-- accepts (or declines) it and becomes a member of that run, and of that run only. The owner changes
-- roles and removes people; a member may leave. Every read and write goes through the functions below
-- (SECURITY DEFINER, search_path '', auth.uid() checked): the tables grant nothing to the API roles but
-- SELECT under RLS, so no one writes a membership but through its rules.
--
-- Membership widens RLS by exactly one run: a member may read that run's row and its messages (the
-- SELECT policies below), nothing of the owner's other runs, prompts or links. A removed member reads
-- nothing more at once (their membership row is gone); the removal is kept (run_removals) so that the
-- sync can say why a removed editor's offline changes are refused, rather than a bare "not found".
--
-- Invitations are addressed to an e-mail and accepted by the account holding it (compared lowercased).
-- An invitation names its run: accepting it makes a membership of that run, whatever else the caller
-- sends, so an invitation for one run can never open another.

create table public.run_members (
  run_id uuid not null references public.prompt_runs (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null,
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint run_members_pkey primary key (run_id, user_id),
  constraint run_members_role check (role in ('viewer', 'editor'))
);
create index idx_run_members_user on public.run_members (user_id, created_at desc);

create table public.run_invitations (
  id uuid not null,
  run_id uuid not null references public.prompt_runs (id) on delete cascade,
  owner_id uuid not null references auth.users (id) on delete cascade,
  email text not null,
  role text not null,
  created_at timestamptz not null default now(),
  -- At most one of these is set: the invitation's end.
  accepted_at timestamptz,
  declined_at timestamptz,
  revoked_at timestamptz,
  constraint run_invitations_pkey primary key (id),
  constraint run_invitations_role check (role in ('viewer', 'editor')),
  constraint run_invitations_email check (email = lower(email) and length(email) between 3 and 320 and email like '%_@_%'),
  constraint run_invitations_one_end check (num_nonnulls(accepted_at, declined_at, revoked_at) <= 1)
);
create index idx_run_invitations_email on public.run_invitations (email) where accepted_at is null and declined_at is null and revoked_at is null;
create index idx_run_invitations_run on public.run_invitations (run_id);

-- Removals, kept so a removed member's device is told why its changes to the run are refused.
create table share_internal.run_removals (
  run_id uuid not null references public.prompt_runs (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  removed_at timestamptz not null default now(),
  removed_by uuid,
  constraint run_removals_pkey primary key (run_id, user_id)
);
alter table share_internal.run_removals enable row level security;

alter table public.run_members enable row level security;
alter table public.run_invitations enable row level security;

-- Is the caller the owner of the run? SECURITY DEFINER so policies on run_members can ask without
-- recursing into prompt_runs' own policies (which ask run_members).
create or replace function share_internal.owns_run(p_run uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.prompt_runs r where r.id = p_run and r.user_id = auth.uid());
$$;

-- The caller's role in a run: 'owner', 'editor', 'viewer', or null.
create or replace function share_internal.run_role(p_run uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when exists (select 1 from public.prompt_runs r where r.id = p_run and r.user_id = auth.uid()) then 'owner'
    else (select m.role from public.run_members m where m.run_id = p_run and m.user_id = auth.uid())
  end;
$$;

-- The caller's e-mail, lowercased (invitations are addressed to it).
create or replace function share_internal.my_email()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select lower(u.email) from auth.users u where u.id = auth.uid();
$$;

create or replace function share_internal.is_member(p_run uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.run_members m where m.run_id = p_run and m.user_id = auth.uid());
$$;

create policy "Members and the run's owner see its members"
  on public.run_members for select to authenticated
  using (user_id = auth.uid() or share_internal.owns_run(run_id) or share_internal.is_member(run_id));

create policy "Owners see their invitations, invitees those addressed to them"
  on public.run_invitations for select to authenticated
  using (owner_id = auth.uid() or email = share_internal.my_email());

-- RLS by membership: a member reads the shared run and its messages (not the owner's other rows).
create policy "Members can view runs shared with them"
  on public.prompt_runs for select to authenticated
  using (share_internal.is_member(id));
create policy "Members can view messages of runs shared with them"
  on public.prompt_run_messages for select to authenticated
  using (share_internal.is_member(run_id));

revoke all on table public.run_members, public.run_invitations from anon, authenticated;
grant select on table public.run_members, public.run_invitations to authenticated;

-- ---- helpers -----------------------------------------------------------------------------------------

create or replace function share_internal.require_user()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
begin
  if auth.uid() is null then
    raise exception 'not_signed_in: sign in to share runs with people' using errcode = '42501';
  end if;
  return auth.uid();
end;
$$;

create or replace function share_internal.check_role(p_role text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_role is null or p_role not in ('viewer', 'editor') then
    raise exception 'invalid_input: the role must be "viewer" or "editor"' using errcode = '22023';
  end if;
  return p_role;
end;
$$;

-- The one answer for "no such run of yours", whether it does not exist or is someone else's.
create or replace function share_internal.run_not_found()
returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'not_found: no such run of yours on the server' using errcode = 'PT404',
    hint = 'Only the owner of a synced run can share it with people.';
end;
$$;

-- ---- the API -----------------------------------------------------------------------------------------

-- Invite an account by e-mail to one of the caller's runs (idempotent by id). Inviting the same e-mail
-- again while an invitation is pending updates its role; a current member's role changes at once.
create or replace function public.invite_to_run(invitation_id uuid, run_id uuid, email text, role text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_me uuid := share_internal.require_user();
  v_email text := lower(btrim(coalesce(invite_to_run.email, '')));
  v_role text := share_internal.check_role(invite_to_run.role);
  v_run public.prompt_runs;
  v_inv public.run_invitations;
  v_member uuid;
begin
  select * into v_inv from public.run_invitations i where i.id = invitation_id;
  if found then
    if v_inv.owner_id <> v_me or v_inv.run_id <> invite_to_run.run_id then
      raise exception 'invalid_input: this invitation id is already used' using errcode = '22023';
    end if;
    return jsonb_build_object('id', v_inv.id, 'email', v_inv.email, 'role', v_inv.role, 'status', 'pending');
  end if;
  select * into v_run from public.prompt_runs r where r.id = invite_to_run.run_id and r.user_id = v_me;
  if not found or v_run.purged_at is not null or v_run.status = 'deleted' then
    perform share_internal.run_not_found();
  end if;
  if v_email !~ '^[^@\s]+@[^@\s]+$' or length(v_email) > 320 then
    raise exception 'invalid_input: "%" is not an e-mail address', left(v_email, 100) using errcode = '22023';
  end if;
  if v_email = lower((select u.email from auth.users u where u.id = v_me)) then
    raise exception 'invalid_input: you own this run already; invite someone else' using errcode = '22023';
  end if;
  select u.id into v_member from auth.users u
    join public.run_members m on m.user_id = u.id and m.run_id = v_run.id
   where lower(u.email) = v_email;
  if v_member is not null then
    update public.run_members m set role = v_role, updated_at = now() where m.run_id = v_run.id and m.user_id = v_member;
    return jsonb_build_object('id', null, 'email', v_email, 'role', v_role, 'status', 'member');
  end if;
  update public.run_invitations i set role = v_role
   where i.run_id = v_run.id and i.email = v_email and i.accepted_at is null and i.declined_at is null and i.revoked_at is null
  returning * into v_inv;
  if not found then
    if (select count(*) from public.run_invitations i where i.run_id = v_run.id and i.accepted_at is null
          and i.declined_at is null and i.revoked_at is null) >= 100 then
      raise exception 'invalid_input: a run can have at most 100 pending invitations' using errcode = '22023';
    end if;
    insert into public.run_invitations (id, run_id, owner_id, email, role)
    values (invitation_id, v_run.id, v_me, v_email, v_role)
    returning * into v_inv;
  end if;
  return jsonb_build_object('id', v_inv.id, 'email', v_inv.email, 'role', v_inv.role, 'status', 'pending');
end;
$$;

-- The people of a run, for its owner and its members: the owner, the members (e-mail, role) and, for
-- the owner only, pending invitations. Anyone else: not_found.
create or replace function public.list_run_members(run_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_me uuid := share_internal.require_user();
  v_role text := share_internal.run_role(list_run_members.run_id);
  v_owner uuid;
begin
  if v_role is null then
    perform share_internal.run_not_found();
  end if;
  select r.user_id into v_owner from public.prompt_runs r where r.id = list_run_members.run_id;
  return jsonb_build_object(
    'my_role', v_role,
    'owner', (select u.email from auth.users u where u.id = v_owner),
    'members', coalesce((
      select jsonb_agg(jsonb_build_object('user_id', m.user_id, 'email', u.email, 'role', m.role, 'is_me', m.user_id = v_me)
                       order by lower(u.email))
        from public.run_members m join auth.users u on u.id = m.user_id
       where m.run_id = list_run_members.run_id), '[]'::jsonb),
    'invitations', case when v_role = 'owner' then coalesce((
      select jsonb_agg(jsonb_build_object('id', i.id, 'email', i.email, 'role', i.role, 'created_at', i.created_at) order by i.created_at)
        from public.run_invitations i
       where i.run_id = list_run_members.run_id and i.accepted_at is null and i.declined_at is null and i.revoked_at is null), '[]'::jsonb)
      else '[]'::jsonb end);
end;
$$;

-- Invitations addressed to the caller's e-mail, still open, of runs that still exist.
create or replace function public.my_run_invitations()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', i.id, 'role', i.role, 'created_at', i.created_at, 'run_name', coalesce(r.name, ''),
           'invited_by', o.email) order by i.created_at desc), '[]'::jsonb)
    from public.run_invitations i
    join public.prompt_runs r on r.id = i.run_id and r.purged_at is null and r.status <> 'deleted'
    join auth.users o on o.id = i.owner_id
   where auth.uid() is not null
     and i.email = lower((select u.email from auth.users u where u.id = auth.uid()))
     and i.accepted_at is null and i.declined_at is null and i.revoked_at is null;
$$;

-- Accept (true) or decline (false) an invitation addressed to the caller. Accepting makes a membership
-- of the invitation's own run. Returns that run's id, or not_found for any invitation that is not open
-- and addressed to the caller (unknown, someone else's, revoked, used).
create or replace function public.answer_run_invitation(invitation_id uuid, accept boolean)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_me uuid := share_internal.require_user();
  v_inv public.run_invitations;
begin
  select * into v_inv from public.run_invitations i
   where i.id = invitation_id
     and i.email = lower((select u.email from auth.users u where u.id = v_me))
     and i.accepted_at is null and i.declined_at is null and i.revoked_at is null
     and exists (select 1 from public.prompt_runs r where r.id = i.run_id and r.purged_at is null and r.status <> 'deleted')
  for update;
  if not found then
    raise exception 'not_found: this invitation is no longer open' using errcode = 'PT404',
      hint = 'Ask the run''s owner to invite you again.';
  end if;
  if accept then
    update public.run_invitations i set accepted_at = now() where i.id = v_inv.id;
    insert into public.run_members (run_id, user_id, role, invited_by)
    values (v_inv.run_id, v_me, v_inv.role, v_inv.owner_id)
    on conflict on constraint run_members_pkey do update set role = excluded.role, updated_at = now();
    delete from share_internal.run_removals x where x.run_id = v_inv.run_id and x.user_id = v_me;
  else
    update public.run_invitations i set declined_at = now() where i.id = v_inv.id;
  end if;
  return jsonb_build_object('run_id', v_inv.run_id, 'role', v_inv.role, 'accepted', accept);
end;
$$;

-- The owner changes a member's role.
create or replace function public.set_run_member_role(run_id uuid, user_id uuid, role text)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_role text := share_internal.check_role(set_run_member_role.role);
begin
  perform share_internal.require_user();
  if not share_internal.owns_run(set_run_member_role.run_id) then
    perform share_internal.run_not_found();
  end if;
  update public.run_members m set role = v_role, updated_at = now()
   where m.run_id = set_run_member_role.run_id and m.user_id = set_run_member_role.user_id;
  return found;
end;
$$;

-- The owner removes a member, or a member leaves (user_id = themself). The removal is kept.
create or replace function public.remove_run_member(run_id uuid, user_id uuid)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_me uuid := share_internal.require_user();
begin
  if remove_run_member.user_id is distinct from v_me and not share_internal.owns_run(remove_run_member.run_id) then
    perform share_internal.run_not_found();
  end if;
  delete from public.run_members m where m.run_id = remove_run_member.run_id and m.user_id = remove_run_member.user_id;
  if not found then
    return false;
  end if;
  insert into share_internal.run_removals (run_id, user_id, removed_by)
  values (remove_run_member.run_id, remove_run_member.user_id, v_me)
  on conflict on constraint run_removals_pkey do update set removed_at = now(), removed_by = excluded.removed_by;
  return true;
end;
$$;

-- The owner withdraws a pending invitation.
create or replace function public.revoke_run_invitation(invitation_id uuid)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_me uuid := share_internal.require_user();
begin
  update public.run_invitations i set revoked_at = now()
   where i.id = invitation_id and i.owner_id = v_me
     and i.accepted_at is null and i.declined_at is null and i.revoked_at is null;
  return found;
end;
$$;

-- "Shared with me": the runs the caller is a member of, newest activity first.
create or replace function public.shared_runs()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'run_id', r.id, 'name', coalesce(r.name, ''), 'role', m.role, 'owner', o.email,
           'prompt_name', coalesce(p.name, ''), 'last_message_at', r.last_message_at,
           'preview', r.last_message_preview, 'message_count', r.message_count)
         order by r.last_message_at desc, r.id), '[]'::jsonb)
    from public.run_members m
    join public.prompt_runs r on r.id = m.run_id and r.purged_at is null and r.status <> 'deleted'
    join auth.users o on o.id = r.user_id
    left join public.prompts p on p.id = r.prompt_id and p.user_id = r.user_id
   where m.user_id = auth.uid();
$$;

-- One shared run, whole, for its owner or a member: the run's fields and every stored message (at most
-- 5,000, newest kept), or not_found.
create or replace function public.get_member_run(run_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_role text;
  r public.prompt_runs;
begin
  perform share_internal.require_user();
  v_role := share_internal.run_role(get_member_run.run_id);
  select * into r from public.prompt_runs x where x.id = get_member_run.run_id and x.purged_at is null and x.status <> 'deleted';
  if v_role is null or r.id is null then
    perform share_internal.run_not_found();
  end if;
  return jsonb_build_object(
    'run_id', r.id, 'name', coalesce(r.name, ''), 'role', v_role,
    'owner', (select u.email from auth.users u where u.id = r.user_id),
    'prompt_name', coalesce((select p.name from public.prompts p where p.id = r.prompt_id and p.user_id = r.user_id), ''),
    'model_name', coalesce(nullif(btrim(r.settings ->> 'model_label'), ''), r.settings ->> 'model_id', ''),
    'created_at', r.created_at, 'last_message_at', r.last_message_at, 'current_leaf_id', r.current_leaf_id,
    'messages', coalesce((select jsonb_agg(x.body order by x.created_at, x.id) from (
        select m.body, m.created_at, m.id from public.prompt_run_messages m
         where m.run_id = r.id order by m.created_at desc, m.id desc limit 5000) x), '[]'::jsonb));
end;
$$;

-- Live replies (20261205610000): members receive a shared run's stream; its owner and editors send on it.
create or replace function share_internal.may_stream_run(topic text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select case
    when topic ~ '^run-stream:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then exists (
      select 1 from public.prompt_runs r
       where r.id = substr(topic, 12)::uuid and r.purged_at is null
         and (r.user_id = auth.uid() or share_internal.is_member(r.id)))
    else false
  end;
$$;

create or replace function share_internal.may_send_run_stream(topic text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select case
    when topic ~ '^run-stream:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      exists (select 1 from public.prompt_runs r where r.id = substr(topic, 12)::uuid and r.purged_at is null)
      and coalesce(share_internal.run_role(substr(topic, 12)::uuid) in ('owner', 'editor'), false)
    else false
  end;
$$;

revoke all on all functions in schema share_internal from public, anon, authenticated, service_role;
grant execute on function share_internal.may_stream_run(text), share_internal.may_send_run_stream(text),
  share_internal.is_member(uuid), share_internal.owns_run(uuid), share_internal.run_role(uuid), share_internal.my_email() to authenticated;

do $$
begin
  if to_regclass('realtime.messages') is null then
    return;
  end if;
  drop policy if exists "Run owners send their runs' reply streams" on realtime.messages;
  create policy "Run owners and editors send their runs' reply streams"
    on realtime.messages for insert to authenticated
    with check (realtime.messages.extension = 'broadcast' and share_internal.may_send_run_stream(realtime.topic()));
end
$$;

do $$
declare
  f text;
begin
  foreach f in array array[
    'invite_to_run(uuid, uuid, text, text)', 'list_run_members(uuid)', 'my_run_invitations()',
    'answer_run_invitation(uuid, boolean)', 'set_run_member_role(uuid, uuid, text)', 'remove_run_member(uuid, uuid)',
    'revoke_run_invitation(uuid)', 'shared_runs()', 'get_member_run(uuid)'] loop
    execute format('revoke all on function public.%s from public, anon, service_role', f);
    execute format('grant execute on function public.%s to authenticated', f);
  end loop;
end
$$;
