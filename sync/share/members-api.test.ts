// The shared-runs calls over fetch: what is sent, how answers are read, and how each failure reads.
import { describe, expect, it } from 'vitest';
import { createFetchMembersApi } from './members-api';

function api(answer: (url: string, body: unknown) => Response | Promise<Response>, token: string | null = 'tok') {
  const calls: Array<{ url: string; body: unknown; auth: string | null }> = [];
  const members = createFetchMembersApi({
    supabaseUrl: 'https://db.example.test/',
    anonKey: 'anon',
    accessToken: () => token,
    fetch: async (input, init) => {
      const body: unknown = JSON.parse(String(init?.body));
      calls.push({ url: String(input), body, auth: new Headers(init?.headers).get('authorization') });
      return answer(String(input), body);
    },
  });
  return { members, calls };
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('shared-runs calls', () => {
  it('invite sends the run, the e-mail, the role and a fresh invitation id, with the user token', async () => {
    const { members, calls } = api(() => json(200, { id: 'i1', email: 'bob@example.test', role: 'viewer', status: 'pending' }));
    expect(await members.invite('run-1', 'Bob@example.test', 'viewer')).toEqual({ ok: true, value: { status: 'pending', email: 'bob@example.test' } });
    expect(calls[0]).toMatchObject({ url: 'https://db.example.test/rest/v1/rpc/invite_to_run', auth: 'Bearer tok', body: { run_id: 'run-1', email: 'Bob@example.test', role: 'viewer' } });
    expect((calls[0]!.body as { invitation_id: string }).invitation_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads the people of a run', async () => {
    const { members } = api(() => json(200, {
      my_role: 'owner', owner: 'alice@example.test',
      members: [{ user_id: 'u2', email: 'bob@example.test', role: 'editor', is_me: false }],
      invitations: [{ id: 'i1', email: 'carol@example.test', role: 'viewer', created_at: '2026-12-05T10:00:00.000Z' }],
    }));
    expect(await members.people('run-1')).toEqual({ ok: true, value: {
      myRole: 'owner', owner: 'alice@example.test',
      members: [{ userId: 'u2', email: 'bob@example.test', role: 'editor', isMe: false }],
      invitations: [{ id: 'i1', email: 'carol@example.test', role: 'viewer' }],
    } });
  });

  it("says 'refused' with the server's words for a run that is not (or no longer) shared, and sends nothing signed out", async () => {
    const { members } = api(() => json(404, { code: 'PT404', message: 'not_found: no such run of yours on the server' }));
    expect(await members.run('run-1')).toEqual({ ok: false, error: { reason: 'refused', message: 'no such run of yours on the server' } });
    const signedOut = api(() => json(200, []), null);
    expect(await signedOut.members.sharedRuns()).toMatchObject({ ok: false, error: { reason: 'signed_out' } });
    expect(signedOut.calls).toEqual([]);
  });

  it("says 'offline' for no answer, a 5xx, or an answer it cannot read", async () => {
    expect(await api(() => Promise.reject(new TypeError('Failed to fetch'))).members.invitations()).toMatchObject({ ok: false, error: { reason: 'offline' } });
    expect(await api(() => json(503, {})).members.invitations()).toMatchObject({ ok: false, error: { reason: 'offline' } });
    const odd = await api(() => json(200, [{ run_id: 'r', role: 'admin' }])).members.sharedRuns();
    expect(odd).toMatchObject({ ok: false, error: { reason: 'offline', message: expect.stringMatching(/does not understand/) } });
  });

  it('reads a shared run with its messages, tagged with the run id', async () => {
    const { members } = api(() => json(200, {
      run_id: 'r1', name: 'Trip', role: 'viewer', owner: 'alice@example.test', prompt_name: 'Planner', model_name: 'Echo', current_leaf_id: 'm2',
      messages: [
        { id: 'm1', parentId: null, role: 'user', content: 'Hi', status: 'done', createdAt: '2026-12-05T10:00:00.000Z', metadata: { secret: 1 } },
        { id: 'm2', parentId: 'm1', role: 'assistant', content: 'Echo: Hi', createdAt: '2026-12-05T10:00:01.000Z' },
      ],
    }));
    const result = await members.run('r1');
    expect(result.ok && result.value.messages).toEqual([
      { id: 'm1', runId: 'r1', parentId: null, role: 'user', content: 'Hi', status: 'done', createdAt: '2026-12-05T10:00:00.000Z' },
      { id: 'm2', runId: 'r1', parentId: 'm1', role: 'assistant', content: 'Echo: Hi', status: 'done', createdAt: '2026-12-05T10:00:01.000Z' },
    ]);
  });
});
