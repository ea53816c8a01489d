// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PromptRunsDB } from '@sync/db';
import { createPrompt } from '@sync/store/prompts';
import { createRun } from '@sync/store/runs';
import { exportRuns } from '@sync/store/export-import';
import { newId, nowIso } from '@sync/clock';
import { DbProvider } from '@/lib/data/db-context';
import { freshDb } from '@/test/fresh-db';
import { ImportRunsButton } from './import-runs-button';

let source: PromptRunsDB;
let target: PromptRunsDB;
beforeEach(() => {
  source = freshDb();
  target = freshDb();
});
afterEach(() => {
  cleanup();
  source.close();
  target.close();
});

/** An export of `runs` runs of 900 messages each (a few batches of the import). */
async function exportFile(runs: number): Promise<File> {
  const prompt = await createPrompt(source, { name: 'Long', user_template: '{{x}}' });
  if (!prompt.ok) throw prompt.error;
  for (let r = 0; r < runs; r += 1) {
    const messages = Array.from({ length: 900 }, (_, i) => ({ id: newId(), runId: '', parentId: null, role: 'user' as const, content: `line ${i}`, status: 'done' as const, createdAt: nowIso() }));
    const run = await createRun(source, prompt.value.id, { variable_values: {}, settings: { provider: 'echo', model_id: 'echo' }, name: `Run ${r}`, messages });
    if (!run.ok) throw run.error;
  }
  return new File([JSON.stringify(await exportRuns(source))], 'runs.json', { type: 'application/json' });
}

describe('Import', () => {
  it('shows its progress while it stores the file, can be cancelled, and a second import adds the rest', async () => {
    const file = await exportFile(10);
    const user = userEvent.setup();
    render(<DbProvider db={target}><ImportRunsButton /></DbProvider>);
    await user.upload(screen.getByLabelText('Import file'), file);
    const bar = await screen.findByRole('progressbar', { name: 'Import progress' });
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuemax', '9000'));
    expect(screen.getByRole('status')).toHaveTextContent(/Importing [\d,]+ of 9,000 messages…/);
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Cancel import' }));
    expect(await screen.findByText(/^Import cancelled: \d+ new runs?\. Import the same file again to add the rest\.$/)).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    const kept = await target.messages.count();
    expect(kept).toBeLessThan(9_000);

    await user.upload(screen.getByLabelText('Import file'), file);
    expect(await screen.findByText(/^Imported: \d+ new runs?, \d+ runs? already here\.$|^Imported: 10 new runs\.$/, undefined, { timeout: 20_000 })).toBeInTheDocument();
    expect(await target.messages.count()).toBe(9_000);
    expect(await target.runs.count()).toBe(10);
  });
});
