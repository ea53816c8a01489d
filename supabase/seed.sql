-- Seed data for `supabase db reset` and the local stand-in. Intentionally empty: every device creates
-- the example prompts itself on first start (sync/store/example-prompts.ts) and syncs them like any
-- other prompt, and users sign up through the app. Add rows here only for throwaway local databases.
select 1;
