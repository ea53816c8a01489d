// @vitest-environment jsdom
// "Shared with me" from the device's own data: seeded as sync stores shared runs (someone else's, `shared` set).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { err, ok } from '@sync/model';
import { freshDb } from '@/test/fresh-db';
import { installLayout } from '@/test/install-layout';
import { addPrompt } from '@/test/render-app';
import { fakeMembersApi, renderSignedIn, OWNER, seedRun, sharing } from '@/test/shared-runs';

let restoreLayout: () => void;
beforeAll(async () => {
  restoreLayout = installLayout();
  await Promise.all([import('./shared-with-me-page'), import('@/features/runner/runner-page')]);
});
afterAll(() => restoreLayout());
afterEach(() => cleanup());


const offlineApi = () => {
  const api = fakeMembersApi();
  api.invitations.mockResolvedValue(err({ reason: 'offline', message: 'Failed to fetch' }));
  api.sharedRuns.mockResolvedValue(err({ reason: 'offline', message: 'Failed to fetch' }));
  return api;
};

describe('Shared with me', () => {
  it('lists the shared runs on this device offline (name, owner, role, last activity) and opens one in the runner', async () => {
    const db = freshDb();
    const prompt = await addPrompt(db);
    await seedRun(db, null, { promptId: prompt.id, name: 'Mine alone' });
    const viewer = await seedRun(db, sharing('viewer'), { name: 'Porto food' });
    await seedRun(db, sharing('editor'), { name: 'Lisbon weekend' });
    await db.runs.update(viewer.id, { last_message_at: '2026-12-05T11:00:00.000Z' }); // the newest activity comes first
    const trashed = await seedRun(db, sharing('editor'), { name: 'Old plan' });
    await db.runs.update(trashed.id, { status: 'deleted' });
    const user = userEvent.setup();
    const router = await renderSignedIn(db, '/ai/prompts/runs/shared', offlineApi());

    expect(await screen.findByRole('heading', { name: '2 runs shared with you' })).toBeInTheDocument();
    expect(await screen.findByText(/^Offline: these are the shared runs on this device/)).toHaveAttribute('role', 'status');
    const rows = within(screen.getByRole('list', { name: 'Runs shared with me' })).getAllByRole('link');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^Porto food.*ada@example\.test · Can view · .*2026.*Museums: MAAT\.$/),
      expect.stringMatching(/^Lisbon weekend.*ada@example\.test · Can edit · /),
    ]);
    expect(screen.queryByText('Mine alone')).toBeNull();
    expect(screen.queryByText('Old plan')).toBeNull();

    await user.click(rows[0]!);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/ai/prompts/run/${viewer.prompt_id}/${viewer.id}`));
    expect(await screen.findByText(`Shared with you to read by ${OWNER.email}`)).toBeInTheDocument();
  });

  it('online: answers invitations, and offers a run accepted but not synced yet to read online', async () => {
    const db = freshDb();
    await seedRun(db, sharing('viewer'), { name: 'Porto food' });
    const api = fakeMembersApi();
    api.invitations.mockResolvedValueOnce(ok([{ id: 'inv-1', role: 'editor', runName: 'Madrid', invitedBy: OWNER.email }]));
    api.answer.mockResolvedValue(ok({ runId: 'run-madrid' }));
    api.sharedRuns.mockResolvedValue(ok([
      { runId: 'run-madrid', name: 'Madrid', role: 'editor', owner: OWNER.email, promptName: 'Trip planner', lastMessageAt: '2026-12-05T10:00:00.000Z', preview: '' },
    ]));
    const user = userEvent.setup();
    await renderSignedIn(db, '/ai/prompts/runs/shared', api);

    await user.click(await screen.findByRole('button', { name: 'Accept invitation to Madrid' }));
    expect(api.answer).toHaveBeenCalledWith('inv-1', true);
    const arriving = await screen.findByRole('list', { name: 'Runs not on this device yet' });
    expect(within(arriving).getByRole('link', { name: /Madrid/ })).toHaveAttribute('href', '/ai/prompts/runs/shared/run-madrid');
    expect(screen.getByRole('heading', { name: '1 run shared with you' })).toBeInTheDocument();
    expect(screen.queryByText(/^Offline/)).toBeNull();
  });

  it('says what to do when nothing is shared yet, offline too', async () => {
    const db = freshDb();
    await renderSignedIn(db, '/ai/prompts/runs/shared', offlineApi());
    expect(await screen.findByRole('heading', { name: '0 runs shared with you' })).toBeInTheDocument();
    expect(screen.getByText(/When someone invites your e-mail to one of their runs/)).toBeInTheDocument();
  });

  it("the online page hands over to the runner once the run is on this device", async () => {
    const db = freshDb();
    const run = await seedRun(db, sharing('editor'));
    const router = await renderSignedIn(db, `/ai/prompts/runs/shared/${run.id}`, fakeMembersApi());
    await waitFor(() => expect(router.state.location.pathname).toBe(`/ai/prompts/run/${run.prompt_id}/${run.id}`));
    expect(await screen.findByRole('textbox', { name: 'Message' })).toBeInTheDocument();
  });
});
