// @vitest-environment jsdom
// Importing runs that sit in this device's Trash says so (not "already here", while the list lacks them)
// and offers to put them back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PromptRunsDB } from '@sync/db';
import { createPrompt } from '@sync/store/prompts';
import { createRun, deleteRun } from '@sync/store/runs';
import { exportRuns } from '@sync/store/export-import';
import { newId, nowIso } from '@sync/clock';
import { DbProvider } from '@/lib/data/db-context';
import { freshDb } from '@/test/fresh-db';
import { ImportRunsButton } from './import-runs-button';

let db: PromptRunsDB;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => {
  cleanup();
  db.close();
});

describe('Import of runs in the Trash', () => {
  it('says they are in the Trash and restores them on request', async () => {
    const prompt = await createPrompt(db, { name: 'P', user_template: '' });
    if (!prompt.ok) throw prompt.error;
    const ids: string[] = [];
    for (const name of ['Kept', 'Binned one', 'Binned two']) {
      const messages = [{ id: newId(), runId: '', parentId: null, role: 'user' as const, content: name, status: 'done' as const, createdAt: nowIso() }];
      const run = await createRun(db, prompt.value.id, { variable_values: {}, settings: { provider: 'echo', model_id: 'echo' }, name, messages });
      if (!run.ok) throw run.error;
      ids.push(run.value.id);
    }
    const file = new File([JSON.stringify(await exportRuns(db))], 'runs.json', { type: 'application/json' });
    await deleteRun(db, ids[1]!);
    await deleteRun(db, ids[2]!);

    const user = userEvent.setup();
    render(<DbProvider db={db}><ImportRunsButton /></DbProvider>);
    await user.upload(screen.getByLabelText('Import file'), file);
    expect(await screen.findByText(/^Imported: 0 new runs, 1 run already here, 2 runs already here in the Trash\./)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Restore them from the Trash' }));
    expect(await screen.findByText('Restored 2 runs from the Trash.')).toBeInTheDocument();
    expect((await db.runs.bulkGet(ids)).map((r) => r?.status)).toEqual(['active', 'active', 'active']);
  });
});
