// Start-up: constructing the device database object (Dexie reads the schema of every version declared
// before each one), cold, each time in a new worker, this checkout's declarations taking turns with every
// shipped version declared. Only the construction is timed: the modules are loaded before.
import { stats, type BenchFigure, type BenchOptions } from '../harness';

function coldConstruction(which: 'ours' | 'every-version'): Promise<number> {
  const worker = new Worker(new URL('./db-open-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<number>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<number>) => resolve(data);
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(which);
  }).finally(() => worker.terminate());
}

window.__bench = async (options?: BenchOptions): Promise<BenchFigure[]> => {
  const rounds = options?.smoke ? 2 : 30;
  const ours: number[] = [];
  const every: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    // Turns taken, who goes first alternating, so a slower moment of the host falls on both.
    for (const which of i % 2 ? (['every-version', 'ours'] as const) : (['ours', 'every-version'] as const)) {
      (which === 'ours' ? ours : every).push(await coldConstruction(which));
    }
  }
  return [
    {
      name: 'Construct the device database object, cold (new worker each time): versions with an upgrade and the latest declared (8)',
      unit: 'ms',
      value: stats(ours),
      baseline: { name: 'every shipped version declared (14 declarations, as before), same run, turns taken', value: stats(every) },
    },
  ];
};
