// @vitest-environment jsdom
// "People" in the Share dialog against a fake server: inviting (and what it says for a run not synced
// yet, or offline, keeping what was typed), changing a role, removing someone, withdrawing an invitation.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MemberRole, MembersApi, RunPeople as People } from '@sync/share/members-api';
import type { ShareApiFailure } from '@sync/share/share-api';
import { RunPeople } from './run-people';

afterEach(cleanup);

function fakeApi(failure: ShareApiFailure | null = null) {
  const people: People = { myRole: 'owner', owner: 'alice@example.test', members: [], invitations: [] };
  const calls: string[] = [];
  const fail = () => ({ ok: false as const, error: failure! });
  const api: MembersApi = {
    invite: async (_run, email, role: MemberRole) => {
      calls.push(`invite ${email} ${role}`);
      if (failure) return fail();
      people.invitations.push({ id: `i-${email.toLowerCase()}`, email: email.toLowerCase(), role });
      return { ok: true, value: { status: 'pending', email: email.toLowerCase() } };
    },
    people: async () => (failure ? fail() : { ok: true, value: structuredClone(people) }),
    setRole: async (_run, userId, role) => {
      calls.push(`role ${userId} ${role}`);
      people.members = people.members.map((m) => (m.userId === userId ? { ...m, role } : m));
      return { ok: true, value: true };
    },
    remove: async (_run, userId) => {
      calls.push(`remove ${userId}`);
      people.members = people.members.filter((m) => m.userId !== userId);
      return { ok: true, value: true };
    },
    withdraw: async (id) => {
      calls.push(`withdraw ${id}`);
      people.invitations = people.invitations.filter((i) => i.id !== id);
      return { ok: true, value: true };
    },
    invitations: async () => ({ ok: true, value: [] }),
    answer: async () => ({ ok: true, value: { runId: 'r' } }),
    sharedRuns: async () => ({ ok: true, value: [] }),
    run: async () => fail(),
  };
  return { api, people, calls };
}

describe('People in the Share dialog', () => {
  it('invites by e-mail with a role, lists the invitation, and withdraws it', async () => {
    const user = userEvent.setup();
    const { api, calls } = fakeApi();
    render(<RunPeople runId="run-1" api={api} />);
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'Bob@Example.test');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Role' }), 'editor');
    await user.click(screen.getByRole('button', { name: 'Invite' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Invited bob@example.test as editor');
    expect(calls).toEqual(['invite Bob@Example.test editor']);
    expect(screen.getByRole('textbox', { name: 'Email' })).toHaveValue('');
    const list = screen.getByRole('list', { name: 'People with access' });
    expect(within(list).getByText('Invited as editor')).toBeInTheDocument();
    await user.click(within(list).getByRole('button', { name: 'Withdraw invitation of bob@example.test' }));
    expect(calls.at(-1)).toBe('withdraw i-bob@example.test');
    expect(within(screen.getByRole('list', { name: 'People with access' })).queryByText('Invited as editor')).toBeNull();
  });

  it('changes a member\'s role and removes them', async () => {
    const user = userEvent.setup();
    const { api, people, calls } = fakeApi();
    people.members.push({ userId: 'u-bob', email: 'bob@example.test', role: 'viewer', isMe: false });
    render(<RunPeople runId="run-1" api={api} />);
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Role of bob@example.test' }), 'editor');
    expect(await screen.findByRole('status')).toHaveTextContent('bob@example.test is now editor.');
    await user.click(screen.getByRole('button', { name: 'Remove bob@example.test' }));
    expect(await screen.findByText('bob@example.test no longer has this run.')).toBeInTheDocument();
    expect(calls).toEqual(['role u-bob editor', 'remove u-bob']);
    expect(screen.queryByRole('button', { name: 'Remove bob@example.test' })).toBeNull();
  });

  it('says what to do when the run has not synced, or the server cannot be reached, and keeps the e-mail typed', async () => {
    const user = userEvent.setup();
    const notSynced = fakeApi({ reason: 'refused', message: 'no such run of yours on the server' });
    render(<RunPeople runId="run-1" api={notSynced.api} />);
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'bob@example.test');
    await user.click(screen.getByRole('button', { name: 'Invite' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This run is not on the sync server yet. Let it sync, then invite people.');
    expect(screen.getByRole('textbox', { name: 'Email' })).toHaveValue('bob@example.test');
    cleanup();

    const offline = fakeApi({ reason: 'offline', message: 'x' });
    render(<RunPeople runId="run-1" api={offline.api} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('sharing with people needs a connection');
  });
});
