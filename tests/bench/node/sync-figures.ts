// Sync figures against the real stand-in (PostgreSQL through supabase-js and the real engine, device
// databases in fake-indexeddb), each beside a baseline measured in the same run. SYNC_BENCH_SCALE=0.1
// makes a quick trial of figures 2 and 3 (fewer runs).
import 'fake-indexeddb/auto';
import type { BenchFigure } from '../harness';
import { autoSaveFigures } from './sync-support/auto-save';
import { initialSyncFigures } from './sync-support/initial-sync';
import { offlineFlushFigures } from './sync-support/offline-flush';
import { startWorld } from './sync-support/world';

const SCALE = process.env.BENCH_SMOKE === '1' ? 0.01 : Number(process.env.SYNC_BENCH_SCALE ?? 1);
const RUNS = Math.max(10, Math.round(1_000 * SCALE));
const EDITS = Math.min(500, RUNS - (RUNS % 2));

export default async function syncFigures(): Promise<BenchFigure[]> {
  const world = await startWorld();
  try {
    const figures = await autoSaveFigures(world);
    const initial = await initialSyncFigures(world, RUNS, 20);
    figures.push(...initial.figures);
    figures.push(...(await offlineFlushFigures(world, initial.device, initial.runIds, EDITS)));
    return figures;
  } finally {
    await world.close();
  }
}
