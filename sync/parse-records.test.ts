import { describe, expect, it } from 'vitest';
import { parseMessageRecord, parseRunRecord } from './parse-records';

const at = '2026-12-05T10:00:00.000Z';
const run = { id: 'r1', prompt_id: 'p1', user_id: 'owner', name: 'Trip', created_at: at, updated_at: at, last_message_at: at };
const sharing = {
  role: 'editor',
  owner_email: 'ada@example.com',
  prompt_name: 'Planner',
  people: [
    { user_id: 'owner', email: 'ada@example.com', role: 'owner' },
    { user_id: 'me', email: 'bo@example.com', role: 'editor' },
  ],
};

describe('shared runs read back', () => {
  it("keeps a member run's sharing (role, owner, prompt name, people)", () => {
    const parsed = parseRunRecord({ ...run, shared: sharing });
    expect(parsed.ok && parsed.value.shared).toEqual(sharing);
  });

  it('reads an own run (no sharing, or null) as before', () => {
    const none = parseRunRecord(run);
    expect(none.ok && 'shared' in none.value).toBe(false);
    const nulled = parseRunRecord({ ...run, shared: null });
    expect(nulled.ok && nulled.value.shared).toBeNull();
  });

  it('fills what an older server left out, and refuses a sharing with an unknown role', () => {
    const sparse = parseRunRecord({ ...run, shared: { role: 'viewer' } });
    expect(sparse.ok && sparse.value.shared).toEqual({ role: 'viewer', owner_email: '', prompt_name: null, people: [] });
    const bad = parseRunRecord({ ...run, shared: { ...sharing, role: 'admin' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('shared.role');
  });

  it("keeps a message's author, and refuses one that is not text", () => {
    const message = { id: 'm1', runId: 'r1', parentId: null, role: 'user', content: 'Hi', status: 'done', createdAt: at };
    const kept = parseMessageRecord({ ...message, authorId: 'me' });
    expect(kept.ok && kept.value.authorId).toBe('me');
    expect(parseMessageRecord({ ...message, authorId: 42 }).ok).toBe(false);
  });
});
