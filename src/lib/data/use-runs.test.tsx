// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { newId } from '@sync/clock';
import { PromptRunsDB } from '@sync/db';
import { createRun } from '@sync/store/runs';
import { DbProvider } from './db-context';
import { useRunModels } from './use-runs';

afterEach(cleanup);

function Models({ name }: { name: string }) {
  const models = useRunModels();
  return <p data-testid={name}>{models?.map((m) => m.key).join(' ') ?? 'reading'}</p>;
}

describe('useRunModels', () => {
  it('is one live query however many components show it (it reads every run again after each write of runs)', async () => {
    const db = new PromptRunsDB(`use-runs-${newId()}`);
    let reads = 0;
    db.use({
      stack: 'dbcore', name: 'count-run-reads', level: 1,
      create: (down) => ({ ...down, transaction: (stores, mode, options) => ((reads += mode === 'readonly' && stores.includes('runs') ? 1 : 0), down.transaction(stores, mode, options)) }),
    });
    const make = async (provider: string, model_id: string) => {
      const made = await createRun(db, 'p1', { name: 'A run', variable_values: {}, settings: { provider, model_id }, messages: [] });
      if (!made.ok) throw made.error;
    };
    await make('echo', 'echo');
    render(
      <DbProvider db={db}>
        <Models name="toolbar" />
        <Models name="filter" />
        <Models name="sidebar" />
      </DbProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('sidebar').textContent).toBe('echo:echo'));
    const before = reads;
    await make('openai', 'gpt');
    await waitFor(() => expect(['toolbar', 'filter', 'sidebar'].map((n) => screen.getByTestId(n).textContent)).toEqual(Array(3).fill('echo:echo openai:gpt')));
    expect(reads - before).toBe(1);
    db.close();
  });
});
