// Figure 3: 500 edits (250 renames, 250 stars on 500 runs) made while the device is offline, then the
// time from reconnect until nothing is pending. Ours: the engine started offline, brought online (its
// `online` trigger pushes batches of up to 100 changes). Baseline on the same device and runs: the
// same kind of 500 edits pushed one change per sync_push call (the engine with maxChanges 1).
import { countPending } from '../../../../sync/store/outbox';
import { renameRun, starRun } from '../../../../sync/store/runs';
import { round, type BenchFigure } from '../../harness';
import { manualEnvironment } from '../../../../sync/engine/environment';
import type { SyncEngine } from '../../../../sync/engine/sync-engine';
import type { Device, World } from './world';

async function edit(device: Device, runIds: string[], edits: number, tag: string, star: boolean): Promise<void> {
  const half = edits / 2;
  for (let i = 0; i < half; i += 1) {
    const renamed = await renameRun(device.db, runIds[i]!, `${tag} ${i}`);
    if (!renamed.ok) throw renamed.error;
    const starred = await starRun(device.db, runIds[half + i]!, star);
    if (!starred.ok) throw starred.error;
  }
  // Renames also queue their saved versions, which ride with the edit and are not counted as changes.
  const pending = await countPending(device.db);
  if (pending !== edits) throw new Error(`Expected ${edits} pending edits, found ${pending}.`);
}

/** Resolves with the time (ms since `t0`) at which the engine's state first shows nothing pending. */
function whenFlushed(engine: SyncEngine, t0: () => number): Promise<number> {
  return new Promise((resolve) => {
    const off = engine.subscribe((state) => {
      if (state.pending === 0) {
        off();
        resolve(performance.now() - t0());
      }
    });
  });
}

async function serverCount(world: World, device: Device, tag: string, star: boolean, half: number): Promise<void> {
  const { rows } = await world.sql.query<{ named: string; starred: string }>(
    `select count(*) filter (where name like $2) as named, count(*) filter (where is_starred) as starred
       from public.prompt_runs where user_id = $1`, [device.userId, `${tag} %`]);
  // No run starts starred: the baseline stars `half` of them, ours unstars the same ones again.
  if (Number(rows[0]?.named) !== half || Number(rows[0]?.starred) !== (star ? half : 0)) throw new Error(`The server does not hold the "${tag}" edits.`);
}

export async function offlineFlushFigures(world: World, device: Device, runIds: string[], edits: number): Promise<BenchFigure[]> {
  // Baseline: one change per RPC.
  await edit(device, runIds, edits, 'One by one', true);
  const single = device.engine({ limits: { maxChanges: 1, maxMessages: 1_000 } });
  await single.refreshState();
  let b0 = 0;
  const singleFlushed = whenFlushed(single, () => b0);
  const callsBefore = device.push.calls;
  b0 = performance.now();
  const res = await single.syncNow();
  const baselineMs = await singleFlushed;
  const baselineCalls = device.push.calls - callsBefore;
  single.stop();
  if (!res.ok) throw new Error(`Baseline flush failed: ${res.failure.message}`);
  await serverCount(world, device, 'One by one', true, edits / 2);

  // Ours: edits made with the engine started but offline, then the device reconnects.
  const env = manualEnvironment(false);
  const engine = device.engine({ environment: env });
  engine.start();
  try {
    await edit(device, runIds, edits, 'Offline edit', false);
    await engine.refreshState();
    if (engine.getState().pending !== edits) throw new Error('The offline engine did not see the pending edits.');
    const calls = device.push.calls;
    let t0 = 0;
    const flushed = whenFlushed(engine, () => t0);
    t0 = performance.now();
    env.setOnline(true);
    const ms = await flushed;
    const oursCalls = device.push.calls - calls;
    // Let the cycle's pull finish before stopping, so nothing is left running.
    await new Promise<void>((resolve) => {
      if (!engine.getState().syncing) return resolve();
      const off = engine.subscribe((s) => {
        if (!s.syncing) {
          off();
          resolve();
        }
      });
    });
    await serverCount(world, device, 'Offline edit', false, edits / 2);
    return [{
      name: `Flush of ${edits} edits queued offline (renames + stars on ${edits} runs) after reconnect, until pending = 0 (${oursCalls} sync_push calls)`,
      unit: 's', value: round(ms / 1000),
      baseline: { name: `the same kind of ${edits} edits pushed one change per sync_push call (${baselineCalls} calls)`, value: round(baselineMs / 1000) },
    }];
  } finally {
    engine.stop();
  }
}
