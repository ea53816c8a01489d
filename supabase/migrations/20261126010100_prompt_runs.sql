-- ============================================================================
-- PROMPT RUNS TABLE (the product plan's SQL, kept whole; changes are marked "sync:" or "fix:")
-- ============================================================================
-- Stores individual prompt run sessions with conversation history
-- ============================================================================

CREATE TABLE public.prompt_runs (
  -- fix: the plan also declared the key as a named constraint below; PostgreSQL rejects two primary
  -- keys, so only the named one is kept (the inline one would have been named prompt_runs_pkey anyway).
  id UUID DEFAULT gen_random_uuid(),

  -- Foreign Keys
  -- fix: the prompt is matched on (prompt_id, user_id) by the constraint below, because prompts are
  -- keyed per user (see the prompts migration); this also stops a run pointing at another user's prompt.
  prompt_id UUID NOT NULL,
  user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,

  -- Run Metadata
  name TEXT, -- User-provided name or auto-generated (e.g., "Run - Oct 27, 2024 3:45 PM")
  description TEXT, -- Optional user description

  -- Conversation Data (JSONB for flexibility)
  messages JSONB NOT NULL DEFAULT '[]'::JSONB, -- Array of {role, content, taskId, metadata} + id, parentId, createdAt, status
  variable_values JSONB NOT NULL DEFAULT '{}'::JSONB, -- Object: { variableName: value }

  -- Settings Snapshot (preserved at time of creation)
  settings JSONB NOT NULL DEFAULT '{}'::JSONB, -- Model settings used (model_id, temperature, etc.)

  -- Status & Metadata
  status TEXT DEFAULT 'active' CHECK (status IN ('active', 'archived', 'deleted')),
  message_count INTEGER DEFAULT 0, -- Cached count for quick filtering
  is_starred BOOLEAN DEFAULT FALSE, -- User can star important runs

  -- Timestamps
  created_at TIMESTAMPTZ DEFAULT NOW() NOT NULL,
  updated_at TIMESTAMPTZ DEFAULT NOW() NOT NULL, -- sync: the latest edit's (skew-corrected) client time
  last_message_at TIMESTAMPTZ DEFAULT NOW() NOT NULL, -- For sorting by recent activity

  -- sync: leaf of the branch being viewed, list preview, per-field clocks and writers, change cursor,
  -- purge mark.
  current_leaf_id UUID,
  last_message_preview TEXT NOT NULL DEFAULT '',
  field_updated_at JSONB NOT NULL DEFAULT '{}'::JSONB,
  field_clients JSONB NOT NULL DEFAULT '{}'::JSONB,
  sync_xid XID8 NOT NULL DEFAULT pg_current_xact_id(),
  purged_at TIMESTAMPTZ, -- sync: "deleted forever": messages dropped, later appends ignored

  -- Indexes for performance
  CONSTRAINT prompt_runs_pkey PRIMARY KEY (id),
  CONSTRAINT prompt_runs_prompt_fkey FOREIGN KEY (prompt_id, user_id)
    REFERENCES public.prompts (id, user_id) ON DELETE CASCADE,
  CONSTRAINT prompt_runs_messages_is_array CHECK (jsonb_typeof(messages) = 'array')
);

-- ============================================================================
-- INDEXES
-- ============================================================================

-- Fast lookup by user
CREATE INDEX idx_prompt_runs_user_id ON public.prompt_runs(user_id);

-- Fast lookup by prompt
CREATE INDEX idx_prompt_runs_prompt_id ON public.prompt_runs(prompt_id);

-- Fast lookup by user + prompt (common query pattern)
CREATE INDEX idx_prompt_runs_user_prompt ON public.prompt_runs(user_id, prompt_id);

-- Sort by recent activity
CREATE INDEX idx_prompt_runs_last_message_at ON public.prompt_runs(last_message_at DESC);

-- Filter by status
CREATE INDEX idx_prompt_runs_status ON public.prompt_runs(status) WHERE status = 'active';

-- Filter starred runs
CREATE INDEX idx_prompt_runs_starred ON public.prompt_runs(is_starred) WHERE is_starred = TRUE;

-- sync: pull reads a user's changes after a cursor
CREATE INDEX idx_prompt_runs_user_sync_xid ON public.prompt_runs(user_id, sync_xid);

-- ============================================================================
-- ROW LEVEL SECURITY (RLS)
-- ============================================================================

ALTER TABLE public.prompt_runs ENABLE ROW LEVEL SECURITY;

-- Users can view their own runs
CREATE POLICY "Users can view their own prompt runs"
  ON public.prompt_runs
  FOR SELECT
  USING (auth.uid() = user_id);

-- Users can create their own runs
CREATE POLICY "Users can create their own prompt runs"
  ON public.prompt_runs
  FOR INSERT
  WITH CHECK (auth.uid() = user_id);

-- Users can update their own runs
CREATE POLICY "Users can update their own prompt runs"
  ON public.prompt_runs
  FOR UPDATE
  USING (auth.uid() = user_id);

-- Users can delete their own runs
CREATE POLICY "Users can delete their own prompt runs"
  ON public.prompt_runs
  FOR DELETE
  USING (auth.uid() = user_id);

-- sync: the policies above stay, but writes go through sync_push only (last-write-wins, clamped clocks,
-- append-only messages); a direct insert/update/delete by a signed-in user would bypass those rules.
REVOKE ALL ON TABLE public.prompt_runs FROM anon;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE public.prompt_runs FROM authenticated;
GRANT SELECT ON TABLE public.prompt_runs TO authenticated;

-- ============================================================================
-- TRIGGERS
-- ============================================================================

-- Auto-update updated_at timestamp
-- fix: stamping NOW() on every update would overwrite the edit time that last-write-wins compares, so
-- the writer's value is kept when it set one (sync_push always does, and says so with the
-- sync.keep_updated_at setting); other writes (e.g. a console edit) still get NOW().
CREATE OR REPLACE FUNCTION update_prompt_runs_updated_at()
RETURNS TRIGGER AS $$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at
     AND coalesce(current_setting('sync.keep_updated_at', true), '') <> 'on' THEN
    NEW.updated_at = NOW();
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trigger_prompt_runs_updated_at
  BEFORE UPDATE ON public.prompt_runs
  FOR EACH ROW
  EXECUTE FUNCTION update_prompt_runs_updated_at();

-- Auto-update message_count when messages change
CREATE OR REPLACE FUNCTION update_prompt_runs_message_count()
RETURNS TRIGGER AS $$
BEGIN
  NEW.message_count = jsonb_array_length(NEW.messages);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trigger_prompt_runs_message_count
  BEFORE INSERT OR UPDATE OF messages ON public.prompt_runs
  FOR EACH ROW
  EXECUTE FUNCTION update_prompt_runs_message_count();

-- ============================================================================
-- HELPER VIEWS (Optional - for analytics)
-- ============================================================================

-- View for recent runs with prompt details
-- fix: security_invoker makes the view obey the caller's RLS (a plain view runs as its owner and would
-- show every user's runs through the API); the join matches the prompt's owner too.
CREATE OR REPLACE VIEW prompt_runs_with_details WITH (security_invoker = true) AS
SELECT
  pr.id,
  pr.name,
  pr.message_count,
  pr.is_starred,
  pr.last_message_at,
  pr.created_at,
  p.name as prompt_name,
  p.id as prompt_id
FROM prompt_runs pr
JOIN prompts p ON pr.prompt_id = p.id AND p.user_id = pr.user_id
WHERE pr.status = 'active'
ORDER BY pr.last_message_at DESC;

REVOKE ALL ON TABLE public.prompt_runs_with_details FROM anon;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE public.prompt_runs_with_details FROM authenticated;
GRANT SELECT ON TABLE public.prompt_runs_with_details TO authenticated;
