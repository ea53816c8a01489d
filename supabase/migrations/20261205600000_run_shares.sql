-- Share links: a read-only view of one run for anyone holding the link's token (DESIGN.md, "Sharing never
-- widens RLS"). Owners manage their own links through RLS (read, create, revoke); nobody lists anyone
-- else's. The link's token is made on the device (256 random bits) and the server keeps only its SHA-256,
-- so neither a database dump nor a leaked backup opens a link. Anyone with a token reads the run through
-- one SECURITY DEFINER function, public.get_shared_run(token), which returns exactly that run's shared
-- view and answers an unknown, revoked or expired token, or a run deleted since, with the same value.
--
-- What the view holds: the run's name, its prompt's name, the model's human name, dates, the variable
-- values not marked private, and the messages of one path of the tree (snapshot: the leaf shown when
-- sharing; live: the run's current leaf). Never the owner's id or e-mail, ids of rows, other runs, or
-- settings. Values of private variables (the prompt's `private` flag, or hidden when sharing) are
-- replaced wherever they appear word for word in a message, since templates put them in the text.

create schema if not exists share_internal;
revoke all on schema share_internal from public;

create table public.run_shares (
  id uuid not null,
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  run_id uuid not null references public.prompt_runs (id) on delete cascade,
  token_hash bytea not null,
  mode text not null,
  -- The path shown by a snapshot (and, for a live link, the leaf when it was shared).
  leaf_id uuid,
  -- Names as the owner saw them when sharing: a snapshot shows these; a live link shows the run's own.
  run_name text not null default '',
  prompt_name text not null default '',
  model_name text not null default '',
  -- Variables hidden when sharing (besides those the prompt marks private).
  hidden_variables text[] not null default '{}',
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  constraint run_shares_pkey primary key (id),
  constraint run_shares_token_hash_key unique (token_hash),
  constraint run_shares_token_hash_is_sha256 check (octet_length(token_hash) = 32),
  constraint run_shares_mode check (mode in ('snapshot', 'live')),
  constraint run_shares_snapshot_has_leaf check (mode = 'live' or leaf_id is not null),
  constraint run_shares_names_length check (length(run_name) <= 1000 and length(prompt_name) <= 1000 and length(model_name) <= 300),
  constraint run_shares_hidden_variables_count check (cardinality(hidden_variables) <= 200)
);
create index idx_run_shares_owner on public.run_shares (owner_id, created_at desc);
create index idx_run_shares_run on public.run_shares (run_id);

alter table public.run_shares enable row level security;

create policy "Owners can view their own share links"
  on public.run_shares for select
  using (auth.uid() = owner_id);

-- A link names one of the caller's own runs (read through the caller's own RLS on prompt_runs).
create policy "Owners can create share links of their own runs"
  on public.run_shares for insert
  with check (
    auth.uid() = owner_id
    and exists (select 1 from public.prompt_runs r where r.id = run_id and r.user_id = auth.uid())
  );

create policy "Owners can revoke their own share links"
  on public.run_shares for update
  using (auth.uid() = owner_id)
  with check (auth.uid() = owner_id);

-- Supabase grants the API roles everything in public by default: take it back. The anon role gets
-- nothing on the table; a signed-in user may read their rows, insert the columns a device chooses (the
-- owner and creation time are the server's), and set revoked_at (the trigger below makes it final).
revoke all on table public.run_shares from anon, authenticated;
grant select on table public.run_shares to authenticated;
grant insert (id, run_id, token_hash, mode, leaf_id, run_name, prompt_name, model_name, hidden_variables, expires_at)
  on table public.run_shares to authenticated;
grant update (revoked_at) on table public.run_shares to authenticated;

-- Revoking is final and stamped with the server's time: a revoked link can never be revived by an update.
create or replace function share_internal.keep_revocation()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.revoked_at := case
    when old.revoked_at is not null then old.revoked_at
    when new.revoked_at is not null then now()
  end;
  return new;
end;
$$;
create trigger trigger_run_shares_keep_revocation before update on public.run_shares
  for each row execute function share_internal.keep_revocation();

-- ---- lookup rate limits ------------------------------------------------------------------------------
-- Counted per caller address in fixed windows: every lookup (per minute), and failed lookups (per ten
-- minutes) more tightly, so guessing tokens is slow on top of hopeless (2^256 tokens). The address is the
-- one the API gateway puts in the request headers (see share_internal.caller_address).
create table share_internal.limits (
  singleton boolean primary key default true check (singleton),
  lookups_per_minute int not null default 120,
  misses_per_ten_minutes int not null default 30
);
insert into share_internal.limits default values;

create table share_internal.lookup_counts (
  bucket text not null,
  window_start timestamptz not null,
  hits int not null default 0,
  primary key (bucket, window_start)
);
alter table share_internal.limits enable row level security;
alter table share_internal.lookup_counts enable row level security;

-- The caller's address as the gateway reports it (PostgREST passes the request headers in
-- request.headers): Cloudflare's cf-connecting-ip, else x-real-ip, else the first x-forwarded-for hop.
-- A direct SQL caller (no headers) counts as 'unknown'.
create or replace function share_internal.caller_address()
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  h jsonb;
begin
  begin
    h := nullif(current_setting('request.headers', true), '')::jsonb;
  exception when others then
    h := null;
  end;
  return left(coalesce(
    nullif(btrim(h ->> 'cf-connecting-ip'), ''),
    nullif(btrim(h ->> 'x-real-ip'), ''),
    nullif(btrim(split_part(h ->> 'x-forwarded-for', ',', 1)), ''),
    'unknown'), 64);
end;
$$;

-- Count this lookup; refuse (HTTP 429) when the address is over either limit. A refusal rolls the count
-- back, which is fine: the address is over the limit until its window passes either way.
create or replace function share_internal.count_lookup(p_address text)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_limits share_internal.limits;
  v_hits int;
  v_misses int;
begin
  select * into v_limits from share_internal.limits;
  insert into share_internal.lookup_counts as c (bucket, window_start, hits)
  values ('lookup:' || p_address, date_trunc('minute', now()), 1)
  on conflict (bucket, window_start) do update set hits = c.hits + 1
  returning hits into v_hits;
  select coalesce(sum(c.hits), 0) into v_misses from share_internal.lookup_counts c
   where c.bucket = 'miss:' || p_address and c.window_start > now() - interval '10 minutes';
  if v_hits > v_limits.lookups_per_minute or v_misses >= v_limits.misses_per_ten_minutes then
    raise exception 'rate_limited: too many shared-link lookups from this address'
      using errcode = 'PT429', hint = 'Wait a minute, then open the link again.';
  end if;
  -- Old windows are of no use: sweep now and then rather than on every call.
  if random() < 0.01 then
    delete from share_internal.lookup_counts c where c.window_start < now() - interval '1 hour';
  end if;
end;
$$;

create or replace function share_internal.count_miss(p_address text)
returns void
language sql
set search_path = ''
as $$
  insert into share_internal.lookup_counts as c (bucket, window_start, hits)
  values ('miss:' || p_address, date_trunc('minute', now()), 1)
  on conflict (bucket, window_start) do update set hits = c.hits + 1;
$$;

-- ---- the shared view ---------------------------------------------------------------------------------

-- Messages of the path ending at p_leaf, root first (at most the newest 2,000: the view says how many
-- earlier ones it left out). A cycle in parentIds cannot loop: CYCLE stops it.
create or replace function share_internal.path_messages(p_run uuid, p_leaf uuid)
returns table (body jsonb, depth int)
language sql
stable
set search_path = ''
as $$
  with recursive path (id, body, depth) as (
    select m.id, m.body, 1 from public.prompt_run_messages m where m.run_id = p_run and m.id = p_leaf
    union all
    select m.id, m.body, p.depth + 1
      from path p
      join public.prompt_run_messages m on m.run_id = p_run and m.id = (p.body ->> 'parentId')::uuid
     where p.depth < 100000
  ) cycle id set is_cycle using visited
  select body, depth from path where not is_cycle;
$$;

-- The leaf a live link shows: the run's current leaf, else (none recorded, or not stored here) its newest message.
create or replace function share_internal.live_leaf(p_run uuid, p_current uuid)
returns uuid
language sql
stable
set search_path = ''
as $$
  select coalesce(
    (select m.id from public.prompt_run_messages m where m.run_id = p_run and m.id = p_current),
    (select m.id from public.prompt_run_messages m where m.run_id = p_run order by m.created_at desc, m.id desc limit 1));
$$;

-- Replace every private value in a text (longest first, so a value containing another goes whole).
create or replace function share_internal.redact(p_text text, p_hidden jsonb)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v record;
  v_out text := p_text;
begin
  for v in select e.key, e.value from jsonb_each_text(p_hidden) e order by length(e.value) desc, e.key loop
    v_out := replace(v_out, v.value, '[private: ' || v.key || ']');
  end loop;
  return v_out;
end;
$$;

create or replace function share_internal.shared_view(s public.run_shares, r public.prompt_runs)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_prompt public.prompts;
  v_private text[];
  v_hidden jsonb;
  v_leaf uuid;
  v_messages jsonb;
  v_total int;
  v_keep constant int := 2000;
  v_model text;
begin
  select * into v_prompt from public.prompts p where p.id = r.prompt_id and p.user_id = r.user_id;
  select coalesce(array_agg(distinct n), '{}') into v_private from (
    select unnest(s.hidden_variables) as n
    union
    select e ->> 'name' from jsonb_array_elements(coalesce(v_prompt.variables, '[]'::jsonb)) e
     where jsonb_typeof(e) = 'object' and (e -> 'private') = 'true'::jsonb
  ) names where n is not null;
  -- Private values that appear in the run (empty ones hide nothing).
  select coalesce(jsonb_object_agg(e.key, e.value), '{}') into v_hidden
    from jsonb_each_text(r.variable_values) e where e.key = any (v_private) and e.value <> '';

  v_leaf := case when s.mode = 'snapshot' then s.leaf_id else share_internal.live_leaf(r.id, r.current_leaf_id) end;
  select count(*), coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
           'role', p.body ->> 'role',
           'content', share_internal.redact(p.body ->> 'content', v_hidden),
           'status', p.body ->> 'status',
           'created_at', p.body ->> 'createdAt',
           'model_name', case when jsonb_typeof(p.body #> '{metadata,modelName}') = 'string'
                              then share_internal.redact(p.body #>> '{metadata,modelName}', v_hidden) end
         )) order by p.depth desc) filter (where p.depth <= v_keep), '[]'::jsonb)
    into v_total, v_messages
    from share_internal.path_messages(r.id, v_leaf) p;

  v_model := coalesce(nullif(btrim(r.settings ->> 'model_label'), ''), nullif(btrim(r.settings ->> 'model_id'), ''), '');
  return jsonb_build_object(
    'version', 1,
    'mode', s.mode,
    'run_name', share_internal.redact(case when s.mode = 'snapshot' and s.run_name <> '' then s.run_name else coalesce(r.name, '') end, v_hidden),
    'prompt_name', share_internal.redact(case when s.mode = 'snapshot' and s.prompt_name <> '' then s.prompt_name
                                         else coalesce(v_prompt.name, s.prompt_name) end, v_hidden),
    'model_name', case when s.mode = 'snapshot' and s.model_name <> '' then s.model_name else coalesce(nullif(v_model, ''), s.model_name) end,
    'model_id', coalesce(r.settings ->> 'model_id', ''),
    'run_created_at', r.created_at,
    'shared_at', s.created_at,
    'expires_at', s.expires_at,
    'variables', coalesce((select jsonb_agg(jsonb_build_object('name', e.key, 'value', e.value) order by e.key)
                             from jsonb_each_text(r.variable_values) e where not (e.key = any (v_private))), '[]'::jsonb),
    'private_variables', (select count(*) from jsonb_each_text(r.variable_values) e where e.key = any (v_private)),
    'messages', v_messages,
    'omitted', greatest(v_total - v_keep, 0)
  );
end;
$$;

-- ---- the API -----------------------------------------------------------------------------------------

-- The one way in for a link's reader (anon or signed in): the shared view of the run the token names,
-- or {"status":"unavailable"} for any token that opens nothing (unknown, malformed, revoked, expired, or
-- its run deleted): one answer and one path through the same two reads, so a token's history cannot be
-- told from its answer. Failures return a value rather than raise, so the miss they count is kept.
create or replace function public.get_shared_run(token text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_address text := share_internal.caller_address();
  v_hash bytea;
  s public.run_shares;
  r public.prompt_runs;
begin
  perform share_internal.count_lookup(v_address);
  if token ~ '^[A-Za-z0-9_-]{43}$' then
    v_hash := sha256(convert_to(token, 'UTF8'));
  end if;
  select * into s from public.run_shares x where x.token_hash = v_hash;
  select * into r from public.prompt_runs x where x.id = s.run_id and x.user_id = s.owner_id;
  if s.id is null or r.id is null or s.revoked_at is not null or s.expires_at <= now()
     or r.status = 'deleted' or r.purged_at is not null then
    perform share_internal.count_miss(v_address);
    return jsonb_build_object('status', 'unavailable');
  end if;
  return jsonb_build_object('status', 'ok', 'view', share_internal.shared_view(s, r));
end;
$$;

-- Create a link (idempotent by id: a retried request after a lost answer returns the same link). The
-- device sends the token's SHA-256, never the token. RLS checks the run is the caller's; the server must
-- already hold the run (and, for a snapshot, the leaf), else 'not_synced' (HTTP 409): the device keeps
-- the link queued and sends it again after its next sync.
create or replace function public.create_run_share(
  share_id uuid, run_id uuid, token_hash text, mode text, leaf_id uuid default null,
  run_name text default '', prompt_name text default '', model_name text default '',
  hidden_variables jsonb default '[]', expires_at timestamptz default null)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_row public.run_shares;
begin
  if auth.uid() is null then
    raise exception 'not_signed_in: sign in to share a run' using errcode = '42501';
  end if;
  if token_hash is null or token_hash !~ '^[0-9a-f]{64}$' then
    raise exception 'invalid_input: token_hash must be 64 lowercase hex digits (a SHA-256)' using errcode = '22023';
  end if;
  if jsonb_typeof(coalesce(create_run_share.hidden_variables, '[]')) <> 'array'
     or exists (select 1 from jsonb_array_elements(create_run_share.hidden_variables) e where jsonb_typeof(e) <> 'string') then
    raise exception 'invalid_input: hidden_variables must be an array of variable names' using errcode = '22023';
  end if;
  select * into v_row from public.run_shares s where s.id = share_id;
  if found then
    return jsonb_build_object('id', v_row.id, 'created_at', v_row.created_at, 'revoked_at', v_row.revoked_at);
  end if;
  if not exists (select 1 from public.prompt_runs r where r.id = create_run_share.run_id)
     or (create_run_share.mode = 'snapshot' and not exists (
       select 1 from public.prompt_run_messages m where m.run_id = create_run_share.run_id and m.id = create_run_share.leaf_id)) then
    raise exception 'not_synced: the run is not on the server yet' using errcode = 'PT409',
      hint = 'The link is kept on the device and sent again after the run syncs.';
  end if;
  insert into public.run_shares (id, run_id, token_hash, mode, leaf_id, run_name, prompt_name, model_name, hidden_variables, expires_at)
  values (share_id, create_run_share.run_id, decode(create_run_share.token_hash, 'hex'), create_run_share.mode, create_run_share.leaf_id,
          left(coalesce(create_run_share.run_name, ''), 1000), left(coalesce(create_run_share.prompt_name, ''), 1000),
          left(coalesce(create_run_share.model_name, ''), 300),
          array(select jsonb_array_elements_text(coalesce(create_run_share.hidden_variables, '[]'))),
          create_run_share.expires_at)
  returning * into v_row;
  return jsonb_build_object('id', v_row.id, 'created_at', v_row.created_at, 'revoked_at', v_row.revoked_at);
end;
$$;

-- The caller's links (RLS shows only theirs), newest first; never the token hash.
create or replace function public.list_run_shares()
returns table (id uuid, run_id uuid, mode text, run_name text, created_at timestamptz, expires_at timestamptz, revoked_at timestamptz)
language sql
stable
security invoker
set search_path = ''
as $$
  select s.id, s.run_id, s.mode, s.run_name, s.created_at, s.expires_at, s.revoked_at
    from public.run_shares s
   order by s.created_at desc
   limit 1000;
$$;

-- Revoke one of the caller's links; false when they have no such link (someone else's looks the same).
create or replace function public.revoke_run_share(share_id uuid)
returns boolean
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
  update public.run_shares s set revoked_at = now() where s.id = share_id;
  return found;
end;
$$;

revoke all on all functions in schema share_internal from public, anon, authenticated, service_role;
revoke all on function public.get_shared_run(text) from public, anon, authenticated, service_role;
grant execute on function public.get_shared_run(text) to anon, authenticated;
revoke all on function public.create_run_share(uuid, uuid, text, text, uuid, text, text, text, jsonb, timestamptz) from public, anon, service_role;
grant execute on function public.create_run_share(uuid, uuid, text, text, uuid, text, text, text, jsonb, timestamptz) to authenticated;
revoke all on function public.list_run_shares() from public, anon, service_role;
grant execute on function public.list_run_shares() to authenticated;
revoke all on function public.revoke_run_share(uuid) from public, anon, service_role;
grant execute on function public.revoke_run_share(uuid) to authenticated;
