// Figure 2: initial sync of 1,000 runs × 20 messages onto a fresh device — the engine of device B pulls
// pages (sync_pull, 500 rows a page) into its fake-indexeddb database until it is idle. Seeded through
// device A's engine (not timed). Baseline: a naive one-shot pull — a single plain SQL select of every
// run of the user with its full messages array, over a direct pg connection (no HTTP, no RLS, and
// nothing written to a device database, so it flatters the baseline).
import { createPrompt } from '../../../../sync/store/prompts';
import { createRun } from '../../../../sync/store/runs';
import { round, type BenchFigure } from '../../harness';
import { conversation, seeded, type Device, type World } from './world';

export interface InitialSync {
  figures: BenchFigure[];
  /** Device B, fully synced, and its run ids (figure 3 edits them). */
  device: Device;
  runIds: string[];
}

export async function initialSyncFigures(world: World, runs: number, perRun: number): Promise<InitialSync> {
  const email = `initial-${Date.now()}@example.test`;
  const a = await world.device(email, true);
  const seeder = a.engine({ limits: { maxChanges: 100, maxMessages: 2_000 } });
  const random = seeded(2);
  const prompt = await createPrompt(a.db, { name: 'Many runs', user_template: '{{text}}' });
  if (!prompt.ok) throw prompt.error;
  const runIds: string[] = [];
  for (let i = 0; i < runs; i += 1) {
    const run = await createRun(a.db, prompt.value.id, { variable_values: { text: `run ${i}` }, settings: prompt.value.settings, messages: conversation(random, perRun) });
    if (!run.ok) throw run.error;
    runIds.push(run.value.id);
  }
  const seeded1 = await seeder.syncNow();
  seeder.stop();
  if (!seeded1.ok) throw new Error(`Seeding failed: ${seeded1.failure.message}`);

  const b = await world.device(email, false);
  const engine = b.engine();
  const t0 = performance.now();
  const pulled = await engine.syncNow();
  const seconds = (performance.now() - t0) / 1000;
  engine.stop();
  if (!pulled.ok) throw new Error(`Initial sync failed: ${pulled.failure.message}`);
  const [gotRuns, gotMessages] = await Promise.all([b.db.runs.count(), b.db.messages.count()]);
  if (gotRuns !== runs || gotMessages !== runs * perRun) {
    throw new Error(`Device B holds ${gotRuns} runs and ${gotMessages} messages, expected ${runs} and ${runs * perRun}.`);
  }

  const s0 = performance.now();
  const naive = await world.sql.query<{ messages: unknown[] }>('select * from public.prompt_runs where user_id = $1', [b.userId]);
  const naiveSeconds = (performance.now() - s0) / 1000;
  const naiveMessages = naive.rows.reduce((n, r) => n + r.messages.length, 0);
  if (naive.rowCount !== runs || naiveMessages !== runs * perRun) throw new Error('The baseline select did not return every run and message.');

  const rows = runs + runs * perRun;
  const label = `${runs} runs × ${perRun} messages (${rows} rows)`;
  return {
    device: b,
    runIds,
    figures: [
      { name: `Initial sync of ${label} onto a fresh device, engine until idle`, unit: 's', value: round(seconds),
        baseline: { name: 'one plain SQL select of every run with its full messages array over a direct pg connection (no HTTP, nothing stored on the device)', value: round(naiveSeconds) } },
      { name: `Initial sync of ${label}: throughput`, unit: 'rows/s', value: Math.round(rows / seconds),
        baseline: { name: 'the same one-shot select', value: Math.round(rows / naiveSeconds) } },
    ],
  };
}
