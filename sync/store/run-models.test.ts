import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../clock';
import { PromptRunsDB } from '../db';
import { createRun } from './runs';
import { listRunModels } from './run-models';

/** A database that counts the read transactions begun below every middleware of the app. */
function countingDb(): { db: PromptRunsDB; reads: () => number } {
  const db = new PromptRunsDB(`run-models-${newId()}`);
  let reads = 0;
  db.use({
    stack: 'dbcore', name: 'count-read-transactions', level: 1,
    create: (down) => ({ ...down, transaction: (stores, mode, options) => ((reads += mode === 'readonly' ? 1 : 0), down.transaction(stores, mode, options)) }),
  });
  return { db, reads: () => reads };
}

let db: PromptRunsDB;
afterEach(() => db.close());

describe('listRunModels', () => {
  it('lists the models of saved runs, most used first, in one read transaction however many models there are', async () => {
    const counting = countingDb();
    db = counting.db;
    const models = [['echo', 'echo'], ['anthropic', 'claude'], ['openai', 'gpt'], ['echo', 'echo'], ['openai', 'gpt'], ['echo', 'echo']] as const;
    for (const [provider, model_id] of models) {
      const made = await createRun(db, 'p1', { name: `Run ${newId()}`, variable_values: {}, settings: { provider, model_id }, messages: [] });
      if (!made.ok) throw made.error;
    }
    const before = counting.reads();
    expect((await listRunModels(db)).map((m) => m.key)).toEqual(['echo:echo', 'openai:gpt', 'anthropic:claude']);
    // As a live query it re-runs after each write of runs; every read transaction it opens waits for a
    // writer's (a first sync's pages) and holds the next writer back.
    expect(counting.reads() - before).toBe(1);
  });
});
